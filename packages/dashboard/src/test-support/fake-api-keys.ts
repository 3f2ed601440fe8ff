// The workspace API keys API (#13) as Settings → API keys uses it: the list (no secrets), POST (the secret answered
// once; 400 for an expiry not in the future, like the server) and DELETE (revoke; 404 for an unknown key). Records
// every request.
import { http, HttpResponse } from 'msw';
import type { ApiKeyView, CreateApiKeyRequest } from '@reelback/shared';
import { worker } from './fake-api.js';
import type { WebhookRequest as SeenRequest } from './fake-webhooks.js';

export const KEY_AT = '2026-04-01T12:00:00.000Z';

export function apiKey(over: Partial<ApiKeyView> = {}): ApiKeyView {
  return {
    id: 'key_1',
    name: 'Nightly export',
    prefix: 'a1b2c3d4e5f6',
    scopes: ['read'],
    createdBy: { kind: 'user', id: 'usr_2', label: 'Ann Admin' },
    createdAt: KEY_AT,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    status: 'active',
    ...over,
  };
}

export class FakeApiKeys {
  keys: ApiKeyView[] = [];
  /** The next POST answers 400 with this message and issues, when set. */
  refuseNext: { message: string; issues: { path: string[]; message: string }[] } | null = null;
  readonly requests: SeenRequest[] = [];
  private made = 0;

  sent(method: string, path = ''): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(`/api/v1/workspace/api-keys${path}`));
  }

  install(): this {
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      this.requests.push({ method: request.method, path: url.pathname, search: url.search, csrf: request.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    };
    const problem = (status: number, code: string, message: string, issues: { path: string[]; message: string }[] = []) =>
      HttpResponse.json({ error: { code, message, issues } }, { status });
    worker.use(
      http.get('/api/v1/workspace/api-keys', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ apiKeys: this.keys });
      }),
      http.post('/api/v1/workspace/api-keys', async ({ request }) => {
        await record(request);
        const body = (await request.json()) as CreateApiKeyRequest;
        if (this.refuseNext) {
          const { message, issues } = this.refuseNext;
          this.refuseNext = null;
          return problem(400, 'invalid-request', message, issues);
        }
        if (body.expiresAt && Date.parse(body.expiresAt) <= Date.now()) {
          return problem(400, 'expiry-in-past', 'expiresAt must be in the future', [{ path: ['expiresAt'], message: 'must be in the future' }]);
        }
        this.made++;
        const prefix = `00000000000${this.made}`.slice(-12);
        const view = apiKey({
          id: `key_new_${this.made}`,
          name: body.name,
          prefix,
          scopes: body.scopes,
          createdBy: { kind: 'user', id: 'usr_1', label: 'Maya Owner' },
          createdAt: new Date().toISOString(),
          expiresAt: body.expiresAt ?? null,
        });
        this.keys = [view, ...this.keys];
        return HttpResponse.json({ ...view, key: `rb_${prefix}_${'S'.repeat(40)}${this.made}ab` }, { status: 201 });
      }),
      http.delete('/api/v1/workspace/api-keys/:id', async ({ request, params }) => {
        await record(request);
        const key = this.keys.find((k) => k.id === params.id);
        if (!key) return problem(404, 'api-key-not-found', 'no such API key in this workspace');
        Object.assign(key, { revokedAt: key.revokedAt ?? new Date().toISOString(), status: 'revoked' });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    return this;
  }
}
