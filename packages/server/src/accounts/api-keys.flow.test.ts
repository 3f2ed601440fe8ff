import { ApiKeyList, AuditEntryList, CreatedApiKey } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { branchingFlow } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** A clock the test moves: a millisecond per reading (creation order is time order), and jumps on demand. */
function movableClock(start = Date.parse('2026-03-01T09:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now++), advance: (ms: number) => void (now += ms), at: () => now };
}

const MINUTE = 60_000;
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe.each(storageFactories)('API keys: scopes, expiry, last use and who made them, on $name', (factory) => {
  const clock = movableClock();
  const t = useTestApp(factory, { clock });
  const s = ownerSessions(t);
  let admin: Login;

  const withKey = (key: string, method: string, path: string, body?: unknown) => t.request(method, path, { body, headers: { authorization: `Bearer ${key}` } });

  async function makeKey(by: Login | 'admin-key' | string, body: Record<string, unknown>): Promise<CreatedApiKey> {
    const res =
      by === 'admin-key'
        ? await t.request('POST', '/api/v1/workspace/api-keys', { owner: true, body })
        : typeof by === 'string'
          ? await withKey(by, 'POST', '/api/v1/workspace/api-keys', body)
          : await s.as(by, 'POST', '/api/v1/workspace/api-keys', body);
    expect(res.status, await res.clone().text()).toBe(201);
    return CreatedApiKey.parse(await res.json());
  }

  const listKeys = async () => ApiKeyList.parse(await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/api-keys'), 200)).json()).apiKeys;

  beforeAll(async () => {
    admin = await s.bootstrap('keys-admin@example.org');
  });

  it('refuses an expiry in the past, naming the field, and stores nothing', async () => {
    const past = new Date(clock.at() - MINUTE).toISOString();
    const res = await s.as(admin, 'POST', '/api/v1/workspace/api-keys', { name: 'stale', scopes: ['read'], expiresAt: past });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string[] }[] } };
    expect(body.error.code).toBe('expiry-in-past');
    expect(body.error.issues.map((i) => i.path)).toEqual([['expiresAt']]);
    expect((await listKeys()).map((k) => k.name)).not.toContain('stale');
    expect((await s.as(admin, 'POST', '/api/v1/workspace/api-keys', { name: 'bad date', scopes: ['read'], expiresAt: 'next tuesday' })).status).toBe(400);
  });

  it('stops an expiring key at its expiry with a 401 that says it expired and when', async () => {
    const expiresAt = new Date(clock.at() + 10 * MINUTE).toISOString();
    const key = await makeKey(admin, { name: 'ten minutes', scopes: ['read'], expiresAt });
    expect(key).toMatchObject({ expiresAt, status: 'active' });
    expect((await withKey(key.key, 'GET', '/api/v1/flows')).status).toBe(200);

    clock.advance(10 * MINUTE);
    const res = await withKey(key.key, 'GET', '/api/v1/flows');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    const error = await errorOf(res);
    expect(error.code).toBe('api-key-expired');
    expect(error.message).toContain(`expired at ${expiresAt}`);
    expect(error.message).toContain('Settings → API keys (/app/settings/api-keys)');
    expect((await listKeys()).find((k) => k.id === key.id)?.status).toBe('expired');
  });

  it('says a revoked key was revoked, and an unknown one only that it is unknown', async () => {
    const key = await makeKey(admin, { name: 'to revoke', scopes: ['read'] });
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/api-keys/${key.id}`), 204);
    const revoked = await errorOf(await s.expectStatus(withKey(key.key, 'GET', '/api/v1/flows'), 401));
    expect(revoked.code).toBe('api-key-revoked');
    expect(revoked.message).toMatch(/^this API key \("to revoke"\) was revoked at \d{4}-/);
    // The same prefix with another secret learns nothing about the row it points at.
    const guessed = await errorOf(await s.expectStatus(withKey(`${key.key.slice(0, -4)}AAAA`, 'GET', '/api/v1/flows'), 401));
    expect(guessed).toEqual({ code: 'unauthorized', message: 'this API key is not known here; an admin makes keys in Settings → API keys (/app/settings/api-keys)' });
    expect((await listKeys()).find((k) => k.id === key.id)?.status).toBe('revoked');
  });

  it('records the last use at most once a minute per key', async () => {
    const key = await makeKey(admin, { name: 'busy', scopes: ['read'] });
    const lastUsed = async () => (await listKeys()).find((k) => k.id === key.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const first = clock.at();
    await Promise.all(Array.from({ length: 12 }, () => withKey(key.key, 'GET', '/api/v1/flows')));
    const recorded = await lastUsed();
    expect(Date.parse(recorded!)).toBeGreaterThanOrEqual(first);
    expect(Date.parse(recorded!)).toBeLessThan(first + 100);

    clock.advance(59 * 1000);
    await s.expectStatus(withKey(key.key, 'GET', '/api/v1/flows'), 200);
    expect(await lastUsed()).toBe(recorded);

    clock.advance(1000);
    const later = clock.at();
    await s.expectStatus(withKey(key.key, 'GET', '/api/v1/flows'), 200);
    expect(Date.parse((await lastUsed())!)).toBeGreaterThanOrEqual(later);
  });

  it('lists who made each key: a person by name, the admin key, or another key by its name', async () => {
    const byPerson = await makeKey(admin, { name: 'by person', scopes: ['write'] });
    const byAdminKey = await makeKey('admin-key', { name: 'by admin key', scopes: ['read'] });
    const provisioning = await makeKey(admin, { name: 'provisioning', scopes: ['admin'] });
    const byKey = await makeKey(provisioning.key, { name: 'by key', scopes: ['read'] });
    expect(byPerson.createdBy).toEqual({ kind: 'user', id: admin.userId, label: 'keys-admin@example.org' });
    const listed = new Map((await listKeys()).map((k) => [k.id, k]));
    expect(listed.get(byPerson.id)?.createdBy).toEqual({ kind: 'user', id: admin.userId, label: 'keys-admin@example.org' });
    expect(listed.get(byAdminKey.id)?.createdBy).toEqual({ kind: 'admin-key', id: null, label: 'the admin key' });
    expect(listed.get(byKey.id)?.createdBy).toEqual({ kind: 'api-key', id: provisioning.id, label: 'API key "provisioning"' });
    expect(listed.get(byKey.id)).toMatchObject({ scopes: ['read'], expiresAt: null, revokedAt: null, status: 'active' });
  });

  it('lets each scope do its sample of routes, and refuses the next scope up naming the scope needed', async () => {
    const read = (await makeKey(admin, { name: 'reader', scopes: ['read'] })).key;
    const write = (await makeKey(admin, { name: 'writer', scopes: ['write'] })).key;
    const keeper = (await makeKey(admin, { name: 'keeper', scopes: ['admin'] })).key;
    const flowId = uniqueFlowId('scopes');

    // write: make and publish a flow, set an answer's review state
    await s.expectStatus(withKey(write, 'POST', '/api/v1/flows', { id: flowId, definition: branchingFlow }), 201);
    await s.expectStatus(withKey(write, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    // read: analytics, exports, answers, members
    for (const path of [`/api/v1/flows/${flowId}/analytics`, `/api/v1/exports/answers?flowId=${flowId}`, '/api/v1/answers', '/api/v1/workspace/members']) {
      const res = await withKey(read, 'GET', path);
      expect(res.status, `read key on ${path}: ${await res.clone().text()}`).toBe(200);
      await res.body?.cancel();
    }
    // admin: webhooks, the audit log
    await s.expectStatus(withKey(keeper, 'POST', '/api/v1/workspace/webhooks', { url: 'https://hooks.example.org/scopes', eventTypes: ['*'] }), 201);
    await s.expectStatus(withKey(keeper, 'GET', '/api/v1/workspace/audit-log'), 200);

    const refusals: [string, string, string, unknown?][] = [
      [read, 'POST', `/api/v1/flows/${flowId}/archive`],
      [read, 'PUT', `/api/v1/flows/${flowId}`, { definition: branchingFlow }],
      [write, 'GET', '/api/v1/workspace/audit-log'],
      [write, 'POST', '/api/v1/workspace/webhooks', { url: 'https://hooks.example.org/no', eventTypes: ['*'] }],
      [write, 'POST', '/api/v1/privacy/erase', { email: 'someone@example.org' }],
    ];
    for (const [key, method, path, body] of refusals) {
      const res = await withKey(key, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      const error = await errorOf(res);
      const [needed, held] = key === read ? ['write', 'read'] : ['admin', 'write'];
      expect(error).toEqual({ code: 'insufficient-scope', message: `this route needs an API key with the "${needed}" scope; this key has "${held}"` });
    }
    // Nothing refused happened: the flow is still active and there is one webhook.
    expect(((await (await withKey(read, 'GET', `/api/v1/flows/${flowId}`)).json()) as { archivedAt: string | null }).archivedAt).toBeNull();
    expect(((await (await withKey(keeper, 'GET', '/api/v1/workspace/webhooks')).json()) as { webhooks: unknown[] }).webhooks).toHaveLength(1);
  });

  it('writes making and revoking a key to the audit log, once, with who did it and no secret', async () => {
    const key = await makeKey(admin, { name: 'audited', scopes: ['read'], expiresAt: new Date(clock.at() + 86_400_000).toISOString() });
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/api-keys/${key.id}`), 204);
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/api-keys/${key.id}`), 204);
    const page = AuditEntryList.parse(await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/audit-log?limit=100'), 200)).json());
    const entries = page.entries.filter((e) => e.target.id === key.id);
    expect(entries.map((e) => [e.action, e.actor.label, e.target.label])).toEqual([
      ['api-key.revoked', 'keys-admin@example.org', 'audited'],
      ['api-key.created', 'keys-admin@example.org', 'audited'],
    ]);
    expect(entries[1]!.detail).toEqual({ scopes: ['read'], expiresAt: key.expiresAt, prefix: key.prefix });
    // The secret follows `rb_<prefix>_` and is base64url: it may hold '_' itself.
    expect(JSON.stringify(page)).not.toContain(key.key.slice(`rb_${key.prefix}_`.length));
  });
});
