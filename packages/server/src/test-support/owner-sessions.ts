import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

/** A logged-in person's cookie and CSRF token, in one workspace. */
export interface Login {
  cookie: string;
  csrf: string;
  userId: string;
  workspaceId: string;
}

export const PASSWORD = 'a long enough password';

/**
 * Logins for flow tests: the bootstrap workspace's admin, members invited with a role, and further workspaces.
 * Every call checks its status, so a setup problem fails where it happens.
 */
export function ownerSessions(t: TestApp) {
  async function loggedIn(res: Response): Promise<Login> {
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { user: { id: string }; workspace: { id: string }; csrfToken: string };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, userId: body.user.id, workspaceId: body.workspace.id };
  }

  const login = async (email: string, workspaceId?: string) =>
    loggedIn(await t.request('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD, ...(workspaceId ? { workspaceId } : {}) } }));

  /** A request with the session's cookie (and CSRF token for writes). */
  function as(session: Login, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: session.cookie };
    if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = session.csrf;
    return t.request(method, path, { body, headers });
  }

  async function expectStatus(res: Response | Promise<Response>, status: number): Promise<Response> {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(status);
    return r;
  }

  return {
    login,
    as,
    expectStatus,
    /** The first workspace and its admin, made with the admin key. */
    async bootstrap(email: string, workspaceName = 'First'): Promise<Login> {
      await expectStatus(t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { workspaceName, email, name: email, password: PASSWORD } }), 201);
      return login(email);
    },
    /** Someone invited into `admin`'s workspace with `role`, logged in there. */
    async join(admin: Login, email: string, role: 'manager' | 'owner' | 'admin'): Promise<Login> {
      const invite = await expectStatus(as(admin, 'POST', '/api/v1/workspace/invites', { role }), 201);
      const { token } = (await invite.json()) as { token: string };
      return loggedIn(await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email, name: email, password: PASSWORD } }));
    },
    /** A new workspace made by `member` (its admin), and `member` logged in there. */
    async newWorkspace(member: Login, email: string, name: string): Promise<Login> {
      const made = await expectStatus(as(member, 'POST', '/api/v1/workspaces', { name }), 201);
      const { id } = (await made.json()) as { id: string };
      return login(email, id);
    },
  };
}
