// The server under test, in a process of its own so the load generator does not share its event loop.
// argv[2]: "bare" (a Hono handler that does nothing) | "validate" (reads and checks the body, stores nothing) | "sqlite" | "postgres". Prints `{"port":N}` when ready.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '@reelback/server';
import { EventBatchRequest } from '@reelback/shared';
import { openBenchStorage } from '../support/bench-app-storage.js';
import { BENCH_ADMIN_KEY } from './batches.js';

async function appFor(kind: string): Promise<{ fetch: Hono['fetch']; close: () => Promise<void> }> {
  if (kind === 'bare') {
    const bare = new Hono();
    bare.post('/api/v1/events', (c) => c.body(null, 202));
    return { fetch: bare.fetch, close: async () => {} };
  }
  if (kind === 'validate') {
    // The ceiling without storage: read the body and check it against the shared schema, as the route does.
    const validateOnly = new Hono();
    validateOnly.post('/api/v1/events', async (c) => {
      // Read as the real route does: from Node's stream (see packages/server/src/http/read-body.ts).
      const chunks: Buffer[] = [];
      for await (const chunk of (c.env as { incoming: AsyncIterable<Buffer> }).incoming) chunks.push(chunk);
      const parsed = EventBatchRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      return parsed.success ? c.json({ accepted: parsed.data.events.map((e) => e.id), duplicates: [], rejected: [] }, 202) : c.json({}, 400);
    });
    return { fetch: validateOnly.fetch, close: async () => {} };
  }
  // The queue is never started here: the ingest path does not touch media.
  const { storage, media, dispose } = await openBenchStorage(kind, 'ingest');
  // Every load request comes from 127.0.0.1: no per-address limit on session starts.
  const reelback = createApp({ storage, adminKey: BENCH_ADMIN_KEY, media, sessionStartBudget: null });
  // The analytics fold runs here as in a server (nudged after commits); stopped before the storage closes.
  return {
    fetch: reelback.app.fetch,
    close: async () => {
      await reelback.projectionFolder.stop();
      await dispose();
    },
  };
}

const target = await appFor(process.argv[2] ?? 'bare');
const server = serve({ fetch: target.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
// BENCH_PROFILE_DIR: profile only the measured load (SIGUSR2 starts it, SIGTERM writes it).
const profiler = process.env.BENCH_PROFILE_DIR ? new (await import('node:inspector/promises')).Session() : undefined;
process.on('SIGUSR2', () => {
  if (!profiler) return;
  profiler.connect();
  void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
});
process.on('SIGTERM', () => {
  server.close();
  void (async () => {
    if (profiler) {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { profile } = await profiler.post('Profiler.stop');
      mkdirSync(process.env.BENCH_PROFILE_DIR!, { recursive: true });
      writeFileSync(`${process.env.BENCH_PROFILE_DIR}/${process.argv[2]}-${process.pid}.cpuprofile`, JSON.stringify(profile));
    }
    await target.close();
    process.exit(0);
  })();
});
