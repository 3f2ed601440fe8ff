import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvWriter } from '../../exports/export-writers.js';
import type { EventExportRecord } from '../../ports/export-store.js';
import { storageFactories, type OpenedStorage } from '../../test-support/storages.js';

const EVENTS = 1_203;

describe.each(storageFactories.filter((f) => f.name === 'sqlite'))('the events CSV from rows as arrays on $name', (factory) => {
  let opened: OpenedStorage;
  beforeAll(async () => {
    opened = await factory.open();
    const db = opened.storage.database;
    await sql`insert into flows (id, workspace_id, name, draft, created_at, updated_at) values ('f', null, 'F', '{}', '2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z')`.execute(db);
    await sql`insert into flow_versions (flow_id, version, definition, published_at) values ('f', 1, '{}', '2025-06-01T00:00:00.000Z')`.execute(db);
    for (const s of ['s1', 's2']) await sql`insert into sessions (id, flow_id, flow_version, context, progress, started_at) values (${s}, 'f', 1, '{}', '{}', '2025-06-01T00:00:00.000Z')`.execute(db);
    for (let i = 0; i < EVENTS; i++) {
      const data = { sessionId: `s${1 + (i % 2)}`, text: i % 7 === 0 ? `=say "hi", then: go\n${i}` : `plain ${i}`, n: [i, -i / 4] };
      const event = { id: `e${i}`, type: 'reelback.clip.uploaded', time: '2025-06-01T00:00:00.000+02:00', data };
      await sql`insert into events (id, session_id, type, time, received_at, event) values (${event.id}, ${data.sessionId}, ${event.type}, ${event.time}, ${new Date(Date.parse('2025-06-01T12:00:00.000Z') + i).toISOString()}, ${JSON.stringify(event)})`.execute(db);
    }
  });
  afterAll(async () => opened?.dispose());

  const csv = async (range: { from?: string }) => {
    const out: Uint8Array[] = [];
    for await (const chunk of opened.storage.exports.eventCsvRows!({ workspaceId: null }, range)) out.push(chunk);
    return Buffer.concat(out).toString('utf8');
  };
  const written = async (range: { from?: string }) => {
    const writer = new CsvWriter<EventExportRecord>({ columns: Array(6).fill('c'), cells: (r) => [r.id, r.type, r.time, r.receivedAt, r.sessionId, r.data] });
    return writer.write(await opened.storage.exports.events({ workspaceId: null }, range, EVENTS + 1)).join('');
  };

  it('is the text the CSV writer makes of the rows as objects, across batches of 500 (keyset by seq)', async () => {
    expect(opened.storage.exports.eventBatchSize).toBeLessThan(EVENTS / 2);
    const text = await csv({});
    expect(text.split('\r\n').length).toBeGreaterThan(EVENTS);
    expect(text).toBe(await written({}));
    const from = new Date(Date.parse('2025-06-01T12:00:00.000Z') + 600).toISOString();
    expect(await csv({ from })).toBe(await written({ from }));
    expect((await csv({ from })).startsWith('e600,')).toBe(true);
  });
});
