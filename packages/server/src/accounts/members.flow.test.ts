import type { CreatedTeamInvite, TeamInviteList, TeamMemberList } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodemailerMailer } from '../mail/nodemailer-mailer.js';
import { type Login, ownerSessions, PASSWORD } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { startTestSmtp, type TestSmtp } from '../test-support/test-smtp.js';
import { useTestApp } from '../test-support/test-app.js';

const PUBLIC_URL = 'https://feedback.acme.example';

/** Steps a millisecond per reading, like the shared test clock, and can jump ahead. */
function jumpingClock(start = Date.parse('2026-02-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now++), advance: (ms: number) => void (now += ms) };
}

const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe.each(storageFactories)('Settings → Members on $name', (factory) => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(() => smtp.close());
  const clock = jumpingClock();
  const t = useTestApp(factory, { clock, publicUrl: PUBLIC_URL, mailer: () => new NodemailerMailer({ url: smtp.url, from: 'Reelback <reelback@acme.example>' }) });
  beforeAll(() => t.media.media.queue.start());
  const s = ownerSessions(t);

  let ann: Login;
  let owner: Login;
  let manager: Login;

  const members = async (who: Login) => ((await (await s.expectStatus(s.as(who, 'GET', '/api/v1/workspace/members'), 200)).json()) as TeamMemberList).members;
  const invites = async (who: Login) => (await (await s.expectStatus(s.as(who, 'GET', '/api/v1/workspace/invites'), 200)).json()) as TeamInviteList;
  const invite = async (who: Login, body: unknown) => (await (await s.expectStatus(s.as(who, 'POST', '/api/v1/workspace/invites', body), 201)).json()) as CreatedTeamInvite;
  const accept = (token: string, email: string) => t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email, name: email.split('@')[0], password: PASSWORD } });
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  /** Polls the invite list until the invite's e-mail has settled as `status`. */
  async function deliveryOf(who: Login, inviteId: string, status: string) {
    let seen: unknown;
    await expect
      .poll(
        async () => {
          seen = (await invites(who)).invites.find((i) => i.id === inviteId)?.delivery;
          return (seen as { status?: string } | undefined)?.status;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(status);
    return seen as { status: string; attempts: number; error: string | null; sentAt: string | null };
  }

  it('lists members with their role and last activity', async () => {
    ann = await s.bootstrap('ann@example.org', 'Acme');
    owner = await s.join(ann, 'olga@example.org', 'owner');
    manager = await s.join(ann, 'max@example.org', 'manager');
    const list = await members(manager);
    expect(list.map((m) => [m.email, m.role])).toEqual([
      ['ann@example.org', 'admin'],
      ['olga@example.org', 'owner'],
      ['max@example.org', 'manager'],
    ]);
    // Each logged in once: their last activity is that login.
    for (const member of list) expect(member.lastActiveAt, member.email).toMatch(/^2026-02-01T00:00:0\d\.\d{3}Z$/);
  });

  it('records activity at most every five minutes per session, not on every request', async () => {
    const lastActive = async () => (await members(ann)).find((m) => m.email === 'max@example.org')!.lastActiveAt!;
    const first = await lastActive();
    clock.advance(60_000);
    await s.expectStatus(s.as(manager, 'GET', '/api/v1/auth/me'), 200);
    expect(await lastActive()).toBe(first);
    clock.advance(5 * 60_000);
    await s.expectStatus(s.as(manager, 'GET', '/api/v1/auth/me'), 200);
    const later = await lastActive();
    expect(Date.parse(later) - Date.parse(first)).toBeGreaterThanOrEqual(6 * 60_000);
  });

  it('invites by e-mail: the request answers at once, the e-mail follows, and the link works', async () => {
    const made = await invite(ann, { role: 'manager', email: 'Bo@Example.org' });
    expect(made).toMatchObject({ role: 'manager', email: 'bo@example.org', state: 'pending', invitedBy: 'ann@example.org', delivery: { status: 'queued', attempts: 0, error: null } });
    expect(made.url).toBe(`${PUBLIC_URL}/app/invite#token=${made.token}`);

    const mail = await smtp.waitFor((m) => m.to.includes('bo@example.org'));
    expect(mail.parsed.subject).toBe('Join "Acme" on Reelback');
    expect(mail.parsed.text).toContain(`Accept the invitation: ${made.url}`);
    expect(String(mail.parsed.html)).toContain(`href="${made.url}"`);
    const delivery = await deliveryOf(ann, made.id, 'sent');
    expect(delivery).toMatchObject({ attempts: 1, error: null });

    const listed = await invites(ann);
    expect(listed.mail).toEqual({ configured: true });
    expect(listed.invites.find((i) => i.id === made.id)).toMatchObject({ email: 'bo@example.org', state: 'pending', role: 'manager' });
    expect(JSON.stringify(listed)).not.toContain(made.token);

    await s.expectStatus(accept(tokenOf(made.url), 'bo@example.org'), 200);
    expect((await invites(ann)).invites.some((i) => i.id === made.id)).toBe(false);
    expect((await members(ann)).find((m) => m.email === 'bo@example.org')).toMatchObject({ role: 'manager' });
  });

  it('invites without an e-mail: no mail, the link to copy', async () => {
    const before = smtp.received.length;
    const made = await invite(ann, { role: 'owner' });
    expect(made).toMatchObject({ email: null, delivery: null, state: 'pending' });
    expect((await invites(ann)).invites.find((i) => i.id === made.id)).toMatchObject({ delivery: null });
    expect(smtp.received.length).toBe(before);
    await s.expectStatus(s.as(ann, 'DELETE', `/api/v1/workspace/invites/${made.id}`), 204);
  });

  it('refuses to invite someone who is a member already (409)', async () => {
    const res = await s.as(ann, 'POST', '/api/v1/workspace/invites', { role: 'admin', email: 'OLGA@example.org' });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toMatchObject({ code: 'already-member', message: 'a member of this workspace uses olga@example.org already' });
  });

  it('makes an invite again with a new link (the old one stops working) and e-mails it', async () => {
    const first = await invite(ann, { role: 'owner', email: 'cy@example.org' });
    await smtp.waitFor((m) => m.to.includes('cy@example.org') && m.parsed.text!.includes(first.url));
    const again = (await (await s.expectStatus(s.as(ann, 'POST', `/api/v1/workspace/invites/${first.id}/resend`), 201)).json()) as CreatedTeamInvite;
    expect(again.id).not.toBe(first.id);
    expect(again.token).not.toBe(first.token);
    expect(again).toMatchObject({ email: 'cy@example.org', role: 'owner', state: 'pending', delivery: { status: 'queued' } });
    await smtp.waitFor((m) => m.to.includes('cy@example.org') && m.parsed.text!.includes(again.url));

    const ids = (await invites(ann)).invites.map((i) => i.id);
    expect(ids).toContain(again.id);
    expect(ids).not.toContain(first.id);
    const old = await accept(first.token, 'cy@example.org');
    expect(old.status).toBe(404);
    expect(await errorCode(old)).toMatchObject({ code: 'invite-invalid' });
    // The old one cannot be made again either.
    expect((await s.as(ann, 'POST', `/api/v1/workspace/invites/${first.id}/resend`)).status).toBe(404);
    await s.expectStatus(accept(again.token, 'cy@example.org'), 200);
  });

  it('revokes an invite: its link stops working at once, and it leaves the list', async () => {
    const made = await invite(ann, { role: 'manager', email: 'dee@example.org' });
    await s.expectStatus(s.as(ann, 'DELETE', `/api/v1/workspace/invites/${made.id}`), 204);
    expect((await invites(ann)).invites.some((i) => i.id === made.id)).toBe(false);
    const res = await accept(made.token, 'dee@example.org');
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toMatchObject({ code: 'invite-invalid' });
    const twice = await s.as(ann, 'DELETE', `/api/v1/workspace/invites/${made.id}`);
    expect(twice.status).toBe(404);
    expect(await errorCode(twice)).toMatchObject({ code: 'invite-not-found' });
  });

  it('lists an invite past its 7 days as expired; making it again gives a fresh link', async () => {
    const made = await invite(ann, { role: 'manager' });
    clock.advance(7 * 24 * 3600 * 1000 + 1000);
    expect((await invites(ann)).invites.find((i) => i.id === made.id)).toMatchObject({ state: 'expired' });
    expect((await accept(made.token, 'eve@example.org')).status).toBe(404);
    const again = (await (await s.expectStatus(s.as(ann, 'POST', `/api/v1/workspace/invites/${made.id}/resend`), 201)).json()) as CreatedTeamInvite;
    expect(again.state).toBe('pending');
    // Sessions are 14 days: log in again after the jump so later tests start fresh.
    ann = await s.login('ann@example.org');
    owner = await s.login('olga@example.org');
    manager = await s.login('max@example.org');
    await s.expectStatus(accept(again.token, 'eve@example.org'), 200);
  });

  it('lets only admins see invites, invite, change roles, remove members or make reset links (403)', async () => {
    const max = (await members(ann)).find((m) => m.email === 'max@example.org')!;
    const olga = (await members(ann)).find((m) => m.email === 'olga@example.org')!;
    for (const who of [owner, manager]) {
      for (const [method, path, body] of [
        ['GET', '/api/v1/workspace/invites'],
        ['POST', '/api/v1/workspace/invites', { role: 'admin', email: 'mallory@example.org' }],
        // Nobody below admin gives themselves (or anyone) a role.
        ['PATCH', `/api/v1/workspace/members/${olga.userId}`, { role: 'admin' }],
        ['PATCH', `/api/v1/workspace/members/${max.userId}`, { role: 'admin' }],
        ['DELETE', `/api/v1/workspace/members/${max.userId}`],
        ['POST', `/api/v1/workspace/members/${max.userId}/password-reset`, {}],
      ] as [string, string, unknown?][]) {
        const res = await s.as(who, method, path, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(await errorCode(res)).toMatchObject({ code: 'forbidden' });
      }
    }
    expect((await members(ann)).map((m) => m.role)).toEqual(['admin', 'owner', 'manager', 'manager', 'owner', 'manager']);
  });

  it('never leaves the workspace without an admin (409 naming the rule), and changes roles otherwise', async () => {
    const list = await members(ann);
    const annId = list.find((m) => m.email === 'ann@example.org')!.userId;
    const olgaId = list.find((m) => m.email === 'olga@example.org')!.userId;
    for (const res of [await s.as(ann, 'PATCH', `/api/v1/workspace/members/${annId}`, { role: 'owner' }), await s.as(ann, 'DELETE', `/api/v1/workspace/members/${annId}`)]) {
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toEqual({ code: 'last-admin', message: 'a workspace keeps at least one admin: make someone else admin first' });
    }
    expect((await members(ann)).find((m) => m.userId === annId)!.role).toBe('admin');

    const promoted = await s.expectStatus(s.as(ann, 'PATCH', `/api/v1/workspace/members/${olgaId}`, { role: 'admin' }), 200);
    expect(await promoted.json()).toMatchObject({ userId: olgaId, role: 'admin', email: 'olga@example.org' });
    await s.expectStatus(s.as(ann, 'PATCH', `/api/v1/workspace/members/${annId}`, { role: 'owner' }), 200);
    // Roles are read per request: Ann is an owner now, Olga an admin.
    expect((await s.as(ann, 'GET', '/api/v1/workspace/invites')).status).toBe(403);
    owner = await s.login('olga@example.org');
    await s.expectStatus(s.as(owner, 'PATCH', `/api/v1/workspace/members/${annId}`, { role: 'admin' }), 200);
    const bad = await s.as(ann, 'PATCH', `/api/v1/workspace/members/${olgaId}`, { role: 'boss' });
    expect(bad.status).toBe(400);
  });

  it('removes a member: their sessions here end at once', async () => {
    const maxId = (await members(ann)).find((m) => m.email === 'max@example.org')!.userId;
    await s.expectStatus(s.as(manager, 'GET', '/api/v1/auth/me'), 200);
    await s.expectStatus(s.as(ann, 'DELETE', `/api/v1/workspace/members/${maxId}`), 204);
    expect((await s.as(manager, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await members(ann)).some((m) => m.userId === maxId)).toBe(false);
    const again = await s.as(ann, 'DELETE', `/api/v1/workspace/members/${maxId}`);
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toMatchObject({ code: 'member-not-found' });
  });

  it("never shows another workspace's members or invites, and refuses its ids (404)", async () => {
    const other = await s.newWorkspace(owner, 'olga@example.org', 'Olga Labs');
    const theirInvite = await invite(other, { role: 'manager', email: 'zed@example.org' });
    const ours = await invite(ann, { role: 'manager', email: 'yan@example.org' });
    expect((await members(other)).map((m) => m.email)).toEqual(['olga@example.org']);
    expect((await invites(other)).invites.map((i) => i.id)).toEqual([theirInvite.id]);
    expect(JSON.stringify(await invites(ann))).not.toContain(theirInvite.id);
    const annId = (await members(ann)).find((m) => m.email === 'ann@example.org')!.userId;
    for (const [method, path, body] of [
      ['DELETE', `/api/v1/workspace/invites/${ours.id}`],
      ['POST', `/api/v1/workspace/invites/${ours.id}/resend`],
      ['PATCH', `/api/v1/workspace/members/${annId}`, { role: 'manager' }],
      ['DELETE', `/api/v1/workspace/members/${annId}`],
      ['POST', `/api/v1/workspace/members/${annId}/password-reset`, {}],
    ] as [string, string, unknown?][]) {
      expect((await s.as(other, method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    // Nothing changed here.
    expect((await invites(ann)).invites.some((i) => i.id === ours.id)).toBe(true);
    expect((await members(ann)).find((m) => m.userId === annId)!.role).toBe('admin');
  });
});
