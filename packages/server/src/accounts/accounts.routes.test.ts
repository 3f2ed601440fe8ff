import { FlowSummary } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { branchingFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** Steps a millisecond per reading, like the shared test clock, and can jump ahead. */
function jumpingClock(start = Date.parse('2026-02-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now++), advance: (ms: number) => void (now += ms) };
}

interface Login {
  cookie: string;
  csrf: string;
  setCookie: string;
  body: { user: { id: string; email: string }; workspace: { id: string }; role: string; csrfToken: string };
}

const ADMIN = { email: 'Ada@Example.org', name: 'Ada', password: 'correct horse battery' };

describe.each(storageFactories)('accounts, sessions, roles and API keys on $name', (factory) => {
  const clock = jumpingClock();
  const t = useTestApp(factory, { clock });

  async function login(email: string, password: string, url = '/api/v1/auth/login'): Promise<Login> {
    const res = await t.request('POST', url, { body: { email, password } });
    expect(res.status, await res.clone().text()).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const body = (await res.json()) as Login['body'];
    return { cookie: setCookie.split(';')[0]!, csrf: body.csrfToken, setCookie, body };
  }

  /** A request with the session cookie, and the CSRF token unless told otherwise. */
  function as(session: Login, method: string, path: string, init: { body?: unknown; csrf?: string | null } = {}) {
    const headers: Record<string, string> = { cookie: session.cookie };
    const csrf = init.csrf === undefined ? session.csrf : init.csrf;
    if (csrf !== null) headers['x-csrf-token'] = csrf;
    return t.request(method, path, { body: init.body, headers });
  }

  const withKey = (key: string, method: string, path: string, body?: unknown) =>
    t.request(method, path, { body, headers: { authorization: `Bearer ${key}` } });

  async function invite(admin: Login, role: string, email?: string) {
    const res = await as(admin, 'POST', '/api/v1/workspace/invites', { body: { role, ...(email ? { email } : {}) } });
    expect(res.status).toBe(201);
    return (await res.json()) as { url: string; token: string; expiresAt: string; role: string };
  }

  async function join(role: 'owner' | 'manager' | 'admin', email: string, admin: Login): Promise<Login> {
    const { token } = await invite(admin, role);
    const res = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email, name: email, password: 'a long enough password' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as Login['body'];
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, setCookie: res.headers.get('set-cookie')!, body };
  }

  let admin: Login;
  let workspaceId: string;
  let earlyFlowId: string;

  it('bootstraps the first admin once, with the admin key only, and gives it the flows made before', async () => {
    earlyFlowId = uniqueFlowId();
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: earlyFlowId, definition: branchingFlow } })).status).toBe(201);

    const body = { workspaceName: 'Acme', ...ADMIN };
    expect((await t.request('POST', '/api/v1/auth/bootstrap', { body })).status).toBe(401);
    const weak = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { ...body, password: 'short' } });
    expect(weak.status).toBe(400);

    const res = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { user: { email: string }; workspace: { id: string; timeZone: string }; role: string };
    expect(created).toMatchObject({ user: { email: 'ada@example.org', name: 'Ada' }, workspace: { name: 'Acme', timeZone: 'UTC' }, role: 'admin' });
    expect(JSON.stringify(created)).not.toContain('scrypt');
    workspaceId = created.workspace.id;

    const again = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { ...body, email: 'other@example.org' } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already-bootstrapped');

    const db = (t.storage as KyselyStorage).database;
    const flow = await db.selectFrom('flows').select('workspace_id').where('id', '=', earlyFlowId).executeTakeFirstOrThrow();
    expect(flow.workspace_id).toBe(workspaceId);
    const user = await db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
  });

  it('logs in with a session cookie (HttpOnly, SameSite=Lax, Path=/, 14 days; Secure over https)', async () => {
    admin = await login('ADA@example.org', ADMIN.password);
    expect(admin.body).toMatchObject({ user: { email: 'ada@example.org' }, workspace: { id: workspaceId }, role: 'admin' });
    expect(admin.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attributes = admin.setCookie.split(';').map((s) => s.trim());
    expect(attributes[0]).toMatch(/^reelback_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=1209600', 'Path=/', 'SameSite=Lax']);

    const secure = await login(ADMIN.email, ADMIN.password, 'https://reelback.example/api/v1/auth/login');
    expect(secure.setCookie.split(';').map((s) => s.trim())).toContain('Secure');

    // Only the cookie's SHA-256 is stored.
    const db = (t.storage as KyselyStorage).database;
    const ids = (await db.selectFrom('auth_sessions').select('id').execute()).map((r) => r.id);
    expect(ids).not.toContain(admin.cookie.split('=')[1]);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
  });

  it('answers one generic 401 for a wrong password and an unknown e-mail', async () => {
    const wrong = await t.request('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'not the password' } });
    const unknown = await t.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.org', password: 'whatever it is' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
    // Login is for the same origin only: no CORS headers.
    expect(wrong.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('tells the page who is logged in, with the CSRF token', async () => {
    const res = await as(admin, 'GET', '/api/v1/auth/me', { csrf: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: 'ada@example.org', name: 'Ada' }, workspace: { id: workspaceId, name: 'Acme' }, role: 'admin', via: 'session', csrfToken: admin.csrf });
    expect((await t.request('GET', '/api/v1/auth/me', { headers: { cookie: 'reelback_session=forged' } })).status).toBe(401);
    const byKey = await t.request('GET', '/api/v1/auth/me', { owner: true });
    expect(await byKey.json()).toMatchObject({ user: null, workspace: { id: workspaceId }, role: 'admin', via: 'admin-key', csrfToken: null });
  });

  it('refuses state-changing cookie requests without the right X-CSRF-Token', async () => {
    const id = uniqueFlowId();
    const body = { id, definition: branchingFlow };
    const missing = await as(admin, 'POST', '/api/v1/flows', { body, csrf: null });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('csrf');
    const wrong = await as(admin, 'POST', '/api/v1/flows', { body, csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const otherSession = await login(ADMIN.email, ADMIN.password);
    expect((await as(admin, 'POST', '/api/v1/flows', { body, csrf: otherSession.csrf })).status).toBe(403);
    expect((await as(admin, 'POST', '/api/v1/flows', { body })).status).toBe(201);
    // Reads need no token.
    expect((await as(admin, 'GET', `/api/v1/flows/${id}`, { csrf: null })).status).toBe(200);
  });

  it('logs out: session deleted, cookie cleared', async () => {
    const session = await login(ADMIN.email, ADMIN.password);
    expect((await as(session, 'POST', '/api/v1/auth/logout', { csrf: null })).status).toBe(403);
    const res = await as(session, 'POST', '/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^reelback_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    expect((await as(session, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await as(admin, 'GET', '/api/v1/auth/me')).status).toBe(200);
  });

  it('expires sessions after 14 days', async () => {
    const session = await login(ADMIN.email, ADMIN.password);
    clock.advance(14 * 24 * 3600 * 1000 + 1000);
    expect((await as(session, 'GET', '/api/v1/auth/me')).status).toBe(401);
    admin = await login(ADMIN.email, ADMIN.password);
  });

  it('refuses the 11th try within 15 minutes with 429, even with the right password, per e-mail and address', async () => {
    const victim = await join('owner', 'victim@example.org', admin);
    expect(victim.body.role).toBe('owner');
    for (let i = 0; i < 10; i++) {
      const res = await t.request('POST', '/api/v1/auth/login', { body: { email: 'victim@example.org', password: `wrong password ${i}` } });
      expect(res.status).toBe(401);
    }
    const blocked = await t.request('POST', '/api/v1/auth/login', { body: { email: 'Victim@example.org', password: 'a long enough password' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    // Another e-mail from the same address is not affected.
    await login(ADMIN.email, ADMIN.password);
    clock.advance(15 * 60 * 1000);
    await login('victim@example.org', 'a long enough password');
  });

  it('makes an account wait after 10 failures from any addresses, even for the right password', async () => {
    await join('owner', 'rotated@example.org', admin);
    for (let i = 0; i < 11; i++) {
      const res = await t.request('POST', '/api/v1/auth/login', { body: { email: 'rotated@example.org', password: `wrong ${i}` }, address: `192.0.2.${i + 1}` });
      expect(res.status, `failure ${i + 1}`).toBe(401);
    }
    const waiting = await t.request('POST', '/api/v1/auth/login', { body: { email: 'rotated@example.org', password: 'a long enough password' }, address: '192.0.2.99' });
    expect(waiting.status).toBe(429);
    expect(await waiting.json()).toMatchObject({ error: { code: 'too-many-attempts' } });
    expect(Number(waiting.headers.get('retry-after'))).toBe(15);
    // Other accounts are not held up.
    await login(ADMIN.email, ADMIN.password);
  });

  it('invites: a link valid 7 days, used once, optionally for one e-mail', async () => {
    const before = clock.now().getTime();
    const created = await invite(admin, 'manager');
    expect(created.url).toBe(`http://localhost/app/invite#token=${created.token}`);
    expect(Date.parse(created.expiresAt) - before).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000);
    expect(Date.parse(created.expiresAt) - before).toBeLessThan(7 * 24 * 3600 * 1000 + 1000);

    const accept = (token: string, email: string, password = 'a long enough password') =>
      t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email, name: 'Mia', password } });
    const res = await accept(created.token, 'mia@example.org');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^reelback_session=.+; HttpOnly/);
    const body = (await res.json()) as Login['body'];
    expect(body).toMatchObject({ user: { email: 'mia@example.org' }, workspace: { id: workspaceId }, role: 'manager' });
    const mia = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, setCookie: '', body };
    expect(await (await as(mia, 'GET', '/api/v1/auth/me')).json()).toMatchObject({ role: 'manager', user: { name: 'Mia' } });

    expect((await accept(created.token, 'someone@example.org')).status).toBe(404);
    expect((await accept('not-a-token', 'someone@example.org')).status).toBe(404);

    const named = await invite(admin, 'owner', 'Olga@Example.org');
    expect((await accept(named.token, 'eve@example.org')).status).toBe(403);
    expect((await accept(named.token, 'olga@example.org')).status).toBe(200);

    const expired = await invite(admin, 'owner');
    clock.advance(7 * 24 * 3600 * 1000 + 1);
    expect((await accept(expired.token, 'late@example.org')).status).toBe(404);
    admin = await login(ADMIN.email, ADMIN.password);

    // An e-mail that has an account must give its password; a member cannot join twice.
    const second = await invite(admin, 'owner');
    expect((await accept(second.token, 'mia@example.org', 'not her password')).status).toBe(401);
    expect((await accept(second.token, 'mia@example.org')).status).toBe(409);
    expect((await t.request('POST', '/api/v1/auth/invites/accept', { body: { token: second.token, email: 'x@example.org', name: 'X', password: 'short' } })).status).toBe(400);
  });

  it('enforces roles on the server: managers read, owners edit, admins administer', async () => {
    const owner = await join('owner', 'owen@example.org', admin);
    const manager = await join('manager', 'manny@example.org', admin);
    const flowId = uniqueFlowId();
    expect((await as(owner, 'POST', '/api/v1/flows', { body: { id: flowId, definition: branchingFlow } })).status).toBe(201);

    const edit = { definition: { ...branchingFlow, name: 'Renamed' } };
    const denied = await as(manager, 'PUT', `/api/v1/flows/${flowId}`, { body: edit });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await as(manager, 'POST', `/api/v1/flows/${flowId}/versions`)).status).toBe(403);
    expect((await as(manager, 'GET', `/api/v1/flows/${flowId}`)).status).toBe(200);
    expect((await as(manager, 'GET', '/api/v1/sessions')).status).toBe(200);

    const edited = await as(owner, 'PUT', `/api/v1/flows/${flowId}`, { body: edit });
    expect(edited.status).toBe(200);
    expect(FlowSummary.parse(await edited.json()).name).toBe('Renamed');

    // Workspace administration is for admins.
    expect((await as(owner, 'POST', '/api/v1/workspace/invites', { body: { role: 'owner' } })).status).toBe(403);
    expect((await as(owner, 'GET', '/api/v1/workspace/api-keys')).status).toBe(403);
    expect((await as(owner, 'PATCH', `/api/v1/workspace/members/${manager.body.user.id}`, { body: { role: 'admin' } })).status).toBe(403);

    const members = (await (await as(manager, 'GET', '/api/v1/workspace/members')).json()) as { members: { email: string; role: string }[] };
    expect(members.members.map((m) => [m.email, m.role])).toEqual(expect.arrayContaining([['ada@example.org', 'admin'], ['manny@example.org', 'manager'], ['owen@example.org', 'owner']]));

    // A role change applies at the next request of the member's existing session.
    const promoted = await as(admin, 'PATCH', `/api/v1/workspace/members/${manager.body.user.id}`, { body: { role: 'owner' } });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ email: 'manny@example.org', role: 'owner' });
    expect((await as(manager, 'PUT', `/api/v1/flows/${flowId}`, { body: edit })).status).toBe(200);

    // Never the last admin.
    const adminId = admin.body.user.id;
    const demote = await as(admin, 'PATCH', `/api/v1/workspace/members/${adminId}`, { body: { role: 'owner' } });
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: { code: string } }).error.code).toBe('last-admin');
    expect((await as(admin, 'DELETE', `/api/v1/workspace/members/${adminId}`)).status).toBe(409);
    expect((await as(admin, 'DELETE', '/api/v1/workspace/members/nobody')).status).toBe(404);

    // Removing a member ends their sessions here.
    expect((await as(admin, 'DELETE', `/api/v1/workspace/members/${manager.body.user.id}`)).status).toBe(204);
    expect((await as(manager, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('API keys: shown once, stored hashed, scoped, last use recorded, revocable', async () => {
    const create = async (name: string, scopes: string[]) => {
      const res = await as(admin, 'POST', '/api/v1/workspace/api-keys', { body: { name, scopes } });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; key: string; prefix: string; scopes: string[]; lastUsedAt: string | null };
    };
    const reader = await create('dashboard export', ['read']);
    expect(reader.key).toMatch(/^rb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(reader.key.startsWith(`rb_${reader.prefix}_`)).toBe(true);
    expect(reader.lastUsedAt).toBeNull();
    const writer = await create('ci', ['read', 'write']);
    const keeper = await create('provisioning', ['admin']);

    const db = (t.storage as KyselyStorage).database;
    const stored = await db.selectFrom('api_keys').selectAll().where('id', '=', reader.id).executeTakeFirstOrThrow();
    // The secret is what follows `rb_<prefix>_`: base64url, so it may itself hold '_' (never split on it).
    const secret = reader.key.slice(`rb_${reader.prefix}_`.length);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(stored)).not.toContain(secret);

    expect((await withKey(reader.key, 'GET', '/api/v1/flows')).status).toBe(200);
    const denied = await withKey(reader.key, 'POST', '/api/v1/flows', { id: uniqueFlowId(), definition: branchingFlow });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('insufficient-scope');
    expect((await withKey(writer.key, 'POST', '/api/v1/flows', { id: uniqueFlowId(), definition: branchingFlow })).status).toBe(201);
    expect((await withKey(writer.key, 'GET', '/api/v1/workspace/api-keys')).status).toBe(403);
    expect((await withKey(keeper.key, 'GET', '/api/v1/workspace/members')).status).toBe(200);
    const me = await withKey(reader.key, 'GET', '/api/v1/auth/me');
    expect(await me.json()).toMatchObject({ user: null, workspace: { id: workspaceId }, role: 'manager', via: 'api-key' });

    const list = await as(admin, 'GET', '/api/v1/workspace/api-keys');
    const keys = ((await list.json()) as { apiKeys: Record<string, unknown>[] }).apiKeys;
    expect(keys.map((k) => k.name)).toEqual(['provisioning', 'ci', 'dashboard export']);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes', 'status']);
    }
    expect(keys.find((k) => k.id === reader.id)?.lastUsedAt).toEqual(expect.any(String));

    expect((await as(admin, 'DELETE', `/api/v1/workspace/api-keys/${reader.id}`)).status).toBe(204);
    const revoked = await withKey(reader.key, 'GET', '/api/v1/flows');
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('api-key-revoked');
    expect((await withKey(`${reader.key.slice(0, -1)}x`, 'GET', '/api/v1/flows')).status).toBe(401);
    expect((await withKey(writer.key, 'GET', '/api/v1/flows')).status).toBe(200);
    expect((await as(admin, 'DELETE', '/api/v1/workspace/api-keys/nope')).status).toBe(404);
    const after = ((await (await as(admin, 'GET', '/api/v1/workspace/api-keys')).json()) as { apiKeys: { id: string; revokedAt: string | null }[] }).apiKeys;
    expect(after.find((k) => k.id === reader.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('still takes the admin key on every owner route, as an admin of the bootstrap workspace', async () => {
    expect((await t.request('GET', '/api/v1/flows', { owner: true })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/workspace/members', { owner: true })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/workspace/api-keys', { owner: true, body: { name: 'by key', scopes: ['read'] } })).status).toBe(201);
    // A bearer header that is not the key is a 401 even next to a valid cookie.
    const res = await t.request('GET', '/api/v1/flows', { headers: { cookie: admin.cookie, authorization: `Bearer ${ADMIN_KEY}x` } });
    expect(res.status).toBe(401);
  });
});
