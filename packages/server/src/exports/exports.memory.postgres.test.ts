import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { bulkFlow, expectFlatMemory, HEAVY_TIMEOUT_MS, NOTE, ROWS } from '../test-support/export-memory.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

// PostgreSQL's events CSV is one COPY whose rows arrive as fast as the server writes them: only backpressure (the
// copy stream pausing the socket while the HTTP body is not taken) keeps them from piling up in memory.
describe.each(storageFactories.filter((f) => f.name === 'postgres'))('a 100,000-event CSV export on $name (COPY)', (factory) => {
  const t = useTestApp(factory);

  it('streams with flat memory while ~110 MB go out', { timeout: HEAVY_TIMEOUT_MS }, async () => {
    const flowId = uniqueFlowId('bulk');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: bulkFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    const storage = t.storage as KyselyStorage;
    expect(storage.exports.eventCsvRows).toBeDefined();
    // 100 sessions of 1,000 events of ~1 KB, written by the database itself (a clip type: no analytics trigger).
    await sql`insert into sessions (id, flow_id, flow_version, context, progress, started_at)
      select 's-' || i, ${flowId}, 1, '{"embedMode":"inline"}', '{"started":true,"completed":false,"currentStepId":"rate","allowedNextStepId":null}', now()
      from generate_series(1, 100) i`.execute(storage.database);
    await sql`insert into events (id, session_id, type, time, received_at, event)
      select 'e-' || i, 's-' || (1 + i % 100), 'reelback.clip.uploaded', now(), now(),
        jsonb_build_object('id', 'e-' || i, 'type', 'reelback.clip.uploaded', 'time', '2025-06-01T00:00:00.000Z', 'data', jsonb_build_object('sessionId', 's-' || (1 + i % 100), 'note', ${NOTE}::text))
      from generate_series(1, ${ROWS}) i`.execute(storage.database);

    const res = await t.request('GET', `/api/v1/exports/events?flowId=${flowId}&format=csv`, { owner: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe(String(ROWS));
    await expectFlatMemory(res, ROWS, 'events CSV export (COPY)');
  });
});
