import { uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { branchingFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { DEFAULT_SESSION_START_BUDGET } from './sessions.routes.js';

describe.each(storageFactories)('session starts per address on $name', (factory) => {
  const t = useTestApp(factory, { sessionStartBudget: DEFAULT_SESSION_START_BUDGET });

  it('starts 120 a minute from one address, then answers 429 with Retry-After that a page on another site can read', async () => {
    const flowId = uniqueFlowId();
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: branchingFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    const start = (address: string) =>
      t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId: uuidv7(), context: { embedMode: 'inline' } }, headers: { origin: 'https://customer.example' }, address });

    const statuses = [];
    for (let i = 0; i < 120; i++) statuses.push((await start('203.0.113.20')).status);
    expect(statuses).toEqual(Array(120).fill(201));

    const refused = await start('203.0.113.20');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate-limited' } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After');

    // The same caller seen as IPv4-mapped IPv6 is the same caller.
    expect((await start('::ffff:203.0.113.20')).status).toBe(429);
    // Viewers elsewhere are not affected.
    expect((await start('198.51.100.20')).status).toBe(201);
  });
});
