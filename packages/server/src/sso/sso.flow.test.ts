import type { SignInOptions, SignInSettings } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Login, ownerSessions, PASSWORD } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { followToCallback, startTestOidcProvider, type TestOidcProvider } from '../test-support/test-oidc-provider.js';
import type { SsoConfig } from './sso-config.js';

const PUBLIC_URL = 'https://feedback.acme.example';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;

const USERS = {
  alice: { email: 'alice@example.com', emailVerified: true, name: 'Alice Example' },
  boss: { email: 'Boss@Acme.io', emailVerified: true, name: 'The Boss' },
  eve: { email: 'eve@example.com', emailVerified: false, name: 'Eve Unverified' },
  mallory: { email: 'mallory@elsewhere.test', emailVerified: true, name: 'Mallory Outside' },
};

const ssoConfig = (p: TestOidcProvider, overrides: Partial<SsoConfig> = {}): SsoConfig => ({
  issuer: p.issuer,
  clientId: p.clientId,
  clientSecret: p.clientSecret,
  domains: new Map([
    ['example.com', 'manager'],
    ['acme.io', 'owner'],
  ]),
  workspaceId: null,
  allowPrivate: true,
  ...overrides,
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe.each(storageFactories)('single sign-on with a real OpenID Connect provider on $name', (factory) => {
  let provider: TestOidcProvider;
  beforeAll(async () => {
    provider = await startTestOidcProvider({ redirectUris: [CALLBACK], users: USERS });
  });
  afterAll(() => provider.close());
  const t = useTestApp(factory, { publicUrl: PUBLIC_URL, sso: () => ssoConfig(provider) });
  const s = ownerSessions(t);
  let boss: Login;

  /** Start → provider → the callback URL it sends the browser to, with the start's pending cookie. */
  async function toCallback(as: string): Promise<{ callback: URL; cookie: string }> {
    provider.loginAs = as;
    const start = await t.request('GET', '/api/v1/auth/oidc/start');
    expect(start.status, await start.clone().text()).toBe(302);
    const location = start.headers.get('location')!;
    expect(location.startsWith(`${provider.issuer}/`)).toBe(true);
    const authorization = new URL(location);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('reelback_oidc='))!;
    expect(cookie).toContain('HttpOnly');
    return { callback: await followToCallback(location, CALLBACK), cookie: cookie.split(';')[0]! };
  }

  const finish = (callback: URL, cookie: string | null) =>
    t.request('GET', `${callback.pathname}${callback.search}`, { headers: cookie ? { cookie } : {} });

  async function signIn(as: string): Promise<Response> {
    const { callback, cookie } = await toCallback(as);
    return finish(callback, cookie);
  }

  const sessionOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('reelback_session='))?.split(';')[0];
  const me = async (cookie: string) => (await (await t.request('GET', '/api/v1/auth/me', { headers: { cookie } })).json()) as { user: { id: string; email: string }; role: string };

  async function expectRefused(res: Response, code: string) {
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/app/login?sso_error=${code}`);
    expect(sessionOf(res)).toBeUndefined();
  }

  it('tells the login page that SSO is there', async () => {
    boss = await s.bootstrap('boss@acme.io', 'Acme');
    const res = await t.request('GET', '/api/v1/auth/sign-in-options');
    expect(res.status).toBe(200);
    expect((await res.json()) as SignInOptions).toEqual({ sso: { startUrl: '/api/v1/auth/oidc/start' }, passwords: true });
  });

  it('makes a new account with the domain role and signs it in', async () => {
    const before = await t.storage.accounts.countUsers();
    const res = await signIn('alice');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/');
    const cookie = sessionOf(res)!;
    expect(cookie).toBeTruthy();
    const who = await me(cookie);
    expect(who).toMatchObject({ user: { email: 'alice@example.com' }, role: 'manager' });
    expect(await t.storage.accounts.countUsers()).toBe(before + 1);
    const audit = await s.as(boss, 'GET', '/api/v1/workspace/audit-log?action=member.joined-via-sso');
    expect(JSON.stringify(await audit.json())).toContain('alice@example.com');
  });

  it('signs the same person in to the same account, even after their e-mail changed at the provider', async () => {
    const first = await me(sessionOf(await signIn('alice'))!);
    provider.users.set('alice', { ...USERS.alice, email: 'alice.new@example.com' });
    const again = await me(sessionOf(await signIn('alice'))!);
    provider.users.set('alice', USERS.alice);
    expect(again.user.id).toBe(first.user.id);
  });

  it('signs an existing account in by its verified e-mail, keeping its role', async () => {
    const res = await signIn('boss');
    const who = await me(sessionOf(res)!);
    expect(who.user.id).toBe(boss.userId);
    expect(who.role).toBe('admin');
  });

  it('refuses a changed state, a missing start, a wrong nonce or audience, an unverified or outside e-mail; nothing is made', async () => {
    const users = await t.storage.accounts.countUsers();

    const { callback, cookie } = await toCallback('alice');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-we-sent');
    await expectRefused(await finish(forged, cookie), 'state-mismatch');
    await expectRefused(await finish(callback, null), 'state-mismatch');

    provider.tamper = { nonce: 'someone-elses-nonce' };
    await expectRefused(await signIn('alice'), 'nonce-mismatch');
    provider.tamper = { aud: 'another-client' };
    await expectRefused(await signIn('alice'), 'wrong-audience');
    provider.tamper = null;

    await expectRefused(await signIn('eve'), 'email-unverified');
    await expectRefused(await signIn('mallory'), 'domain-not-allowed');
    expect(await t.storage.accounts.countUsers()).toBe(users);
    expect(await t.storage.accounts.findUserByEmail('eve@example.com')).toBeUndefined();
    expect(await t.storage.accounts.findUserByEmail('mallory@elsewhere.test')).toBeUndefined();
  });

  it('lets an admin turn passwords off: password login and resets are refused, SSO still works; audited', async () => {
    const alice = await me(sessionOf(await signIn('alice'))!);
    const max = await s.join(boss, 'max@acme.io', 'manager');
    const link = await s.as(boss, 'POST', `/api/v1/workspace/members/${max.userId}/password-reset`, { send: false });
    expect(link.status, await link.clone().text()).toBe(201);
    const token = /#token=([A-Za-z0-9_-]+)/.exec(((await link.json()) as { url: string }).url)![1]!;

    const byManager = await s.as(max, 'PUT', '/api/v1/workspace/sign-in', { passwordsEnabled: false });
    expect(byManager.status).toBe(403);
    const off = await s.as(boss, 'PUT', '/api/v1/workspace/sign-in', { passwordsEnabled: false });
    expect(off.status, await off.clone().text()).toBe(200);
    expect((await off.json()) as SignInSettings).toMatchObject({ passwordsEnabled: false, ssoConfigured: true, ssoWorkspace: true });
    expect(((await (await t.request('GET', '/api/v1/auth/sign-in-options')).json()) as SignInOptions).passwords).toBe(false);

    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'max@acme.io', password: PASSWORD } });
    expect(login.status).toBe(403);
    expect(await errorOf(login)).toMatchObject({ code: 'passwords-disabled' });
    const wrong = await t.request('POST', '/api/v1/auth/login', { body: { email: 'max@acme.io', password: 'not the password at all' } });
    expect(wrong.status, 'a wrong password is still just wrong').toBe(401);
    const confirm = await t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'a brand new passphrase' } });
    expect(confirm.status).toBe(403);
    expect(await errorOf(confirm)).toMatchObject({ code: 'passwords-disabled' });
    const adminLink = await s.as(boss, 'POST', `/api/v1/workspace/members/${max.userId}/password-reset`, { send: false });
    expect(adminLink.status).toBe(403);
    const invite = (await (await s.as(boss, 'POST', '/api/v1/workspace/invites', { role: 'manager' })).json()) as { token: string };
    const accept = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token: invite.token, email: 'new@acme.io', name: 'New', password: PASSWORD } });
    expect(accept.status).toBe(403);
    expect(await errorOf(accept)).toMatchObject({ code: 'passwords-disabled' });
    expect(await t.storage.accounts.findUserByEmail('new@acme.io')).toBeUndefined();

    expect((await me(sessionOf(await signIn('alice'))!)).user.id).toBe(alice.user.id);

    await s.expectStatus(s.as(boss, 'PUT', '/api/v1/workspace/sign-in', { passwordsEnabled: true }), 200);
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email: 'max@acme.io', password: PASSWORD } })).status).toBe(200);
    const audit = (await (await s.as(boss, 'GET', '/api/v1/workspace/audit-log?action=workspace.sign-in-changed')).json()) as { entries: { detail: unknown }[] };
    expect(audit.entries.map((e) => e.detail)).toEqual([{ signIn: 'passwords and SSO' }, { signIn: 'SSO only' }]);
  });

  it('refuses when the provider is down (last: it stops the provider)', async () => {
    const { callback, cookie } = await toCallback('alice');
    await provider.close();
    await expectRefused(await finish(callback, cookie), 'provider-unavailable');
  });
});

describe.each(storageFactories.slice(0, 1))('single sign-on with a provider that gives the e-mail only from UserInfo on $name', (factory) => {
  let provider: TestOidcProvider;
  beforeAll(async () => {
    provider = await startTestOidcProvider({ redirectUris: [CALLBACK], users: USERS, emailInIdToken: false });
  });
  afterAll(() => provider.close());
  const t = useTestApp(factory, { publicUrl: PUBLIC_URL, sso: () => ssoConfig(provider) });
  const s = ownerSessions(t);

  async function signIn(as: string): Promise<Response> {
    provider.loginAs = as;
    const start = await t.request('GET', '/api/v1/auth/oidc/start');
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('reelback_oidc='))!.split(';')[0]!;
    const callback = await followToCallback(start.headers.get('location')!, CALLBACK);
    return t.request('GET', `${callback.pathname}${callback.search}`, { headers: { cookie } });
  }

  it('reads the e-mail and its verification from UserInfo; an unverified one is still refused', async () => {
    await s.bootstrap('boss@acme.io', 'Acme');
    const res = await signIn('alice');
    expect(res.headers.get('location')).toBe('/app/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('reelback_session='))!.split(';')[0]!;
    const me = (await (await t.request('GET', '/api/v1/auth/me', { headers: { cookie } })).json()) as { user: { email: string; name: string | null }; role: string };
    expect(me).toMatchObject({ user: { email: 'alice@example.com' }, role: 'manager' });
    const eve = await signIn('eve');
    expect(eve.headers.get('location')).toBe('/app/login?sso_error=email-unverified');
  });
});

describe.each(storageFactories.slice(0, 1))('single sign-on through the guarded outbound client on $name', (factory) => {
  let provider: TestOidcProvider;
  beforeAll(async () => {
    provider = await startTestOidcProvider({ redirectUris: [CALLBACK] });
  });
  afterAll(() => provider.close());
  const t = useTestApp(factory, { publicUrl: PUBLIC_URL, sso: () => ssoConfig(provider, { allowPrivate: false }) });
  const s = ownerSessions(t);

  it('does not reach a provider on loopback without REELBACK_OIDC_ALLOW_PRIVATE', async () => {
    await s.bootstrap('boss@acme.io', 'Acme');
    const start = await t.request('GET', '/api/v1/auth/oidc/start');
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/app/login?sso_error=provider-unavailable');
    expect(provider.tokenRequests).toBe(0);
  });
});

describe.each(storageFactories.slice(0, 1))('sign-in settings without single sign-on on $name', (factory) => {
  const t = useTestApp(factory, {});
  const s = ownerSessions(t);

  it('never turns passwords off while SSO is not configured, and offers no SSO', async () => {
    const boss = await s.bootstrap('boss@acme.io', 'Acme');
    const off = await s.as(boss, 'PUT', '/api/v1/workspace/sign-in', { passwordsEnabled: false });
    expect(off.status).toBe(409);
    expect(await errorOf(off)).toMatchObject({ code: 'sso-not-configured' });
    expect((await (await s.as(boss, 'GET', '/api/v1/workspace/sign-in')).json()) as SignInSettings).toMatchObject({ passwordsEnabled: true, ssoConfigured: false });
    expect((await (await t.request('GET', '/api/v1/auth/sign-in-options')).json()) as SignInOptions).toEqual({ sso: null, passwords: true });
    expect((await t.request('GET', '/api/v1/auth/oidc/start')).status).toBe(404);
  });
});
