// The settings page's API (#5 contract) on top of FakeApi's auth: the person's workspaces and switching,
// the workspace's members (and no open invites), and the backlog tracker settings (stored with its secret, served redacted).
import { http, HttpResponse } from 'msw';
import type { AuthInfo, Role } from '../api/api-client.js';
import { FakeApi, OWNER, worker } from './fake-api.js';
import type { SeenRequest } from './fake-answer-page.js';

export const WORKSPACES = [
  { id: 'wsp_1', name: 'Acme Boards', role: 'owner' },
  { id: 'wsp_2', name: 'Acme Labs', role: 'admin' },
  { id: 'wsp_3', name: '<img src=x onerror=alert(1)>', role: 'manager' },
];

export const MEMBERS = [
  { userId: 'usr_1', email: 'maya@example.com', name: 'Maya Owner', role: 'owner', joinedAt: '2025-01-01T00:00:00.000Z', lastActiveAt: null },
  { userId: 'usr_2', email: 'ann@example.com', name: 'Ann Admin', role: 'admin', joinedAt: '2025-01-01T00:00:00.000Z', lastActiveAt: null },
  { userId: 'usr_3', email: 'bo@example.com', name: 'Bo Manager', role: 'manager', joinedAt: '2025-01-01T00:00:00.000Z', lastActiveAt: null },
];

export const GITHUB_TOKEN = 'ghp_abcdefghijklmnop9x';

const SECRET_FIELD: Record<string, string> = { github: 'token', jira: 'apiToken', linear: 'apiKey', webhook: 'secret' };
const redact = (secret: string) => (secret.length > 12 ? `${secret.slice(0, 4)}…${secret.slice(-2)}` : '…');

export class FakeSettings {
  role: Role = 'admin';
  workspaces = WORKSPACES.map((w) => ({ ...w }));
  currentWorkspaceId = 'wsp_1';
  members = MEMBERS;
  /** The stored configuration, secret in clear (as the server has it after decrypting). */
  tracker: Record<string, unknown> | null = null;
  /** The next PUT answers 400 with these issues, when set. */
  putIssues: { path: string[]; message: string }[] | null = null;
  checkResult: { ok: true } | { ok: false; reason: string; retryable: boolean } = { ok: true };
  /** `/auth/workspaces` answers this status instead, when set. */
  workspacesFailure: number | null = null;
  readonly requests: SeenRequest[] = [];
  readonly base = new FakeApi();

  sent(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
  }

  private redacted(): Record<string, unknown> | null {
    if (!this.tracker) return null;
    const field = SECRET_FIELD[String(this.tracker.kind)]!;
    return { ...this.tracker, [field]: redact(String(this.tracker[field])) };
  }

  private me(): AuthInfo {
    const workspace = this.workspaces.find((w) => w.id === this.currentWorkspaceId)!;
    return { ...OWNER, role: this.role, workspace: { id: workspace.id, name: workspace.name }, csrfToken: `csrf-${workspace.id}` };
  }

  install(): this {
    this.base.signedIn = true;
    this.base.install();
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      this.requests.push({ method: request.method, path: url.pathname, search: url.search, csrf: request.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    };
    const adminOnly = () =>
      this.role === 'admin' ? null : HttpResponse.json({ error: { code: 'forbidden', message: 'Only admins may do this.' } }, { status: 403 });
    worker.use(
      http.get('/api/v1/auth/me', async ({ request }) => {
        await record(request);
        return HttpResponse.json(this.me());
      }),
      http.get('/api/v1/auth/workspaces', async ({ request }) => {
        await record(request);
        if (this.workspacesFailure) return HttpResponse.json({ error: { code: 'unavailable', message: 'The database is not reachable.' } }, { status: this.workspacesFailure });
        const workspaces = this.workspaces.map((w) => (w.id === this.currentWorkspaceId ? { ...w, role: this.role } : w));
        return HttpResponse.json({ workspaces, currentWorkspaceId: this.currentWorkspaceId });
      }),
      http.post('/api/v1/auth/workspace', async ({ request }) => {
        await record(request);
        const { workspaceId } = (await request.json()) as { workspaceId: string };
        const target = this.workspaces.find((w) => w.id === workspaceId);
        if (!target) return HttpResponse.json({ error: { code: 'workspace_not_found', message: 'You are not a member of that workspace.' } }, { status: 404 });
        this.currentWorkspaceId = target.id;
        this.role = target.role;
        return HttpResponse.json(this.me());
      }),
      http.get('/api/v1/workspace/members', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ members: this.members });
      }),
      // Settings → Members (fake-members.ts plays it in full): nothing open here.
      http.get('/api/v1/workspace/invites', async ({ request }) => {
        await record(request);
        return adminOnly() ?? HttpResponse.json({ invites: [], mail: { configured: false } });
      }),
      http.get('/api/v1/workspace/tracker', async ({ request }) => {
        await record(request);
        return adminOnly() ?? HttpResponse.json({ tracker: this.redacted() });
      }),
      http.put('/api/v1/workspace/tracker', async ({ request }) => {
        await record(request);
        const refused = adminOnly();
        if (refused) return refused;
        const body = (await request.json()) as Record<string, unknown>;
        if (this.putIssues) {
          const issues = this.putIssues.map((i) => ({ ...i, code: 'custom' }));
          this.putIssues = null;
          return HttpResponse.json({ error: { code: 'invalid-request', message: `${issues[0]!.path.join('.')}: ${issues[0]!.message}`, issues } }, { status: 400 });
        }
        const field = SECRET_FIELD[String(body.kind)]!;
        // A secret left out, or sent back redacted, keeps the stored one (of the same kind).
        const stored = this.tracker;
        const keep = body[field] === undefined || (stored && body[field] === this.redacted()![field]);
        if (keep) {
          if (!stored || stored.kind !== body.kind) {
            return HttpResponse.json(
              { error: { code: 'invalid-request', message: `${field}: is required`, issues: [{ path: [field], message: 'is required', code: 'custom' }] } },
              { status: 400 },
            );
          }
          body[field] = stored[field];
        }
        this.tracker = body;
        return HttpResponse.json({ tracker: this.redacted() });
      }),
      http.delete('/api/v1/workspace/tracker', async ({ request }) => {
        await record(request);
        const refused = adminOnly();
        if (refused) return refused;
        this.tracker = null;
        return new HttpResponse(null, { status: 204 });
      }),
      http.post('/api/v1/workspace/tracker/check', async ({ request }) => {
        await record(request);
        const refused = adminOnly();
        if (refused) return refused;
        if (!this.tracker) return HttpResponse.json({ error: { code: 'no_tracker', message: 'No tracker is configured.' } }, { status: 409 });
        return HttpResponse.json(this.checkResult);
      }),
    );
    return this;
  }
}
