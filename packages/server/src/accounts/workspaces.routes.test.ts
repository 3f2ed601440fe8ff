import { type AnswerList, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

interface Login {
  cookie: string;
  csrf: string;
  workspaceId: string;
}

const PASSWORD = 'a long enough password';
const textFlow = {
  name: 'One question',
  steps: [
    { id: 'ask', prompt: { title: 'Anything?' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/** Listing the caller's workspaces and moving a cookie session between them (issue #5). */
describe.each(storageFactories)('my workspaces on $name', (factory) => {
  const t = useTestApp(factory);
  let ada: Login;
  let workspaceA = '';
  let workspaceB = '';
  let workspaceC = '';
  let answerA = '';

  async function loggedIn(res: Response): Promise<Login> {
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { workspace: { id: string }; csrfToken: string };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, workspaceId: body.workspace.id };
  }

  function as(session: Login, method: string, path: string, init: { body?: unknown; csrf?: string | null } = {}) {
    const headers: Record<string, string> = { cookie: session.cookie };
    const csrf = init.csrf === undefined ? session.csrf : init.csrf;
    if (csrf !== null && method !== 'GET') headers['x-csrf-token'] = csrf;
    return t.request(method, path, { body: init.body, headers });
  }

  async function expectStatus(res: Response | Promise<Response>, status: number): Promise<Response> {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(status);
    return r;
  }

  /** A published flow in the session's workspace with one text answer; returns the answer's id. */
  async function answerIn(session: Login, text: string): Promise<string> {
    const flowId = uniqueFlowId('switch');
    await expectStatus(as(session, 'POST', '/api/v1/flows', { body: { id: flowId, definition: textFlow } }), 201);
    await expectStatus(as(session, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    const sessionId = uuidv7();
    await expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('ask')];
    const answer = { ...e.viewed('ask'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'ask', answer: { kind: 'text', text }, nextStepId: 'end' } };
    await expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, answer] } }), 202);
    return answer.id;
  }

  async function inbox(session: Login): Promise<string[]> {
    const res = await expectStatus(as(session, 'GET', '/api/v1/answers'), 200);
    return ((await res.json()) as AnswerList).answers.map((a) => a.id);
  }

  it("lists the user's workspaces with their role in each, and the current one", async () => {
    await expectStatus(t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { workspaceName: 'Acme', email: 'ada@example.org', name: 'Ada', password: PASSWORD } }), 201);
    ada = await loggedIn(await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: PASSWORD } }));
    workspaceA = ada.workspaceId;
    answerA = await answerIn(ada, 'said in Acme');
    workspaceB = ((await (await expectStatus(as(ada, 'POST', '/api/v1/workspaces', { body: { name: 'Beta' } }), 201)).json()) as { id: string }).id;

    // Bo joins Acme as a manager and makes workspace C, which Ada is not in.
    const invite = await expectStatus(as(ada, 'POST', '/api/v1/workspace/invites', { body: { role: 'manager' } }), 201);
    const { token } = (await invite.json()) as { token: string };
    const bo = await loggedIn(await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'bo@example.org', name: 'Bo', password: PASSWORD } }));
    workspaceC = ((await (await expectStatus(as(bo, 'POST', '/api/v1/workspaces', { body: { name: 'Gamma' } }), 201)).json()) as { id: string }).id;

    const mine = await expectStatus(as(ada, 'GET', '/api/v1/auth/workspaces'), 200);
    expect(await mine.json()).toEqual({
      workspaces: [
        { id: workspaceA, name: 'Acme', role: 'admin' },
        { id: workspaceB, name: 'Beta', role: 'admin' },
      ],
      currentWorkspaceId: workspaceA,
    });
    expect(await (await as(bo, 'GET', '/api/v1/auth/workspaces')).json()).toEqual({
      workspaces: [
        { id: workspaceA, name: 'Acme', role: 'manager' },
        { id: workspaceC, name: 'Gamma', role: 'admin' },
      ],
      currentWorkspaceId: workspaceA,
    });
    await expectStatus(t.request('GET', '/api/v1/auth/workspaces'), 401);
  });

  it('switches the cookie session: a new cookie and CSRF token, the same end, and the other workspace\'s data', async () => {
    await expectStatus(as(ada, 'POST', '/api/v1/auth/workspace', { body: { workspaceId: workspaceB }, csrf: null }), 403);
    await expectStatus(as(ada, 'POST', '/api/v1/auth/workspace', { body: { workspaceId: workspaceB }, csrf: 'wrong' }), 403);
    const notMine = await expectStatus(as(ada, 'POST', '/api/v1/auth/workspace', { body: { workspaceId: workspaceC } }), 404);
    expect(((await notMine.json()) as { error: { code: string } }).error.code).toBe('workspace-not-found');
    await expectStatus(as(ada, 'POST', '/api/v1/auth/workspace', { body: { workspaceId: 'no-such-workspace' } }), 404);
    await expectStatus(as(ada, 'POST', '/api/v1/auth/workspace', { body: {} }), 400);
    // Nothing of that moved the session.
    expect(await inbox(ada)).toEqual([answerA]);

    const res = await expectStatus(as(ada, 'POST', '/api/v1/auth/workspace', { body: { workspaceId: workspaceB } }), 200);
    const body = (await res.json()) as { user: { email: string }; workspace: { id: string; name: string }; role: string; via: string; csrfToken: string };
    expect(body).toMatchObject({ user: { email: 'ada@example.org' }, workspace: { id: workspaceB, name: 'Beta' }, role: 'admin', via: 'session' });
    const setCookie = res.headers.get('set-cookie')!;
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(1209600 - 60);
    expect(maxAge).toBeLessThan(1209600);
    const inB: Login = { cookie: setCookie.split(';')[0]!, csrf: body.csrfToken, workspaceId: workspaceB };
    expect(inB.cookie).not.toBe(ada.cookie);
    expect(inB.csrf).not.toBe(ada.csrf);

    // The old cookie is over; the new one answers /me as the switch did, and acts in B.
    await expectStatus(as(ada, 'GET', '/api/v1/auth/me'), 401);
    expect(await (await as(inB, 'GET', '/api/v1/auth/me')).json()).toEqual(body);
    expect(await inbox(inB)).toEqual([]);
    await expectStatus(as({ ...inB, csrf: ada.csrf }, 'POST', '/api/v1/workspaces', { body: { name: 'Old token' } }), 403);
    const answerB = await answerIn(inB, 'said in Beta');
    expect(await inbox(inB)).toEqual([answerB]);
    await expectStatus(as(inB, 'GET', `/api/v1/answers/${answerA}`), 404);
    expect(((await (await as(inB, 'GET', '/api/v1/auth/workspaces')).json()) as { currentWorkspaceId: string }).currentWorkspaceId).toBe(workspaceB);

    // And back.
    const back = await loggedIn(await as(inB, 'POST', '/api/v1/auth/workspace', { body: { workspaceId: workspaceA } }));
    expect(back.workspaceId).toBe(workspaceA);
    expect(await inbox(back)).toEqual([answerA]);
  });

  it('keys are bound to one workspace: listed alone, and switching is a 400', async () => {
    const admin = await loggedIn(await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: PASSWORD, workspaceId: workspaceB } }));
    const made = await expectStatus(as(admin, 'POST', '/api/v1/workspace/api-keys', { body: { name: 'ci', scopes: ['read', 'write'] } }), 201);
    const { key } = (await made.json()) as { key: string };
    const bearer = (method: string, path: string, body?: unknown) => t.request(method, path, { body, headers: { authorization: `Bearer ${key}` } });

    expect(await (await expectStatus(bearer('GET', '/api/v1/auth/workspaces'), 200)).json()).toEqual({
      workspaces: [{ id: workspaceB, name: 'Beta', role: 'owner' }],
      currentWorkspaceId: workspaceB,
    });
    const refused = await expectStatus(bearer('POST', '/api/v1/auth/workspace', { workspaceId: workspaceA }), 400);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('key-bound-to-workspace');
    expect(error.message).toMatch(/API keys .*bound to one workspace/);
    await expectStatus(t.request('POST', '/api/v1/auth/workspace', { owner: true, body: { workspaceId: workspaceB } }), 400);
    expect(await (await t.request('GET', '/api/v1/auth/workspaces', { owner: true })).json()).toEqual({
      workspaces: [{ id: workspaceA, name: 'Acme', role: 'admin' }],
      currentWorkspaceId: workspaceA,
    });
  });
});
