import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectBacklogError, headersOf, ITEM } from '../test-support/backlog-trackers.js';
import { WebhookTracker } from './webhook-tracker.js';

const URL_ = 'https://hooks.acme.test/reelback';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tracker = (options: Partial<ConstructorParameters<typeof WebhookTracker>[0]> = {}) =>
  new WebhookTracker({ url: URL_, secret: SECRET, timeoutMs: 2000, ...options });

function answer(response: () => Response) {
  server.use(http.post(URL_, response));
}

describe('WebhookTracker.createItem', () => {
  it('posts the item as JSON signed per Standard Webhooks; the receiver verifies it with the standardwebhooks package', async () => {
    const seen: { method: string; headers: Record<string, string>; raw: string; verified: unknown }[] = [];
    server.use(
      http.post(URL_, async ({ request }) => {
        const raw = await request.text();
        const headers = headersOf(request);
        seen.push({ method: request.method, headers, raw, verified: new Webhook(SECRET).verify(raw, headers) });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const created = await tracker().createItem(ITEM);

    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(request!.verified).toEqual({ type: 'reelback.backlog.item', title: ITEM.title, body: ITEM.body, link: ITEM.link, tags: ITEM.tags });
    expect(Object.keys(JSON.parse(request!.raw))).toEqual(['type', 'title', 'body', 'link', 'tags']);
    // No Location and no JSON: the webhook URL with the message id.
    expect(created).toEqual({ url: `${URL_}#${request!.headers['webhook-id']}`, key: request!.headers['webhook-id'] });
  });

  it('uses the idempotency key as webhook-id, so a retry is the same message', async () => {
    const ids: string[] = [];
    server.use(http.post(URL_, ({ request }) => {
      ids.push(request.headers.get('webhook-id')!);
      return new HttpResponse(null, { status: 202 });
    }));
    await tracker().createItem(ITEM, { idempotencyKey: 'backlog_ans_1.v2' });
    await tracker().createItem(ITEM, { idempotencyKey: 'backlog_ans_1.v2' });
    expect(ids).toEqual(['backlog_ans_1_v2', 'backlog_ans_1_v2']);
  });

  it('takes the item URL from Location (relative resolved), else from a JSON { url, key }', async () => {
    answer(() => new HttpResponse(null, { status: 201, headers: { location: '/items/77' } }));
    expect((await tracker().createItem(ITEM)).url).toBe('https://hooks.acme.test/items/77');

    answer(() => HttpResponse.json({ url: 'https://tracker.acme.test/items/78', key: 'ITEM-78' }, { status: 200 }));
    expect(await tracker().createItem(ITEM)).toEqual({ url: 'https://tracker.acme.test/items/78', key: 'ITEM-78' });

    answer(() => HttpResponse.json({ url: 'https://tracker.acme.test/items/79', id: 79 }, { status: 201, headers: { location: 'https://tracker.acme.test/x/79' } }));
    expect(await tracker().createItem(ITEM)).toEqual({ url: 'https://tracker.acme.test/x/79', key: '79' });
  });

  it('ignores an item URL that is not http(s)', async () => {
    answer(() => HttpResponse.json({ url: 'javascript:alert(1)' }, { status: 201, headers: { location: 'javascript:alert(2)' } }));
    const created = await tracker().createItem(ITEM, { idempotencyKey: 'k1' });
    expect(created).toEqual({ url: `${URL_}#k1`, key: 'k1' });
  });

  it('401/403: refused credentials; 404: names the URL; 422: the receiver\'s message', async () => {
    answer(() => HttpResponse.json({ error: 'invalid signature' }, { status: 401 }));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 401, message: /^the webhook receiver refused the credentials \(HTTP 401\)$/, detail: /^invalid signature$/ });
    answer(() => new HttpResponse('Forbidden', { status: 403 }));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 403, message: /refused the credentials/ });
    answer(() => new HttpResponse('no route', { status: 404 }));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 404, message: /^nothing receives webhooks at https:\/\/hooks\.acme\.test\/reelback \(HTTP 404\)$/, detail: /^no route$/ });
    answer(() => HttpResponse.json({ error: { message: 'title too long' } }, { status: 422 }));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 422, message: /^the webhook receiver rejected the item \(HTTP 422; the server log has its words\)$/, detail: /^title too long$/ });
  });

  it('429 with Retry-After, 5xx and network errors: retryable', async () => {
    answer(() => new HttpResponse('busy', { status: 429, headers: { 'retry-after': '3' } }));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, retryAfterMs: 3000, message: /rate-limiting or failing, try again later .*wait 3 s/ });
    answer(() => new HttpResponse('oops', { status: 500 }));
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, status: 500, message: /^the webhook receiver is rate-limiting or failing, try again later \(HTTP 500\)$/, detail: /^oops$/ });
    answer(() => HttpResponse.error());
    await expectBacklogError(tracker().createItem(ITEM), { retryable: true, message: /^the webhook receiver: no answer from https:\/\/hooks\.acme\.test: it could not be reached, refused or dropped the connection, or did not answer within/ });
  });

  it('does not follow a redirect with the signed delivery', async () => {
    let followed = false;
    server.use(
      http.post(URL_, () => new HttpResponse(null, { status: 307, headers: { location: 'https://elsewhere.test/in' } })),
      http.all('https://elsewhere.test/in', () => {
        followed = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expectBacklogError(tracker().createItem(ITEM), { retryable: false, status: 307, message: /^the webhook receiver answered with a redirect, which is not followed \(HTTP 307\)$/ });
    expect(followed).toBe(false);
  });

  it('a bad URL or secret fails before sending, not retryable', async () => {
    await expectBacklogError(tracker({ url: 'ftp://hooks.acme.test' }).createItem(ITEM), { retryable: false, message: /must start with http/ });
    await expectBacklogError(tracker({ secret: 'whsec_c2hvcnQ=' }).createItem(ITEM), { retryable: false, message: /too short/ });
  });
});

describe('WebhookTracker.check', () => {
  it('checks the configuration only (a probe would be a delivery)', async () => {
    expect(await tracker().check()).toEqual({ ok: true });
    expect(await tracker({ secret: 'nope' }).check()).toEqual({ ok: false, retryable: false, reason: 'the webhook secret is too short: 3 bytes, at least 16 needed' });
    expect(await tracker({ url: 'javascript:alert(1)' }).check()).toMatchObject({ ok: false, retryable: false });
    // A URL stored before such URLs were refused at save: the check says it will not be called.
    expect(await tracker({ url: 'http://localhost.:8080/in' }).check()).toEqual({ ok: false, retryable: false, reason: expect.stringMatching(/^the webhook URL points at localhost/) });
  });
});
