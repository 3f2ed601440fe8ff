// The first run's and the invite page's API (#13 contract) on top of FakeApi's inbox: the session is whoever
// `me` says, setup takes SETUP_CODE while pending, and invites are previewed, accepted and joined as the server
// does (packages/server/src/accounts/setup.routes.ts, invites.routes.ts).
import { http, HttpResponse } from 'msw';
import type { AuthInfo } from '../api/api-client.js';
import type { InvitePreview } from '../invite/invite-api.js';
import { FakeApi, worker } from './fake-api.js';

export const SETUP_CODE = 'ABCD-EFGH-JKMN-PQRS';

export interface FakeInvite extends InvitePreview {
  workspaceId: string;
}

export interface SeenCall {
  method: string;
  path: string;
  csrf: string | null;
  body: Record<string, unknown> | undefined;
}

const problem = (status: number, code: string, message: string, issues?: { path: string[]; message: string }[]) =>
  HttpResponse.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status });

export class FakeFirstRun {
  pending = false;
  /** The cookie session, as the server sees it. */
  me: AuthInfo | null = null;
  /** Accounts by e-mail. */
  users = new Map<string, { name: string; password: string }>();
  invites = new Map<string, FakeInvite>();
  readonly calls: SeenCall[] = [];
  readonly base = new FakeApi();
  private sessions = 0;

  sent(method: string, path: string): SeenCall[] {
    return this.calls.filter((c) => c.method === method && c.path === `/api/v1${path}`);
  }

  /** Logs `email` in (as the fake cookie would), in `workspace` with `role`. */
  signIn(email: string, workspace = { id: 'wsp_1', name: 'Acme Boards' }, role = 'owner'): AuthInfo {
    const user = this.users.get(email);
    this.me = { user: { id: `usr_${email}`, email, name: user?.name ?? email }, workspace, role, csrfToken: `csrf-${++this.sessions}` };
    this.base.signedIn = true;
    return this.me;
  }

  private signOut(): void {
    this.me = null;
    this.base.signedIn = false;
  }

  install(): this {
    this.base.signedIn = this.me !== null;
    this.base.install();
    const record = async (request: Request): Promise<Record<string, unknown> | undefined> => {
      const text = request.method === 'GET' ? '' : await request.clone().text();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      this.calls.push({ method: request.method, path: new URL(request.url).pathname, csrf: request.headers.get('x-csrf-token'), body });
      return body;
    };
    const unauthorized = () => problem(401, 'unauthorized', 'Please log in.');
    const liveInvite = (token: unknown) => {
      const invite = this.invites.get(String(token));
      return invite && invite.state === 'pending' ? invite : undefined;
    };
    worker.use(
      http.get('/api/v1/auth/me', async ({ request }) => {
        await record(request);
        return this.me ? HttpResponse.json(this.me) : unauthorized();
      }),
      http.post('/api/v1/auth/login', async ({ request }) => {
        const body = (await record(request))!;
        const user = this.users.get(String(body.email));
        if (!user || user.password !== body.password) return problem(401, 'bad-credentials', 'the e-mail or password is wrong');
        return HttpResponse.json(this.signIn(String(body.email)));
      }),
      http.post('/api/v1/auth/logout', async ({ request }) => {
        await record(request);
        if (!this.me) return unauthorized();
        if (request.headers.get('x-csrf-token') !== this.me.csrfToken) return problem(403, 'csrf', 'Missing CSRF token.');
        this.signOut();
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('/api/v1/setup', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ pending: this.pending });
      }),
      http.post('/api/v1/setup', async ({ request }) => {
        const body = (await record(request))!;
        if (!this.pending) return problem(409, 'already-set-up', 'Reelback is set up already: log in, or ask an admin for an invite');
        const code = String(body.code).toUpperCase().replace(/[\s-]/g, '');
        if (code !== SETUP_CODE.replace(/-/g, '')) return problem(403, 'setup-code-wrong', "code: this is not the setup code", [{ path: ['code'], message: 'not the setup code' }]);
        if (String(body.timeZone) === 'Mars/Olympus') return problem(400, 'invalid-request', 'timeZone: unknown time zone', [{ path: ['timeZone'], message: 'unknown time zone' }]);
        this.pending = false;
        this.users.set(String(body.email), { name: String(body.name), password: String(body.password) });
        return HttpResponse.json(this.signIn(String(body.email), { id: 'wsp_new', name: String(body.workspaceName) }, 'admin'), { status: 201 });
      }),
      http.post('/api/v1/auth/invites/preview', async ({ request }) => {
        const body = (await record(request))!;
        const invite = this.invites.get(String(body.token));
        if (!invite) return problem(404, 'invite-not-found', 'there is no such invite', [{ path: ['token'], message: 'no such invite' }]);
        const { workspaceId: _, ...preview } = invite;
        return HttpResponse.json({ ...preview, hasAccount: invite.email === null ? null : this.users.has(invite.email) });
      }),
      http.post('/api/v1/auth/invites/accept', async ({ request }) => {
        const body = (await record(request))!;
        const invite = liveInvite(body.token);
        if (!invite) return problem(404, 'invite-invalid', 'this invite does not exist, was used already, or has expired');
        const email = String(body.email);
        if (invite.email !== null && invite.email !== email) return problem(403, 'invite-email-mismatch', 'this invite is for another e-mail address');
        const user = this.users.get(email);
        if (user && user.password !== body.password) return problem(401, 'bad-credentials', 'the e-mail or password is wrong');
        if (!user) {
          if (!body.name) return problem(400, 'name-required', 'name: a new account needs a name', [{ path: ['name'], message: 'a new account needs a name' }]);
          this.users.set(email, { name: String(body.name), password: String(body.password) });
        }
        invite.state = 'used';
        return HttpResponse.json(this.signIn(email, { id: invite.workspaceId, name: invite.workspace.name }, invite.role));
      }),
      http.post('/api/v1/auth/invites/join', async ({ request }) => {
        const body = (await record(request))!;
        if (!this.me) return unauthorized();
        if (request.headers.get('x-csrf-token') !== this.me.csrfToken) return problem(403, 'csrf', 'Missing CSRF token.');
        const invite = this.invites.get(String(body.token));
        if (!invite) return problem(404, 'invite-not-found', 'there is no such invite');
        if (invite.state !== 'pending') return problem(410, `invite-${invite.state}`, 'this invite was used already');
        if (invite.email !== null && invite.email !== this.me.user.email) return problem(403, 'invite-email-mismatch', 'this invite is for another e-mail');
        if (this.me.workspace.id === invite.workspaceId) return problem(409, 'already-member', 'you are a member of this workspace already');
        invite.state = 'used';
        return HttpResponse.json(this.signIn(this.me.user.email, { id: invite.workspaceId, name: invite.workspace.name }, invite.role));
      }),
    );
    return this;
  }
}

/** An invite to Acme Labs, as an admin named Ada made it. */
export function anInvite(overrides: Partial<FakeInvite> = {}): FakeInvite {
  return {
    workspaceId: 'wsp_labs',
    workspace: { name: 'Acme Labs' },
    role: 'manager',
    email: 'bo@example.com',
    invitedBy: 'Ada Admin',
    state: 'pending',
    expiresAt: '2030-01-01T00:00:00.000Z',
    hasAccount: null,
    ...overrides,
  };
}
