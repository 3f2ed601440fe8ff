// The server under test for bench/webhooks, in a process of its own. argv[2]: "sqlite" | "postgres".
// --webhook URL: make one `*` webhook to URL at start. --dispatch now|signal: start the delivery dispatcher at once,
// or on SIGUSR1 (so deliveries queue up first). Prints `{"port":N}` when ready; SIGTERM stops it.
import { serve } from '@hono/node-server';
import { createApp } from '@reelback/server';
import { BENCH_ADMIN_KEY } from '../ingest/batches.js';
import { openBenchStorage } from '../support/bench-app-storage.js';

const args = process.argv.slice(2);
const kind = args[0] ?? 'sqlite';
const webhookUrl = args.includes('--webhook') ? args[args.indexOf('--webhook') + 1]! : null;
const dispatch = args.includes('--dispatch') ? args[args.indexOf('--dispatch') + 1] : 'now';

// The media queue is never started: neither ingest nor webhooks use it.
const { storage, media, dispose } = await openBenchStorage(kind, 'webhooks');
const reelback = createApp({ storage, adminKey: BENCH_ADMIN_KEY, media, sessionStartBudget: null, outbound: { allowPrivate: true }, logError: (m, e) => console.error(m, e) });
if (webhookUrl) {
  const res = await reelback.app.request('/api/v1/workspace/webhooks', {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: webhookUrl, eventTypes: ['*'] }),
  });
  if (res.status !== 201) throw new Error(`creating the webhook: ${res.status} ${await res.text()}`);
}
// BENCH_PROFILE_DIR: a CPU profile of the delivery run only (from SIGUSR1 to SIGTERM).
const profiler = process.env.BENCH_PROFILE_DIR ? new (await import('node:inspector/promises')).Session() : undefined;
if (dispatch === 'now') reelback.webhookDispatcher.start();
process.on('SIGUSR1', () => {
  if (profiler) {
    profiler.connect();
    void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
  }
  reelback.webhookDispatcher.start();
});

const server = serve({ fetch: reelback.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void (async () => {
    await reelback.webhookDispatcher.stop();
    if (profiler) {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { profile } = await profiler.post('Profiler.stop');
      mkdirSync(process.env.BENCH_PROFILE_DIR!, { recursive: true });
      writeFileSync(`${process.env.BENCH_PROFILE_DIR}/webhooks-${kind}-${process.pid}.cpuprofile`, JSON.stringify(profile));
    }
    await dispose();
    process.exit(0);
  })();
});
