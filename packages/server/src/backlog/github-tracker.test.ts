import { delay, http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitHubTracker } from './github-tracker.js';
import { expectBacklogError, headersOf, ITEM } from '../test-support/backlog-trackers.js';

const API = 'https://api.github.com';
const ISSUES = `${API}/repos/octocat/Hello-World/issues`;
const TOKEN = 'github_pat_test_0123456789';

/** GitHub's documented 201 answer to "Create an issue" (trimmed to a realistic subset). */
const CREATED = {
  id: 1,
  node_id: 'MDU6SXNzdWUx',
  url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347',
  repository_url: 'https://api.github.com/repos/octocat/Hello-World',
  html_url: 'https://github.com/octocat/Hello-World/issues/1347',
  number: 1347,
  state: 'open',
  title: ITEM.title,
  body: ITEM.body,
  user: { login: 'octocat', id: 1, type: 'User' },
  labels: [{ id: 208045946, name: 'performance', color: 'f29513', default: false }],
  locked: false,
  comments: 0,
  created_at: '2011-04-22T13:33:48Z',
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tracker = (options: Partial<ConstructorParameters<typeof GitHubTracker>[0]> = {}) =>
  new GitHubTracker({ owner: 'octocat', repo: 'Hello-World', token: TOKEN, timeoutMs: 2000, ...options });

function answer(status: number, body: JsonBodyType, headers: Record<string, string> = {}) {
  server.use(http.post(ISSUES, () => HttpResponse.json(body, { status, headers })));
}

describe('GitHubTracker.createItem', () => {
  it('posts title, markdown body and labels with the documented headers; answers the issue URL and owner/repo#number', async () => {
    const seen: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
    server.use(
      http.post(`${API}/repos/:owner/:repo/issues`, async ({ request }) => {
        seen.push({ method: request.method, url: request.url, headers: headersOf(request), body: await request.json() });
        return HttpResponse.json(CREATED, { status: 201 });
      }),
    );
    const created = await tracker({ labels: ['from-reelback', 'performance'] }).createItem(ITEM);

    expect(created).toEqual({ url: 'https://github.com/octocat/Hello-World/issues/1347', key: 'octocat/Hello-World#1347' });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(ISSUES);
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'content-type': 'application/json',
    });
    expect(request!.headers['user-agent']).toBeTruthy();
    expect(request!.body).toEqual({ title: ITEM.title, body: ITEM.body, labels: ['from-reelback', 'performance', 'dark mode'] });
  });

  it('uses a GitHub Enterprise API base with a path, and encodes owner and repo', async () => {
    let url = '';
    server.use(
      http.post('https://ghe.test/api/v3/repos/:owner/:repo/issues', ({ request }) => {
        url = request.url;
        return HttpResponse.json({ ...CREATED, number: 7, html_url: 'https://ghe.test/acme/web.site/issues/7' }, { status: 201 });
      }),
    );
    const created = await tracker({ apiBase: 'https://ghe.test/api/v3/', owner: 'acme', repo: 'web.site' }).createItem(ITEM);
    expect(url).toBe('https://ghe.test/api/v3/repos/acme/web.site/issues');
    expect(created).toEqual({ url: 'https://ghe.test/acme/web.site/issues/7', key: 'acme/web.site#7' });
  });

  it('401 Bad credentials: refused, not retryable', async () => {
    answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 401, message: /^GitHub refused the credentials \(HTTP 401\)$/, detail: /^Bad credentials$/ });
  });

  it('403 without rate-limit headers: refused credentials; 403 with x-ratelimit-remaining: 0: retryable until the reset', async () => {
    answer(403, { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue', status: '403' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: /^GitHub refused the credentials \(HTTP 403\)$/, detail: /not accessible by personal access token/ });

    const reset = Math.floor(Date.now() / 1000) + 120;
    answer(403, { message: 'API rate limit exceeded for user ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const error = await expectBacklogError(tracker().createItem(ITEM), { retryable: true, message: /^GitHub is rate-limiting or failing, try again later \(HTTP 403\); it asked to wait/, detail: /API rate limit exceeded/ });
    expect(error.retryAfterMs).toBeGreaterThan(110_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('404: names the repository, not retryable', async () => {
    answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue', status: '404' });
    await expectBacklogError(tracker().createItem(ITEM), {
      retryable: false,
      status: 404,
      message: /^GitHub has no repository octocat\/Hello-World, or the token cannot see it \(HTTP 404\)$/,
      detail: /^Not Found$/,
    });
  });

  it("422: GitHub's validation message and its errors, not retryable", async () => {
    answer(422, {
      message: 'Validation Failed',
      errors: [{ value: 'x'.repeat(60), resource: 'Label', field: 'name', code: 'invalid' }, { resource: 'Issue', field: 'title', code: 'missing_field' }],
      documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
      status: '422',
    });
    await expectBacklogError(tracker().createItem(ITEM), {
      retryable: false,
      status: 422,
      message: /^GitHub rejected the item \(HTTP 422; the server log has its words\)$/,
      detail: /^Validation Failed: name: invalid; title: missing_field$/,
    });
  });

  it('410: issues are turned off in the repository', async () => {
    answer(410, { message: 'Issues are disabled for this repo', documentation_url: 'https://docs.github.com/v3/issues/', status: '410' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 410, message: /issues are turned off in octocat\/Hello-World/ });
  });

  it('429 with Retry-After (seconds or HTTP date): retryable with the delay', async () => {
    answer(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '30' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 429, retryAfterMs: 30_000, message: /^GitHub is rate-limiting or failing, try again later \(HTTP 429\); it asked to wait 30 s$/, detail: /secondary rate limit/ });

    answer(429, { message: 'slow down' }, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
    const error = await expectBacklogError(tracker().createItem(ITEM), { retryable: true, message: /rate-limiting/, detail: /slow down/ });
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('5xx: retryable, with no delay when none is given', async () => {
    server.use(http.post(ISSUES, () => new HttpResponse('<html>Unicorn!</html>', { status: 502, headers: { 'content-type': 'text/html' } })));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 502, retryAfterMs: null, message: /^GitHub is rate-limiting or failing, try again later \(HTTP 502\)$/, detail: /<html>Unicorn!<\/html>/ });
  });

  it('network error and time limit: retryable', async () => {
    server.use(http.post(ISSUES, () => HttpResponse.error()));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: null, message: /^GitHub: no answer from https:\/\/api\.github\.com: it could not be reached, refused or dropped the connection, or did not answer within 2 s$/ });

    server.use(http.post(ISSUES, async () => {
      await delay(1000);
      return HttpResponse.json(CREATED, { status: 201 });
    }));
    await expectBacklogError(tracker({ timeoutMs: 100 }).createItem(ITEM), { retryable: true, message: /^GitHub: no answer from https:\/\/api\.github\.com: it could not be reached, refused or dropped the connection, or did not answer within 100 ms$/ });
  });

  it("the caller's signal stops it", async () => {
    server.use(http.post(ISSUES, async () => {
      await delay(1000);
      return HttpResponse.json(CREATED, { status: 201 });
    }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectBacklogError(tracker().createItem(ITEM, { signal: controller.signal }), { retryable: true, message: /stopped/ });
  });

  it('a 201 it cannot read, or an issue URL that is not http(s), is an error that is not retried (the issue may exist)', async () => {
    answer(201, { id: 1 });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: /GitHub answered in a form Reelback cannot read \(number: / });
    answer(201, { ...CREATED, html_url: 'javascript:alert(1)' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: /not http\(s\)/ });
  });
});

describe('GitHubTracker.check', () => {
  const REPO = `${API}/repos/octocat/Hello-World`;

  it('GETs the repository with the same headers: ok when issues are on', async () => {
    let auth: string | null = null;
    server.use(http.get(REPO, ({ request }) => {
      auth = request.headers.get('authorization');
      return HttpResponse.json({ id: 1296269, full_name: 'octocat/Hello-World', has_issues: true, private: false });
    }));
    expect(await tracker().check()).toEqual({ ok: true });
    expect(auth).toBe(`Bearer ${TOKEN}`);
  });

  it('says why not: issues off, refused token, missing repository', async () => {
    server.use(http.get(REPO, () => HttpResponse.json({ full_name: 'octocat/Hello-World', has_issues: false })));
    expect(await tracker().check()).toEqual({ ok: false, retryable: false, reason: 'issues are turned off in octocat/Hello-World' });
    server.use(http.get(REPO, () => HttpResponse.json({ message: 'Bad credentials' }, { status: 401 })));
    expect(await tracker().check()).toEqual({ ok: false, retryable: false, reason: 'GitHub refused the credentials (HTTP 401)' });
    server.use(http.get(REPO, () => HttpResponse.json({ message: 'Not Found' }, { status: 404 })));
    expect(await tracker().check()).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(/no repository octocat\/Hello-World/) });
  });
});
