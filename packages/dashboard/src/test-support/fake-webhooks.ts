// The workspace webhooks API (#6) as the settings page uses it: endpoints (the secret answered on create and rotate
// only), PATCH enable/disable/rotate, DELETE, the delivery log (pages of 2 here, `before` cursor), replay (409 while
// pending, or when disabled) and the test ping; 400 for a bad URL like the server's. Records every request.
import { http, HttpResponse } from 'msw';
import type { Webhook, WebhookDelivery } from '@reelback/shared';
import { worker } from './fake-api.js';

export interface WebhookRequest {
  method: string;
  path: string;
  search: string;
  csrf: string | null;
  body: unknown;
}

export const AT = '2026-04-01T12:00:00.000Z';

export function webhook(over: Partial<Webhook> = {}): Webhook {
  return {
    id: 'whk_1',
    url: 'https://hooks.example.com/reelback',
    eventTypes: ['*'],
    description: 'CRM sync',
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function delivery(over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'dlv_1',
    eventId: '0190f5e0-0000-7000-8000-000000000001',
    eventType: 'reelback.session.completed',
    status: 'delivered',
    lastError: null,
    createdAt: AT,
    deliveredAt: AT,
    nextAttemptAt: null,
    attempts: [{ attempt: 1, at: AT, statusCode: 200, error: null, durationMs: 41, nextRetryAt: null }],
    ...over,
  };
}

export class FakeWebhooks {
  hooks: Webhook[] = [];
  deliveries = new Map<string, WebhookDelivery[]>();
  readonly requests: WebhookRequest[] = [];
  private secrets = 0;

  sent(method: string, path = ''): WebhookRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(`/api/v1/workspace/webhooks${path}`));
  }

  install(): this {
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      this.requests.push({ method: request.method, path: url.pathname, search: url.search, csrf: request.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    };
    const problem = (status: number, code: string, message: string, issues: { path: string[]; message: string }[] = []) =>
      HttpResponse.json({ error: { code, message, issues } }, { status });
    const find = (id: unknown) => this.hooks.find((h) => h.id === id);
    const secret = () => `whsec_${btoa(`secret-number-${++this.secrets}-of-the-test`)}`;
    worker.use(
      http.get('/api/v1/workspace/webhooks', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ webhooks: this.hooks });
      }),
      http.post('/api/v1/workspace/webhooks', async ({ request }) => {
        await record(request);
        const body = (await request.json()) as { url: string; eventTypes: Webhook['eventTypes']; description?: string };
        if (!/^https?:\/\//.test(body.url)) return problem(400, 'validation-failed', 'Invalid request body', [{ path: ['url'], message: 'the url must be an absolute http:// or https:// URL' }]);
        const hook = webhook({ id: `whk_${this.hooks.length + 1}`, url: body.url, eventTypes: body.eventTypes, description: body.description ?? '' });
        this.hooks.push(hook);
        return HttpResponse.json({ ...hook, secret: secret() }, { status: 201 });
      }),
      http.patch('/api/v1/workspace/webhooks/:id', async ({ request, params }) => {
        await record(request);
        const hook = find(params.id);
        if (!hook) return problem(404, 'not-found', 'No such webhook.');
        const patch = (await request.json()) as { enabled?: boolean; rotateSecret?: boolean };
        if (patch.enabled !== undefined) Object.assign(hook, { enabled: patch.enabled, disabledReason: null, disabledAt: patch.enabled ? null : AT });
        return HttpResponse.json(patch.rotateSecret ? { ...hook, secret: secret() } : hook);
      }),
      http.delete('/api/v1/workspace/webhooks/:id', async ({ request, params }) => {
        await record(request);
        if (!find(params.id)) return problem(404, 'not-found', 'No such webhook.');
        this.hooks = this.hooks.filter((h) => h.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('/api/v1/workspace/webhooks/:id/deliveries', async ({ request, params }) => {
        await record(request);
        const all = this.deliveries.get(String(params.id)) ?? [];
        const before = new URL(request.url).searchParams.get('before');
        const start = before ? all.findIndex((d) => d.id === before) + 1 : 0;
        const page = all.slice(start, start + 2);
        return HttpResponse.json({ deliveries: page, nextCursor: start + 2 < all.length ? page.at(-1)!.id : null });
      }),
      http.post('/api/v1/workspace/webhooks/:id/deliveries/:deliveryId/replay', async ({ request, params }) => {
        await record(request);
        const hook = find(params.id);
        const found = this.deliveries.get(String(params.id))?.find((d) => d.id === params.deliveryId);
        if (!hook || !found) return problem(404, 'not-found', 'No such delivery.');
        if (!hook.enabled) return problem(409, 'webhook-disabled', 'The webhook is disabled: enable it first.');
        if (found.status === 'pending') return problem(409, 'delivery-pending', 'The delivery is still being tried.');
        Object.assign(found, { status: 'pending', nextAttemptAt: AT });
        return HttpResponse.json(found, { status: 202 });
      }),
      http.post('/api/v1/workspace/webhooks/:id/test', async ({ request, params }) => {
        await record(request);
        if (!find(params.id)) return problem(404, 'not-found', 'No such webhook.');
        const ping = delivery({ id: `dlv_test_${this.requests.length}`, eventType: 'reelback.webhook.test', status: 'pending', deliveredAt: null, nextAttemptAt: AT, attempts: [] });
        this.deliveries.set(String(params.id), [ping, ...(this.deliveries.get(String(params.id)) ?? [])]);
        return HttpResponse.json(ping, { status: 202 });
      }),
    );
    return this;
  }
}
