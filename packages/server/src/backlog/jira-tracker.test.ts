import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { markdownToAdf } from './atlassian-document.js';
import { buildBacklogItem } from './backlog-item.js';
import { JiraTracker, jiraLabels } from './jira-tracker.js';
import { expectBacklogError, headersOf, ITEM } from '../test-support/backlog-trackers.js';

const SITE = 'https://acme.atlassian.net';
const CREATE = `${SITE}/rest/api/3/issue`;
const EMAIL = 'owner@acme.test';
const TOKEN = 'ATATT3xFfGF0-test-token';

/** Jira's documented 201 answer (`CreatedIssue`). */
const CREATED = {
  id: '10000',
  key: 'FEED-24',
  self: `${SITE}/rest/api/3/issue/10000`,
  transition: { status: 200, errorCollection: { errorMessages: [], errors: {} } },
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tracker = (options: Partial<ConstructorParameters<typeof JiraTracker>[0]> = {}) =>
  new JiraTracker({ baseUrl: SITE, email: EMAIL, apiToken: TOKEN, projectKey: 'FEED', timeoutMs: 2000, ...options });

function answer(status: number, body: JsonBodyType, headers: Record<string, string> = {}) {
  server.use(http.post(CREATE, () => HttpResponse.json(body, { status, headers })));
}

type Node = { type: string; text?: string; content?: Node[]; marks?: { type: string; attrs?: { href: string } }[] };
const textOf = (node: Node): string => node.text ?? (node.content ?? []).map(textOf).join('');
const hrefs = (node: Node): string[] => [
  ...(node.marks ?? []).filter((m) => m.type === 'link').map((m) => m.attrs!.href),
  ...(node.content ?? []).flatMap(hrefs),
];

describe('JiraTracker.createItem', () => {
  it('posts fields with Basic auth and an ADF description; answers <site>/browse/<key>', async () => {
    const seen: { method: string; url: string; headers: Record<string, string>; body: { fields: Record<string, unknown> } }[] = [];
    server.use(
      http.post(`${SITE}/rest/api/3/issue`, async ({ request }) => {
        seen.push({ method: request.method, url: request.url, headers: headersOf(request), body: (await request.json()) as never });
        return HttpResponse.json(CREATED, { status: 201 });
      }),
    );
    const created = await tracker({ labels: ['from reelback'] }).createItem(ITEM);
    expect(created).toEqual({ url: `${SITE}/browse/FEED-24`, key: 'FEED-24' });

    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(request!.headers).toMatchObject({
      authorization: `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
    });
    const { fields } = request!.body;
    expect(Object.keys(fields).sort()).toEqual(['description', 'issuetype', 'labels', 'project', 'summary']);
    expect(fields.project).toEqual({ key: 'FEED' });
    expect(fields.summary).toBe(ITEM.title);
    expect(fields.issuetype).toEqual({ name: 'Task' });
    expect(fields.labels).toEqual(['from-reelback', 'performance', 'dark-mode']);
    expect(fields.description).toEqual({
      version: 1,
      type: 'doc',
      content: [
        {
          type: 'blockquote',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'The board view is too slow. Please add a <b>dark mode</b> [now](javascript:alert(1))' }],
            },
          ],
        },
        {
          type: 'bulletList',
          content: [
            ['Flow:', ' Onboarding'],
            ['Step:', ' What slowed you down?'],
            ['Tags:', ' performance, dark mode'],
          ]
            .map(([label, value]): unknown => ({
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: label, marks: [{ type: 'strong' }] }, { type: 'text', text: value }] }],
            }))
            .concat({
              type: 'listItem',
              content: [
                {
                  type: 'paragraph',
                  content: [
                    { type: 'text', text: 'In Reelback:', marks: [{ type: 'strong' }] },
                    { type: 'text', text: ' ' },
                    { type: 'text', text: 'Open the answer', marks: [{ type: 'link', attrs: { href: ITEM.link } }] },
                  ],
                },
              ],
            }),
        },
      ],
    });
  });

  it('uses the configured issue type and a site under a path', async () => {
    let body: { fields: { issuetype: unknown } } | undefined;
    let url = '';
    server.use(http.post('https://jira.acme.test/jira/rest/api/3/issue', async ({ request }) => {
      url = request.url;
      body = (await request.json()) as never;
      return HttpResponse.json({ ...CREATED, key: 'FEED-25' }, { status: 201 });
    }));
    const created = await tracker({ baseUrl: 'https://jira.acme.test/jira/', issueType: 'Story' }).createItem(ITEM);
    expect(url).toBe('https://jira.acme.test/jira/rest/api/3/issue');
    expect(body!.fields.issuetype).toEqual({ name: 'Story' });
    expect(created.url).toBe('https://jira.acme.test/jira/browse/FEED-25');
  });

  it('viewer words from buildBacklogItem reach Jira as the same plain text, with the answer link as the only link', async () => {
    const words = 'It broke <img src=x onerror=alert(1)>. See [here](javascript:alert(1)) & <javascript:alert(2)> **now** @octocat';
    const item = buildBacklogItem({ flowName: 'Onboarding', stepTitle: 'Why?', transcript: words, link: 'https://reelback.test/a/1', tags: [] });
    const adf = markdownToAdf(item.body, item.link) as unknown as Node;
    expect(textOf(adf.content![0]!).replace(/\u200b/g, '')).toBe(words);
    expect(hrefs(adf)).toEqual(['https://reelback.test/a/1']);
  });

  it('adds a paragraph with the link when the body has none, and never links anything but http(s)', () => {
    const adf = markdownToAdf('Plain words.\n\n[bad](javascript:alert(1)) and <data:text/html,x>', 'https://reelback.test/a/2') as unknown as Node;
    expect(hrefs(adf)).toEqual(['https://reelback.test/a/2']);
    expect(textOf(adf.content![1]!)).toBe('[bad](javascript:alert(1)) and <data:text/html,x>');
    expect(adf.content![2]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'Answer in Reelback', marks: [{ type: 'link', attrs: { href: 'https://reelback.test/a/2' } }] }],
    });
  });

  it('labels: whitespace becomes "-", no repeats, no empties', () => {
    expect(jiraLabels([' dark mode ', 'dark-mode', 'slow\tboard  view', '', 'ok'])).toEqual(['dark-mode', 'slow-board-view', 'ok']);
  });

  it('401: refused credentials, not retryable', async () => {
    server.use(http.post(CREATE, () => new HttpResponse('Client must be authenticated to access this resource.', { status: 401, headers: { 'content-type': 'text/plain' } })));
    await expectBacklogError(tracker().createItem(ITEM), {
      retryable: false,
      status: 401,
      message: /^Jira refused the credentials \(HTTP 401\)$/,
      detail: /^Client must be authenticated to access this resource\.$/,
    });
  });

  it('404: names the project and site', async () => {
    answer(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 404, message: /^Jira at https:\/\/acme\.atlassian\.net has no project FEED, or the account cannot see it/ });
  });

  it("400: Jira's field errors, not retryable", async () => {
    answer(400, { errorMessages: [], errors: { issuetype: 'Specify a valid issue type', labels: 'The label cannot contain spaces.' } });
    await expectBacklogError(tracker().createItem(ITEM), {
      retryable: false,
      status: 400,
      message: /^Jira rejected the item \(HTTP 400; the server log has its words\)$/,
      detail: /^issuetype: Specify a valid issue type; labels: The label cannot contain spaces\.$/,
    });
  });

  it('429 with Retry-After, 503 and network errors: retryable', async () => {
    answer(429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '7' });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 429, retryAfterMs: 7000, message: /^Jira is rate-limiting or failing, try again later \(HTTP 429\); it asked to wait 7 s$/, detail: /Rate limit exceeded/ });
    answer(503, { errorMessages: ['Service unavailable'] });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 503, retryAfterMs: null, message: /HTTP 503/ });
    server.use(http.post(CREATE, () => HttpResponse.error()));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, message: /^Jira: no answer from https:\/\/acme\.atlassian\.net: it could not be reached, refused or dropped the connection, or did not answer within/ });
  });

  it('a 201 without a key is an error, not retried', async () => {
    answer(201, { id: '10000', self: `${SITE}/rest/api/3/issue/10000` });
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, message: /cannot read \(key: / });
  });
});

describe('JiraTracker.check', () => {
  it('GETs the project with Basic auth', async () => {
    let auth: string | null = null;
    server.use(http.get(`${SITE}/rest/api/3/project/FEED`, ({ request }) => {
      auth = request.headers.get('authorization');
      return HttpResponse.json({ id: '10000', key: 'FEED', name: 'Feedback', self: `${SITE}/rest/api/3/project/10000` });
    }));
    expect(await tracker().check()).toEqual({ ok: true });
    expect(auth).toBe(`Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`);
  });

  it('says when the project is missing', async () => {
    server.use(http.get(`${SITE}/rest/api/3/project/FEED`, () => HttpResponse.json({ errorMessages: ['No project could be found with key \'FEED\'.'], errors: {} }, { status: 404 })));
    expect(await tracker().check()).toEqual({
      ok: false,
      retryable: false,
      reason: 'Jira at https://acme.atlassian.net has no project FEED, or the account cannot see it (HTTP 404)',
    });
  });
});
