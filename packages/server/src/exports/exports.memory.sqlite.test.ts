import { describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { bulkFlow, expectFlatMemory, HEAVY_TIMEOUT_MS, ROWS, seed } from '../test-support/export-memory.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

// SQLite only: the point is the exporter's memory, which does not depend on the engine (PostgreSQL's round trips
// are covered by the flow test). 100,000 rows of ~1.1 KB: a body of ~110 MB, which buffered would show at once.
describe.each(storageFactories.filter((f) => f.name === 'sqlite'))('a 100,000-row export on $name', (factory) => {
  const t = useTestApp(factory);

  it('streams with flat memory: live heap and RSS (sampled after a collection every 10 batches) grow less than 60 MB while ~110 MB go out', { timeout: HEAVY_TIMEOUT_MS }, async () => {
    const flowId = uniqueFlowId('bulk');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: bulkFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    await seed(t.storage as KyselyStorage, flowId, ROWS);

    const res = await t.request('GET', `/api/v1/exports/answers?flowId=${flowId}&format=csv`, { owner: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe(String(ROWS));
    await expectFlatMemory(res, ROWS, 'answers export');
  });
});
