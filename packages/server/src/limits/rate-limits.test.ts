import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDelay } from '../accounts/account-delay.js';
import { LoginBudget } from '../accounts/login-budget.js';
import { SetupAttempts } from '../accounts/setup-attempts.js';
import { SharedLoginThrottle } from '../accounts/shared-login-throttle.js';
import { perKeyLimit } from '../clips/per-key-limit.js';
import { AddressBudget } from '../http/address-budget.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { openStorage } from '../storage/open-storage.js';
import { TEST_DATABASE_URL } from '../test-support/storages.js';

/**
 * On PostgreSQL every process spends from one budget: two storages on one schema (two connection pools, as two
 * processes have) count the same failures and requests; spread over both, the limits trip where one process's would.
 */
describe('rate limits shared by two processes on PostgreSQL', () => {
  const schema = `reelback_test_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let first: KyselyStorage;
  let second: KyselyStorage;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const open = () => openStorage({ kind: 'postgres', url: TEST_DATABASE_URL, searchPath: schema, maxConnections: 2 });
    first = open();
    second = open();
    await first.migrate();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await admin?.query(`drop schema if exists ${schema} cascade`);
    await admin?.end();
  });

  it('trips the login budget after N password checks spread over both', async () => {
    const settings = { perAddress: { points: 4, durationSeconds: 600 }, global: { points: 100, durationSeconds: 60 } };
    const [a, b] = [new LoginBudget(settings, first.rateLimits), new LoginBudget(settings, second.rateLimits)];
    const waits = [await a.take('203.0.113.9'), await b.take('203.0.113.9'), await a.take('203.0.113.9'), await b.take('203.0.113.9')];
    expect(waits).toEqual([0, 0, 0, 0]);
    expect(await a.take('203.0.113.9'), 'the fifth check, on either process').toBeGreaterThan(0);
    expect(await b.take('203.0.113.9')).toBeGreaterThan(0);
    expect(await a.take('198.51.100.7'), 'another address has its own budget').toBe(0);
  });

  it('throttles an e-mail and address after 10 failed logins spread over both; a success on either clears it', async () => {
    const [a, b] = [new SharedLoginThrottle(first.rateLimits), new SharedLoginThrottle(second.rateLimits)];
    const key = 'ana@example.com 203.0.113.9';
    for (let i = 0; i < 10; i++) {
      expect(await (i % 2 ? b : a).retryAfter(key), `before failure ${i + 1}`).toBe(0);
      await (i % 2 ? a : b).fail(key);
    }
    expect(await a.retryAfter(key)).toBeGreaterThan(800);
    expect(await b.retryAfter(key)).toBeGreaterThan(800);
    expect(await a.retryAfter('ana@example.com 198.51.100.7')).toBe(0);
    await b.succeed(key);
    expect(await a.retryAfter(key)).toBe(0);
  });

  it('makes an account wait after failures from both, and a success on one clears it for both', async () => {
    const settings = { freeFailures: 2, windowSeconds: 3600, firstDelaySeconds: 15, maxDelaySeconds: 900 };
    const [a, b] = [new AccountDelay(settings, first.rateLimits), new AccountDelay(settings, second.rateLimits)];
    await a.failed('ana@example.com');
    await b.failed('ana@example.com');
    expect(await a.retryAfter('ana@example.com')).toBe(0);
    await b.failed('ana@example.com');
    expect(await a.retryAfter('ana@example.com')).toBeGreaterThan(10);
    expect(await b.retryAfter('ana@example.com')).toBeGreaterThan(10);
    await a.succeeded('ana@example.com');
    expect(await b.retryAfter('ana@example.com')).toBe(0);
  });

  it('counts wrong setup codes from both', async () => {
    const settings = { perAddress: { points: 2, durationSeconds: 900 }, global: { points: 100, durationSeconds: 900 } };
    const [a, b] = [new SetupAttempts(settings, first.rateLimits), new SetupAttempts(settings, second.rateLimits)];
    await a.failed('192.0.2.1');
    expect(await b.retryAfter('192.0.2.1')).toBe(0);
    await b.failed('192.0.2.1');
    expect(await a.retryAfter('192.0.2.1')).toBeGreaterThan(0);
  });

  it('answers 429 on either process once an address or a key spent its requests on both', async () => {
    const appOn = (storage: KyselyStorage) => {
      const budget = new AddressBudget({ points: 3, durationSeconds: 60 }, 'session starts', storage.rateLimits);
      const perClip = perKeyLimit({ limit: 2, windowMs: 60_000, what: 'upload requests for this clip' }, storage.rateLimits);
      return new Hono()
        .post('/start', (c) => budget.run(c, async () => c.text('started', 201)))
        .patch('/clip/:id', (c) => perClip.run(c, c.req.param('id'), async () => new Response(null, { status: 204 })));
    };
    const [a, b] = [appOn(first), appOn(second)];
    const start = async (app: Hono) => (await app.request('/start', { method: 'POST' })).status;
    expect([await start(a), await start(b), await start(a)]).toEqual([201, 201, 201]);
    const refused = await b.request('/start', { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const patch = async (app: Hono) => (await app.request('/clip/clp_1', { method: 'PATCH' })).status;
    expect([await patch(a), await patch(b), await patch(a)]).toEqual([204, 204, 429]);
  });
});
