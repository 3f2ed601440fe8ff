import { describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';

/** Steps a millisecond per reading, like the shared test clock, and can jump ahead. */
function jumpingClock(start = Date.parse('2026-03-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now++), advance: (ms: number) => void (now += ms) };
}

interface Session {
  cookie: string;
  csrf: string;
}

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'a long enough password';

describe.each(storageFactories)('the invite page\'s calls on $name', (factory) => {
  const clock = jumpingClock();
  const t = useTestApp(factory, { clock });

  const sessionOf = async (res: Response): Promise<Session> => {
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  const as = (session: Session, method: string, path: string, body?: unknown, csrf: string | null = session.csrf) =>
    t.request(method, path, { body, headers: { cookie: session.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) } });
  const invite = async (admin: Session, role: string, email?: string) => {
    const res = await as(admin, 'POST', '/api/v1/workspace/invites', { role, ...(email ? { email } : {}) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  const preview = (token: unknown) => t.request('POST', '/api/v1/auth/invites/preview', { body: { token } });
  const join = (session: Session, token: string) => as(session, 'POST', '/api/v1/auth/invites/join', { token });
  const workspaceOf = async (session: Session) => ((await (await as(session, 'GET', '/api/v1/auth/me')).json()) as { workspace: { name: string }; role: string });

  let ada: Session;
  let cy: Session;

  it('previews an invite for whoever holds the token: workspace, role, e-mail, who invited, its state', async () => {
    expect((await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { workspaceName: 'Acme', email: 'ada@example.org', name: 'Ada', password: PASSWORD } })).status).toBe(201);
    ada = await sessionOf(await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: PASSWORD } }));
    const token = await invite(ada, 'owner', 'Cy@Example.org');
    const res = await preview(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      workspace: { name: 'Acme' },
      role: 'owner',
      email: 'cy@example.org',
      invitedBy: 'Ada',
      state: 'pending',
      expiresAt: expect.any(String),
      hasAccount: false,
    });

    // A new account needs a name; with one, it joins and is logged in.
    const nameless = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'cy@example.org', password: PASSWORD } });
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({ error: { code: 'name-required', issues: [{ path: ['name'] }] } });
    cy = await sessionOf(await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'cy@example.org', name: 'Cy', password: PASSWORD } }));
    expect(await workspaceOf(cy)).toMatchObject({ workspace: { name: 'Acme' }, role: 'owner' });

    // Used: the preview says so, and neither accepting nor joining works again.
    expect(await (await preview(token)).json()).toMatchObject({ state: 'used', hasAccount: true });
    const reused = await join(cy, token);
    expect(reused.status).toBe(410);
    expect(await reused.json()).toMatchObject({ error: { code: 'invite-used' } });
  });

  it('answers a forged or malformed token with a 4xx naming it, never a 500', async () => {
    const forged = await preview('forged-token-0123456789');
    expect(forged.status).toBe(404);
    expect(await forged.json()).toMatchObject({ error: { code: 'invite-not-found', issues: [{ path: ['token'] }] } });
    expect((await preview('')).status).toBe(400);
    expect((await preview(42)).status).toBe(400);
    expect((await preview('x'.repeat(201))).status).toBe(400);
    const joined = await join(cy, 'forged-token-0123456789');
    expect(joined.status).toBe(404);
  });

  it('accepting logged out checks an existing account\'s password and refuses a member, changing nothing', async () => {
    const token = await invite(ada, 'manager');
    expect(await (await preview(token)).json()).toMatchObject({ email: null, hasAccount: null, role: 'manager' });
    // Ada is a member of Acme already.
    const member = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'ada@example.org', password: PASSWORD } });
    expect(member.status).toBe(409);
    const wrong = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'cy@example.org', password: 'not the password at all' } });
    expect(wrong.status).toBe(401);
    expect(await (await preview(token)).json()).toMatchObject({ state: 'pending' });
  });

  it('joins an invite of another workspace while logged in: the session moves there, the other membership stays', async () => {
    // Ada makes a second workspace, switches to it, and invites Cy (an owner of Acme) as a manager there.
    const labs = (await (await as(ada, 'POST', '/api/v1/workspaces', { name: 'Acme Labs' })).json()) as { id: string };
    ada = await sessionOf(await as(ada, 'POST', '/api/v1/auth/workspace', { workspaceId: labs.id }));
    const token = await invite(ada, 'manager', 'cy@example.org');
    expect(await (await preview(token)).json()).toMatchObject({ workspace: { name: 'Acme Labs' }, hasAccount: true });

    // Without the CSRF token, with a key, or logged out: refused, and the invite stays.
    expect((await as(cy, 'POST', '/api/v1/auth/invites/join', { token }, null)).status).toBe(403);
    const byKey = await t.request('POST', '/api/v1/auth/invites/join', { owner: true, body: { token } });
    expect(byKey.status).toBe(403);
    expect(await byKey.json()).toMatchObject({ error: { code: 'session-required' } });
    expect((await t.request('POST', '/api/v1/auth/invites/join', { body: { token } })).status).toBe(401);
    expect(await (await preview(token)).json()).toMatchObject({ state: 'pending' });

    const res = await join(cy, token);
    expect(res.status, await res.clone().text()).toBe(200);
    const before = cy;
    cy = await sessionOf(res);
    expect(await workspaceOf(cy)).toMatchObject({ workspace: { name: 'Acme Labs' }, role: 'manager' });
    // The old session ended; Cy is still an owner of Acme.
    expect((await as(before, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const mine = (await (await as(cy, 'GET', '/api/v1/auth/workspaces')).json()) as { workspaces: { name: string; role: string }[] };
    expect(mine.workspaces.map((w) => [w.name, w.role])).toEqual([
      ['Acme', 'owner'],
      ['Acme Labs', 'manager'],
    ]);
  });

  it('refuses to join an invite for another e-mail, or a workspace one is in, changing nothing', async () => {
    const forDee = await invite(ada, 'owner', 'dee@example.org');
    const mismatch = await join(cy, forDee);
    expect(mismatch.status).toBe(403);
    const body = (await mismatch.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invite-email-mismatch');
    expect(body.error.message).toContain('dee@example.org');
    expect(body.error.message).toContain('cy@example.org');
    expect(await (await preview(forDee)).json()).toMatchObject({ state: 'pending' });

    const open = await invite(ada, 'admin');
    const again = await join(cy, open);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'already-member' } });
    expect(await workspaceOf(cy)).toMatchObject({ workspace: { name: 'Acme Labs' }, role: 'manager' });
    expect(await (await preview(open)).json()).toMatchObject({ state: 'pending' });
  });

  it('says an invite expired after its 7 days, and refuses it', async () => {
    // An address with no membership here (inviting a member's address is refused: 409 already-member).
    const token = await invite(ada, 'owner', 'dee@example.org');
    clock.advance(8 * DAY);
    expect(await (await preview(token)).json()).toMatchObject({ state: 'expired' });
    // Ada's session (14 days) is still on; Cy's too.
    const res = await join(cy, token);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: 'invite-expired' } });
    const accepted = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'dee@example.org', name: 'Dee', password: PASSWORD } });
    expect(accepted.status).toBe(404);
  });

  it('an existing account accepts logged out with its password alone (no name)', async () => {
    const studio = (await (await as(ada, 'POST', '/api/v1/workspaces', { name: 'Acme Studio' })).json()) as { id: string };
    ada = await sessionOf(await as(ada, 'POST', '/api/v1/auth/workspace', { workspaceId: studio.id }));
    const token = await invite(ada, 'manager');
    const res = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'cy@example.org', password: PASSWORD } });
    const session = await sessionOf(res);
    expect(await workspaceOf(session)).toMatchObject({ workspace: { name: 'Acme Studio' }, role: 'manager' });
    expect(await (await preview(token)).json()).toMatchObject({ state: 'used' });
  });
});
