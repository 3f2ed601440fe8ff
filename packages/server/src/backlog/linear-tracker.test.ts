import { graphql, http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LINEAR_API_URL, LinearTracker } from './linear-tracker.js';
import { expectBacklogError, ITEM } from '../test-support/backlog-trackers.js';

const KEY = 'lin_api_test0123456789abcdef';
const TEAM = '9cfb482a-81e3-4154-b5b9-2c805e70a02d';
const linear = graphql.link(LINEAR_API_URL);

const CREATED = {
  data: {
    issueCreate: {
      success: true,
      issue: { id: 'a8ed3a92-1f6a-4ac4-9d2f-1cb0c2f2b1a4', identifier: 'ENG-123', url: 'https://linear.app/acme/issue/ENG-123/the-board-view-is-too-slow' },
    },
  },
};

/** A GraphQL error as Linear sends it: `extensions.code`, `type`, `userPresentableMessage`. */
const linearError = (message: string, code: string, type: string, userPresentableMessage?: string) => ({
  errors: [{ message, extensions: { code, type, userError: true, ...(userPresentableMessage ? { userPresentableMessage } : {}) } }],
  data: null,
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tracker = (options: Partial<ConstructorParameters<typeof LinearTracker>[0]> = {}) =>
  new LinearTracker({ apiKey: KEY, teamId: TEAM, timeoutMs: 2000, ...options });

function answer(status: number, body: JsonBodyType, headers: Record<string, string> = {}) {
  server.use(http.post(LINEAR_API_URL, () => HttpResponse.json(body, { status, headers })));
}

describe('LinearTracker.createItem', () => {
  it('sends the issueCreate mutation with teamId, title, description and label ids; the personal key with no scheme', async () => {
    const seen: { auth: string | null; contentType: string | null; query: string; variables: Record<string, unknown>; operationName: string | undefined }[] = [];
    server.use(
      linear.mutation('ReelbackIssueCreate', ({ request, query, variables, operationName }) => {
        seen.push({ auth: request.headers.get('authorization'), contentType: request.headers.get('content-type'), query, variables, operationName });
        return HttpResponse.json(CREATED);
      }),
    );
    const created = await tracker({ labelIds: ['label-feedback'], labelIdsByTag: { performance: 'label-perf', other: 'label-other' } }).createItem(ITEM);

    expect(created).toEqual({ key: 'ENG-123', url: 'https://linear.app/acme/issue/ENG-123/the-board-view-is-too-slow' });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.auth).toBe(KEY);
    expect(request!.contentType).toBe('application/json');
    expect(request!.operationName).toBe('ReelbackIssueCreate');
    const compact = request!.query.replace(/\s+/g, ' ');
    expect(compact).toContain('mutation ReelbackIssueCreate($input: IssueCreateInput!)');
    expect(compact).toContain('issueCreate(input: $input) { success issue { id identifier url } }');
    expect(request!.variables).toEqual({
      input: { teamId: TEAM, title: ITEM.title, description: ITEM.body, labelIds: ['label-feedback', 'label-perf'] },
    });
  });

  it('sends no labelIds when none apply; an OAuth token as Bearer', async () => {
    const seen: { auth: string | null; input: unknown }[] = [];
    server.use(linear.mutation('ReelbackIssueCreate', ({ request, variables }) => {
      seen.push({ auth: request.headers.get('authorization'), input: variables.input });
      return HttpResponse.json(CREATED);
    }));
    await tracker({ tokenType: 'oauth', apiKey: 'oauth-access-token' }).createItem(ITEM);
    expect(seen).toEqual([{ auth: 'Bearer oauth-access-token', input: { teamId: TEAM, title: ITEM.title, description: ITEM.body } }]);
  });

  it('GraphQL authentication error (HTTP 400 with errors): refused credentials, not retryable', async () => {
    answer(400, linearError('Authentication required, not authenticated', 'AUTHENTICATION_ERROR', 'authentication error', 'You need to authenticate to access this operation.'));
    await expectBacklogError(tracker().createItem(ITEM), {
      retryable: false,
      status: 400,
      message: /^Linear refused the credentials \(HTTP 400\)$/,
      detail: /^You need to authenticate to access this operation\.$/,
    });
  });

  it('GraphQL FORBIDDEN: refused credentials naming the team', async () => {
    answer(200, linearError('Forbidden', 'FORBIDDEN', 'forbidden', 'You do not have access to this team.'));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: new RegExp(`refused the credentials: they cannot create issues in team ${TEAM}`) });
  });

  it('GraphQL entity not found: names the team, not retryable', async () => {
    answer(200, linearError('Entity not found: Team', 'INVALID_INPUT', 'invalid input', 'Could not find referenced Team.'));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: new RegExp(`^Linear has no team ${TEAM}`) });
  });

  it("GraphQL validation error: the user-presentable message, not retryable", async () => {
    answer(400, linearError('Argument Validation Error', 'INVALID_INPUT', 'invalid input', 'title must be shorter than or equal to 255 characters'));
    await expectBacklogError(tracker().createItem(ITEM), {
      retryable: false,
      message: /^Linear rejected the item \(HTTP 400; the server log has its words\)$/,
      detail: /^title must be shorter than or equal to 255 characters$/,
    });
  });

  it('GraphQL RATELIMITED: retryable, waiting until X-RateLimit-Requests-Reset', async () => {
    const reset = Date.now() + 45_000;
    answer(400, linearError('Rate limit exceeded', 'RATELIMITED', 'ratelimited'), {
      'x-ratelimit-requests-limit': '1500',
      'x-ratelimit-requests-remaining': '0',
      'x-ratelimit-requests-reset': String(reset),
    });
    const error = await expectBacklogError(tracker().createItem(ITEM), { retryable: true, message: /^Linear is rate-limiting or failing, try again later \(HTTP 400\); it asked to wait/, detail: /Rate limit exceeded/ });
    expect(error.retryAfterMs).toBeGreaterThan(40_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(45_000);
  });

  it('success: false is an error', async () => {
    answer(200, { data: { issueCreate: { success: false, issue: null } } });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: /did not create the issue \(issueCreate answered success: false\)/ });
  });

  it('HTTP 401, 404 without a GraphQL body; 429 with Retry-After; 500; network error', async () => {
    server.use(http.post(LINEAR_API_URL, () => new HttpResponse('Unauthorized', { status: 401 })));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 401, message: /^Linear refused the credentials \(HTTP 401\)$/, detail: /^Unauthorized$/ });
    server.use(http.post(LINEAR_API_URL, () => new HttpResponse('Not found', { status: 404 })));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 404, message: /^Linear has no GraphQL API at https:\/\/api\.linear\.app\/graphql/ });
    answer(429, { message: 'Too many requests' }, { 'retry-after': '12' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 429, retryAfterMs: 12_000, message: /rate-limiting/ });
    server.use(http.post(LINEAR_API_URL, () => new HttpResponse('upstream error', { status: 500 })));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 500, message: /^Linear is rate-limiting or failing, try again later \(HTTP 500\)$/, detail: /upstream error/ });
    server.use(http.post(LINEAR_API_URL, () => HttpResponse.error()));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, message: /^Linear: no answer from https:\/\/api\.linear\.app: it could not be reached, refused or dropped the connection, or did not answer within/ });
  });

  it('an issue URL that is not http(s) is refused', async () => {
    answer(200, { data: { issueCreate: { success: true, issue: { id: 'x', identifier: 'ENG-1', url: 'javascript:alert(1)' } } } });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: /not http\(s\)/ });
  });
});

describe('LinearTracker.check', () => {
  it('queries the team by id', async () => {
    const seen: unknown[] = [];
    server.use(linear.query('ReelbackTeam', ({ variables, query }) => {
      seen.push({ variables, query: query.replace(/\s+/g, ' ') });
      return HttpResponse.json({ data: { team: { id: TEAM, key: 'ENG', name: 'Engineering' } } });
    }));
    expect(await tracker().check()).toEqual({ ok: true });
    expect(seen).toEqual([{ variables: { id: TEAM }, query: 'query ReelbackTeam($id: String!) { team(id: $id) { id key name } }' }]);
  });

  it('says why not', async () => {
    answer(400, linearError('Authentication required, not authenticated', 'AUTHENTICATION_ERROR', 'authentication error'));
    expect(await tracker().check()).toEqual({ ok: false, retryable: false, reason: 'Linear refused the credentials (HTTP 400)' });
  });
});
