import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { uuidv7 } from '@reelback/shared';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const ROWS = 100_000;
const NOTE = `${'a reviewer note long enough to make each row weigh about a kilobyte. '.repeat(15)}`.slice(0, 1000);
const MB = 1024 * 1024;

// A full collection before measuring, so the baseline is what stays alive rather than what garbage happens to wait.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Sessions and answers written straight into the tables in multi-row inserts, like bench/inbox's seeder. */
async function seed(storage: KyselyStorage, flowId: string, rows: number): Promise<void> {
  const db = storage.database;
  const start = Date.parse('2025-06-01T00:00:00.000Z');
  await db.transaction().execute(async (tx) => {
    for (let done = 0; done < rows; done += 500) {
      const sessions = [];
      const answers = [];
      for (let i = done; i < Math.min(rows, done + 500); i++) {
        const at = new Date(start + i * 1000).toISOString();
        const sessionId = uuidv7({ msecs: start + i * 1000 });
        sessions.push({
          id: sessionId,
          flow_id: flowId,
          flow_version: 1,
          context: JSON.stringify({ embedMode: 'inline' }),
          progress: JSON.stringify({ started: true, completed: false, currentStepId: 'rate', allowedNextStepId: null }),
          started_at: at,
          completed_at: null,
        });
        answers.push({
          id: uuidv7({ msecs: start + i * 1000 + 500 }),
          session_id: sessionId,
          flow_id: flowId,
          flow_version: 1,
          step_id: 'rate',
          kind: 'rating',
          clip_id: null,
          text: null,
          value: JSON.stringify({ kind: 'rating', value: 1 + (i % 5) }),
          note: NOTE,
          submitted_at: at,
          updated_at: at,
        });
      }
      await tx.insertInto('sessions').values(sessions).execute();
      await tx.insertInto('answers').values(answers).execute();
    }
  });
}

/**
 * Reads an export's body as a client would, sampling live heap and RSS after a collection every 10 chunks, and checks
 * that it held `rows` records over 100 MB while neither grew 60 MB.
 */
async function expectFlatMemory(res: Response, rows: number, what: string): Promise<void> {
  const reader = res.body!.getReader();
  const first = await reader.read();
  let bytes = first.value?.byteLength ?? 0;
  let lines = 0;
  const countLines = (chunk: Uint8Array) => {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  };
  if (first.value) countLines(first.value);
  gc();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    countLines(value);
    if (++chunks % 10 === 0) {
      // What stays alive: without a collection V8 lets garbage (each batch's rows and text) pile up to ~100 MB in a
      // test worker before it sweeps, which says nothing about what the export holds on to.
      gc();
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }
  }
  expect(lines).toBe(rows + 1);
  expect(bytes).toBeGreaterThan(100 * MB);
  const rssGrowth = (peakRss - base.rss) / MB;
  const heapGrowth = (peakHeap - base.heapUsed) / MB;
  console.log(`${what} of ${rows} rows: ${(bytes / MB).toFixed(0)} MB streamed; RSS +${rssGrowth.toFixed(1)} MB, heap +${heapGrowth.toFixed(1)} MB at peak`);
  expect(rssGrowth).toBeLessThan(60);
  expect(heapGrowth).toBeLessThan(60);
}

// SQLite only: the point is the exporter's memory, which does not depend on the engine (PostgreSQL's round trips
// are covered by the flow test). 100,000 rows of ~1.1 KB: a body of ~110 MB, which buffered would show at once.
describe.each(storageFactories.filter((f) => f.name === 'sqlite'))('a 100,000-row export on $name', (factory) => {
  const t = useTestApp(factory);

  it('streams with flat memory: live heap and RSS (sampled after a collection every 10 batches) grow less than 60 MB while ~110 MB go out', { timeout: 120_000 }, async () => {
    const flowId = uniqueFlowId('bulk');
    const flow = { name: 'Bulk', steps: [{ id: 'rate', prompt: { title: 'Rate' }, answer: { type: 'rating', scale: 5 }, next: 'end' }, { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    await seed(t.storage as KyselyStorage, flowId, ROWS);

    const res = await t.request('GET', `/api/v1/exports/answers?flowId=${flowId}&format=csv`, { owner: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe(String(ROWS));
    await expectFlatMemory(res, ROWS, 'answers export');
  });
});


// PostgreSQL's events CSV is one COPY whose rows arrive as fast as the server writes them: only backpressure (the
// copy stream pausing the socket while the HTTP body is not taken) keeps them from piling up in memory.
describe.each(storageFactories.filter((f) => f.name === 'postgres'))('a 100,000-event CSV export on $name (COPY)', (factory) => {
  const t = useTestApp(factory);

  it('streams with flat memory while ~110 MB go out', { timeout: 120_000 }, async () => {
    const flowId = uniqueFlowId('bulk');
    const flow = { name: 'Bulk', steps: [{ id: 'rate', prompt: { title: 'Rate' }, answer: { type: 'rating', scale: 5 }, next: 'end' }, { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
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
