import type { CreatedTeamInvite, MemberResetLink, TeamInviteList, TeamMemberList } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodemailerMailer } from '../mail/nodemailer-mailer.js';
import { type Login, ownerSessions, PASSWORD } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { startTestSmtp, type TestSmtp } from '../test-support/test-smtp.js';
import { useTestApp } from '../test-support/test-app.js';

const PUBLIC_URL = 'https://feedback.acme.example';
const NEW_PASSWORD = 'a brand new passphrase';

function jumpingClock(start = Date.parse('2026-02-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now++), advance: (ms: number) => void (now += ms) };
}

const tokenIn = (text: string | undefined) => /\/app\/reset#token=([A-Za-z0-9_-]+)/.exec(text ?? '')?.[1];
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; issues?: { path: string[] }[] } }).error;

describe.each(storageFactories)('passwords: change and reset by e-mail on $name', (factory) => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(() => smtp.close());
  const clock = jumpingClock();
  const t = useTestApp(factory, { clock, publicUrl: PUBLIC_URL, mailer: () => new NodemailerMailer({ url: smtp.url, from: 'reelback@acme.example' }) });
  beforeAll(() => t.media.media.queue.start());
  const s = ownerSessions(t);

  const login = (email: string, password: string, address?: string) =>
    t.request('POST', '/api/v1/auth/login', { body: { email, password }, ...(address ? { address } : {}) });
  const ask = (email: string, address: string, url = '/api/v1/auth/password-reset') => t.request('POST', url, { body: { email }, address });
  const check = (token: string, address = '198.51.100.1') => t.request('POST', '/api/v1/auth/password-reset/check', { body: { token }, address });
  const confirm = (token: string, newPassword: string, address = '198.51.100.1') =>
    t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword }, address });

  let ann: Login;

  it('changes a password with the current one; other sessions end, this one stays', async () => {
    ann = await s.bootstrap('ann@example.org', 'Acme');
    const elsewhere = await s.login('ann@example.org');
    const change = (body: unknown, who = ann) => s.as(who, 'POST', '/api/v1/auth/password', body);

    const wrong = await change({ currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(403);
    expect(await errorOf(wrong)).toMatchObject({ code: 'wrong-password', issues: [{ path: ['currentPassword'] }] });
    const short = await change({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(await errorOf(short))).toContain('use at least 10 characters');
    const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.status).toBe(400);
    expect(await errorOf(same)).toMatchObject({ code: 'same-password' });
    // Nothing changed by the refusals.
    expect((await login('ann@example.org', PASSWORD)).status).toBe(200);

    await s.expectStatus(change({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }), 204);
    await s.expectStatus(s.as(ann, 'GET', '/api/v1/auth/me'), 200);
    expect((await s.as(elsewhere, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await login('ann@example.org', PASSWORD)).status).toBe(401);
    expect((await login('ann@example.org', NEW_PASSWORD)).status).toBe(200);
  });

  it('changes passwords for people only, and stops guessing the current one after 10 tries', async () => {
    const byKey = await t.request('POST', '/api/v1/auth/password', { owner: true, body: { currentPassword: 'x', newPassword: NEW_PASSWORD } });
    expect(byKey.status).toBe(403);
    expect(await errorOf(byKey)).toMatchObject({ code: 'session-required' });
    expect((await t.request('POST', '/api/v1/auth/password', { body: { currentPassword: 'x', newPassword: NEW_PASSWORD } })).status).toBe(401);

    const max = await s.join(ann, 'max@example.org', 'manager');
    for (let i = 0; i < 10; i++) expect((await s.as(max, 'POST', '/api/v1/auth/password', { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD })).status).toBe(403);
    const blocked = await s.as(max, 'POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await login('max@example.org', PASSWORD)).status, 'the password did not change').toBe(200);
  });

  it('answers a reset request the same whether or not the e-mail has an account, and e-mails a link only to an account', async () => {
    const unknown = await ask('nobody@example.org', '203.0.113.1');
    const known = await ask('Ann@Example.org', '203.0.113.2');
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(await unknown.json()).toEqual(await known.json());

    const mail = await smtp.waitFor((m) => m.to.includes('ann@example.org'));
    expect(mail.parsed.subject).toBe('Set a new Reelback password');
    expect(mail.parsed.text).toMatch(new RegExp(`^Someone \\(we hope you\\) asked to reset your Reelback password\\.\\n\\nSet a new password: ${PUBLIC_URL}/app/reset#token=`));
    expect(tokenIn(String(mail.parsed.html))).toBe(tokenIn(mail.parsed.text));
    // The unknown address was asked first, from the same queue: it got nothing.
    expect(smtp.received.some((m) => m.to.includes('nobody@example.org'))).toBe(false);
  });

  it('takes links in e-mails from REELBACK_PUBLIC_URL, never from the Host the request names', async () => {
    const before = smtp.received.length;
    await s.expectStatus(ask('max@example.org', '203.0.113.3', 'http://evil.example/api/v1/auth/password-reset'), 202);
    const mail = await smtp.waitFor((m) => m.to.includes('max@example.org') && smtp.received.indexOf(m) >= before);
    expect(mail.parsed.text).toContain(`${PUBLIC_URL}/app/reset#token=`);
    expect(mail.parsed.text).not.toContain('evil.example');
  });

  it('sets a new password with the link once; every session of the account ends; reuse is refused (410)', async () => {
    const before = smtp.received.length;
    await ask('ann@example.org', '203.0.113.4');
    const mail = await smtp.waitFor((m) => m.to.includes('ann@example.org') && smtp.received.indexOf(m) >= before);
    const token = tokenIn(mail.parsed.text)!;

    const info = await s.expectStatus(check(token), 200);
    const { email, expiresAt } = (await info.json()) as { email: string; expiresAt: string };
    expect(email).toBe('ann@example.org');
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBeLessThanOrEqual(30 * 60_000);

    expect((await confirm(token, 'short')).status).toBe(400);
    await s.expectStatus(confirm(token, 'reset passphrase one'), 204);
    expect((await s.as(ann, 'GET', '/api/v1/auth/me')).status, 'sessions end with a reset').toBe(401);
    expect((await login('ann@example.org', NEW_PASSWORD)).status).toBe(401);
    expect((await login('ann@example.org', 'reset passphrase one')).status).toBe(200);

    for (const res of [await check(token), await confirm(token, 'reset passphrase two')]) {
      expect(res.status).toBe(410);
      expect(await errorOf(res)).toEqual({ code: 'reset-used', message: 'this password reset link was used already: ask for a new one if you need to' });
    }
    expect((await login('ann@example.org', 'reset passphrase one')).status).toBe(200);
  });

  it('refuses a forged link (404) and an expired one (410), changing nothing', async () => {
    for (const res of [await check('forged-token-0123456789'), await confirm('forged-token-0123456789', 'reset passphrase two')]) {
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toMatchObject({ code: 'reset-invalid' });
    }
    const before = smtp.received.length;
    await ask('ann@example.org', '203.0.113.5');
    const mail = await smtp.waitFor((m) => m.to.includes('ann@example.org') && smtp.received.indexOf(m) >= before);
    clock.advance(30 * 60_000 + 1000);
    const late = await confirm(tokenIn(mail.parsed.text)!, 'reset passphrase two');
    expect(late.status).toBe(410);
    expect(await errorOf(late)).toMatchObject({ code: 'reset-expired', message: 'this password reset link has expired: ask for a new one' });
    expect((await login('ann@example.org', 'reset passphrase one')).status).toBe(200);
  });

  it('rate limits reset requests per address (429 with Retry-After) and links per account (silently)', async () => {
    for (let i = 0; i < 5; i++) expect((await ask(`someone${i}@example.org`, '203.0.113.50')).status).toBe(202);
    const limited = await ask('someone@example.org', '203.0.113.50');
    expect(limited.status).toBe(429);
    expect(await errorOf(limited)).toMatchObject({ code: 'rate-limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // Three links an hour per account: a fourth request is answered alike, and no fourth e-mail goes.
    clock.advance(60 * 60_000);
    ann = await loginAs('ann@example.org', 'reset passphrase one');
    await s.join(ann, 'cy@example.org', 'owner');
    const before = smtp.received.length;
    const toCy = () => smtp.received.slice(before).filter((m) => m.to.includes('cy@example.org'));
    for (let i = 0; i < 4; i++) expect((await ask('cy@example.org', `203.0.113.${60 + i}`)).status).toBe(202);
    await expect.poll(() => toCy().length, { timeout: 15_000 }).toBe(3);
    // The fourth request's job ran, and said why it made no link.
    await expect.poll(() => t.errors.some((e) => e instanceof Error && e.message.startsWith('password reset for cy@example.org not sent: 3 links')), { timeout: 15_000 }).toBe(true);
    expect(toCy()).toHaveLength(3);
  });

  it("e-mails an admin's reset link to a member who is also in workspaces the admin does not run, without showing it", async () => {
    const cy = await loginAs('cy@example.org', PASSWORD);
    await s.expectStatus(s.as(cy, 'POST', '/api/v1/workspaces', { name: "Cy's own" }), 201);
    const cyId = cy.userId;
    const before = smtp.received.length;
    const made = (await (await s.expectStatus(s.as(ann, 'POST', `/api/v1/workspace/members/${cyId}/password-reset`, {}), 201)).json()) as MemberResetLink;
    expect(made).toMatchObject({ url: null, delivery: { status: 'queued' } });
    const mail = await smtp.waitFor((m) => m.to.includes('cy@example.org') && smtp.received.indexOf(m) >= before);
    expect(mail.parsed.text).toMatch(/^ann@example\.org, an admin of your Reelback workspace, made a link for you to set a new password\./);
    const refused = await s.as(ann, 'POST', `/api/v1/workspace/members/${cyId}/password-reset`, { send: false });
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({ code: 'member-in-other-workspaces' });
    // The e-mailed link works, and lasts a day.
    const token = tokenIn(mail.parsed.text)!;
    clock.advance(23 * 60 * 60_000);
    await s.expectStatus(confirm(token, 'cy chose this one'), 204);
    expect((await s.as(cy, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await login('cy@example.org', 'cy chose this one')).status).toBe(200);
  });

  /** A login with any password (ownerSessions' logs in with the shared test password). */
  async function loginAs(email: string, password: string): Promise<Login> {
    const res = await s.expectStatus(login(email, password), 200);
    const body = (await res.json()) as { user: { id: string }; workspace: { id: string }; csrfToken: string };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, userId: body.user.id, workspaceId: body.workspace.id };
  }
});

describe.each(storageFactories)('passwords and invites without e-mail on $name', (factory) => {
  const t = useTestApp(factory, { publicUrl: PUBLIC_URL });
  beforeAll(() => t.media.media.queue.start());
  const s = ownerSessions(t);

  it('answers a reset request as with e-mail (nothing is sent), and lets an admin make a link to copy', async () => {
    const ann = await s.bootstrap('ann@example.org', 'Acme');
    const bo = await s.join(ann, 'bo@example.org', 'owner');
    const res = await t.request('POST', '/api/v1/auth/password-reset', { body: { email: 'bo@example.org' } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ message: 'if an account uses this address, a link to set a new password is on its way; it works once, for 30 minutes' });

    const members = (await (await s.expectStatus(s.as(ann, 'GET', '/api/v1/workspace/members'), 200)).json()) as TeamMemberList;
    const boId = members.members.find((m) => m.email === 'bo@example.org')!.userId;
    const made = (await (await s.expectStatus(s.as(ann, 'POST', `/api/v1/workspace/members/${boId}/password-reset`, {}), 201)).json()) as MemberResetLink;
    expect(made.delivery).toBeNull();
    expect(made.url).toMatch(new RegExp(`^${PUBLIC_URL}/app/reset#token=[A-Za-z0-9_-]{43}$`));
    const asked = (await (await s.expectStatus(s.as(ann, 'POST', `/api/v1/workspace/members/${boId}/password-reset`, { send: true }), 201)).json()) as MemberResetLink;
    expect(asked.delivery).toEqual({ status: 'not-configured', attempts: 0, error: null, sentAt: null });

    // A new link does not void the other until one is used; using one ends the rest and Bo's sessions.
    const token = tokenIn(made.url!)!;
    const check = await s.expectStatus(t.request('POST', '/api/v1/auth/password-reset/check', { body: { token } }), 200);
    expect(await check.json()).toMatchObject({ email: 'bo@example.org' });
    await s.expectStatus(t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'bo picked a new one' } }), 204);
    expect((await s.as(bo, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const other = await t.request('POST', '/api/v1/auth/password-reset/check', { body: { token: tokenIn(asked.url!)! } });
    expect(other.status).toBe(410);

    // Bo in a workspace of his own: Ann may not see a link for him, and no e-mail can carry one.
    const boAgain = await t.request('POST', '/api/v1/auth/login', { body: { email: 'bo@example.org', password: 'bo picked a new one' } });
    const boLogin = { cookie: boAgain.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await boAgain.json()) as { csrfToken: string }).csrfToken, userId: boId, workspaceId: '' };
    await s.expectStatus(s.as(boLogin, 'POST', '/api/v1/workspaces', { name: "Bo's" }), 201);
    const refused = await s.as(ann, 'POST', `/api/v1/workspace/members/${boId}/password-reset`, {});
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({
      code: 'member-in-other-workspaces',
      message:
        'this member also belongs to workspaces you do not administer, so their reset link can only be e-mailed to them (this server sends no e-mail: an admin of all their workspaces, or the server admin key, can make one)',
    });
    // The server's admin key can.
    const byKey = await s.expectStatus(t.request('POST', `/api/v1/workspace/members/${boId}/password-reset`, { owner: true, body: {} }), 201);
    expect(((await byKey.json()) as MemberResetLink).url).toMatch(/\/app\/reset#token=/);
  });

  it('makes invites with an address that say they were not e-mailed, and says the server sends none', async () => {
    const ann = await s.login('ann@example.org');
    const made = await s.expectStatus(s.as(ann, 'POST', '/api/v1/workspace/invites', { role: 'manager', email: 'cy@example.org' }), 201);
    const invite = (await made.json()) as CreatedTeamInvite;
    expect(invite.delivery).toEqual({ status: 'not-configured', attempts: 0, error: null, sentAt: null });
    const list = (await (await s.expectStatus(s.as(ann, 'GET', '/api/v1/workspace/invites'), 200)).json()) as TeamInviteList;
    expect(list.mail).toEqual({ configured: false });
    expect(list.invites.find((i) => i.id === invite.id)?.delivery).toEqual({ status: 'not-configured', attempts: 0, error: null, sentAt: null });
  });
});
