// Settings → Members' API (#13) as the page uses it, on top of FakeSettings (auth, workspaces): members with roles and
// last activity, open invites whose e-mail moves on one step per list (queued → the `next` outcome), made again and
// revoked; role changes and removal keep the last admin (409 `last-admin`, the server's words); reset links, only
// e-mailed for members of other workspaces. Records every request.
import { http, HttpResponse } from 'msw';
import type { CreatedTeamInvite, MailDelivery, MemberResetLink, TeamInvite, TeamMember, TeamRole } from '@reelback/shared';
import type { SeenRequest } from './fake-answer-page.js';
import { worker } from './fake-api.js';
import { FakeSettings } from './fake-settings.js';

export const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const later = (days: number) => new Date(NOW + days * 24 * 60 * 60_000).toISOString();

export const TEAM: TeamMember[] = [
  { userId: 'usr_1', email: 'maya@example.com', name: 'Maya Owner', role: 'admin', joinedAt: ago(60 * 24 * 90), lastActiveAt: ago(1) },
  { userId: 'usr_2', email: 'bo@example.com', name: 'Bo <b>Manager</b>', role: 'manager', joinedAt: ago(60 * 24 * 30), lastActiveAt: ago(125) },
  { userId: 'usr_3', email: 'cy@example.com', name: '', role: 'owner', joinedAt: ago(60 * 24 * 7), lastActiveAt: null },
];

const delivery = (status: MailDelivery['status'], over: Partial<MailDelivery> = {}): MailDelivery => ({ status, attempts: 0, error: null, sentAt: null, ...over });
export const SMTP_DOWN = 'smtp://mail.acme.example:587: connect ECONNREFUSED 10.0.0.5:587';

export const OPEN_INVITES: TeamInvite[] = [
  { id: 'inv_sent', role: 'owner', email: 'dee@example.com', state: 'pending', createdAt: ago(30), expiresAt: later(7), invitedBy: 'Maya Owner', delivery: delivery('sent', { attempts: 1, sentAt: ago(29) }) },
  { id: 'inv_failed', role: 'manager', email: 'eve@example.com', state: 'pending', createdAt: ago(60), expiresAt: later(6), invitedBy: 'Maya Owner', delivery: delivery('failed', { attempts: 8, error: SMTP_DOWN }) },
  { id: 'inv_link', role: 'manager', email: null, state: 'expired', createdAt: ago(60 * 24 * 8), expiresAt: ago(60 * 24), invitedBy: null, delivery: null },
];

export class FakeMembers {
  members = TEAM.map((m) => ({ ...m }));
  invites = OPEN_INVITES.map((i) => ({ ...i }));
  mailConfigured = true;
  /** What a queued e-mail turns into at the next list: one step per `GET /workspace/invites`. */
  next: MailDelivery[] = [delivery('sent', { attempts: 1, sentAt: new Date(NOW).toISOString() })];
  /** Members who are also in workspaces the admin does not run: their reset link is only e-mailed. */
  elsewhere = new Set<string>();
  readonly requests: SeenRequest[] = [];
  readonly settings = new FakeSettings();
  private made = 0;

  sent(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
  }

  private invite(role: TeamRole, email: string | null): CreatedTeamInvite {
    this.made++;
    const token = `token-${this.made}`;
    const made: TeamInvite = {
      id: `inv_new_${this.made}`,
      role,
      email,
      state: 'pending',
      createdAt: new Date(NOW).toISOString(),
      expiresAt: later(7),
      invitedBy: 'Maya Owner',
      delivery: email === null ? null : this.mailConfigured ? delivery('queued') : delivery('not-configured'),
    };
    this.invites = [made, ...this.invites];
    return { ...made, token, url: `${location.origin}/app/invite#token=${token}` };
  }

  install(): this {
    this.settings.role = 'admin';
    this.settings.install();
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      this.requests.push({ method: request.method, path: url.pathname, search: url.search, csrf: request.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    };
    const error = (status: number, code: string, message: string) => HttpResponse.json({ error: { code, message } }, { status });
    const admins = () => this.members.filter((m) => m.role === 'admin').length;
    const lastAdmin = () => error(409, 'last-admin', 'a workspace keeps at least one admin: make someone else admin first');
    worker.use(
      http.get('/api/v1/workspace/members', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ members: this.members });
      }),
      http.get('/api/v1/workspace/invites', async ({ request }) => {
        await record(request);
        const shown = this.invites.map((i) => ({ ...i }));
        // Sending moves on after each look.
        this.invites = this.invites.map((i) => (i.delivery && (i.delivery.status === 'queued' || i.delivery.status === 'retrying') && this.next.length ? { ...i, delivery: this.next.shift()! } : i));
        return HttpResponse.json({ invites: shown, mail: { configured: this.mailConfigured } });
      }),
      http.post('/api/v1/workspace/invites', async ({ request }) => {
        await record(request);
        const body = (await request.json()) as { role: TeamRole; email?: string };
        if (body.email && this.members.some((m) => m.email === body.email)) return error(409, 'already-member', `a member of this workspace uses ${body.email} already`);
        return HttpResponse.json(this.invite(body.role, body.email ?? null), { status: 201 });
      }),
      http.post('/api/v1/workspace/invites/:id/resend', async ({ request, params }) => {
        await record(request);
        const old = this.invites.find((i) => i.id === params.id);
        if (!old) return error(404, 'invite-not-found', 'no open invite with this id in this workspace');
        this.invites = this.invites.filter((i) => i.id !== old.id);
        return HttpResponse.json(this.invite(old.role, old.email), { status: 201 });
      }),
      http.delete('/api/v1/workspace/invites/:id', async ({ request, params }) => {
        await record(request);
        if (!this.invites.some((i) => i.id === params.id)) return error(404, 'invite-not-found', 'no open invite with this id in this workspace');
        this.invites = this.invites.filter((i) => i.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
      http.patch('/api/v1/workspace/members/:userId', async ({ request, params }) => {
        await record(request);
        const member = this.members.find((m) => m.userId === params.userId);
        if (!member) return error(404, 'member-not-found', 'no such member in this workspace');
        const { role } = (await request.json()) as { role: TeamRole };
        if (member.role === 'admin' && role !== 'admin' && admins() === 1) return lastAdmin();
        member.role = role;
        return HttpResponse.json(member);
      }),
      http.delete('/api/v1/workspace/members/:userId', async ({ request, params }) => {
        await record(request);
        const member = this.members.find((m) => m.userId === params.userId);
        if (!member) return error(404, 'member-not-found', 'no such member in this workspace');
        if (member.role === 'admin' && admins() === 1) return lastAdmin();
        this.members = this.members.filter((m) => m !== member);
        return new HttpResponse(null, { status: 204 });
      }),
      http.post('/api/v1/workspace/members/:userId/password-reset', async ({ request, params }) => {
        await record(request);
        const member = this.members.find((m) => m.userId === params.userId);
        if (!member) return error(404, 'member-not-found', 'no such member in this workspace');
        const elsewhere = this.elsewhere.has(member.userId);
        if (elsewhere && !this.mailConfigured) return error(409, 'member-in-other-workspaces', 'this member also belongs to workspaces you do not administer');
        const link: MemberResetLink = {
          url: elsewhere ? null : `${location.origin}/app/reset#token=reset-${member.userId}`,
          expiresAt: later(1),
          delivery: this.mailConfigured ? delivery('queued') : null,
        };
        return HttpResponse.json(link, { status: 201 });
      }),
    );
    return this;
  }
}
