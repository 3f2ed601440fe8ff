// The workspace audit log API (#13) as Settings → Audit log uses it: pages newest first (a cursor that is the next
// entry's index), filtered by action and actor like the server. Records every request.
import { http, HttpResponse } from 'msw';
import type { AuditEntry } from '@reelback/shared';
import { worker } from './fake-api.js';
import type { WebhookRequest as SeenRequest } from './fake-webhooks.js';

export function auditEntry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'aud_1',
    at: '2026-04-01T12:00:00.000Z',
    action: 'api-key.created',
    actor: { kind: 'user', id: 'usr_2', label: 'Ann Admin' },
    target: { type: 'api-key', id: 'key_1', label: 'Nightly export' },
    detail: { scopes: ['read'], expiresAt: null, prefix: 'a1b2c3d4e5f6' },
    ...over,
  };
}

export class FakeAudit {
  /** Newest first. */
  entries: AuditEntry[] = [];
  /** The next list answers this status, when set. */
  failNext: number | null = null;
  readonly requests: SeenRequest[] = [];

  sent(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/api/v1/workspace/audit-log');
  }

  install(): this {
    worker.use(
      http.get('/api/v1/workspace/audit-log', async ({ request }) => {
        const url = new URL(request.url);
        this.requests.push({ method: 'GET', path: url.pathname, search: url.search, csrf: null, body: undefined });
        if (this.failNext) {
          const status = this.failNext;
          this.failNext = null;
          return HttpResponse.json({ error: { code: 'unavailable', message: 'The database is not reachable.' } }, { status });
        }
        const q = url.searchParams;
        const action = q.get('action');
        const actor = q.get('actor');
        const matching = this.entries.filter(
          (e) => (!action || e.action === action) && (!actor || (actor === 'admin-key' ? e.actor.kind === 'admin-key' : e.actor.id === actor)),
        );
        const start = Number(q.get('cursor') ?? 0);
        const limit = Number(q.get('limit') ?? 50);
        const page = matching.slice(start, start + limit);
        return HttpResponse.json({ entries: page, nextCursor: start + limit < matching.length ? String(start + limit) : null });
      }),
    );
    return this;
  }
}
