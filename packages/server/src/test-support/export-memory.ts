// What the two export memory tests share (exports/exports.memory.*.test.ts: one file per engine, so each can take
// its time on a loaded machine without holding the other up).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { uuidv7 } from '@reelback/shared';
import { expect } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';

export const ROWS = 100_000;
export const NOTE = `${'a reviewer note long enough to make each row weigh about a kilobyte. '.repeat(15)}`.slice(0, 1000);
const MB = 1024 * 1024;

// A full collection before measuring, so the baseline is what stays alive rather than what garbage happens to wait.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Sessions and answers written straight into the tables in multi-row inserts, like bench/inbox's seeder. */
export async function seed(storage: KyselyStorage, flowId: string, rows: number): Promise<void> {
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
export async function expectFlatMemory(res: Response, rows: number, what: string): Promise<void> {
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

/** A flow with one rating step: what the bulk rows answer. */
export const bulkFlow = {
  name: 'Bulk',
  steps: [
    { id: 'rate', prompt: { title: 'Rate' }, answer: { type: 'rating', scale: 5 }, next: 'end' },
    { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } },
  ],
};

/**
 * Heavy on purpose (100,000 rows, ~110 MB streamed): about 20 s on a quiet machine, 148 s seen under load and 380 s
 * (SQLite) under stress-ng --cpu 2 with other suites at load average 27, so the limit only catches a hang.
 */
export const HEAVY_TIMEOUT_MS = 600_000;
