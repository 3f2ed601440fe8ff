// bench/ingest: events per second through POST /api/v1/events (batches of 10, durably stored) as a ratio
// to a bare Hono handler that does nothing, both measured here on loopback with 100 concurrent clients.
// Usage: node --import tsx bench/ingest/ingest.ts [--requests N] [--no-postgres]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { uuidv7 } from '@reelback/shared';
import { adminPost } from '../support/admin-api.js';
import { benchFlow, walkBatch } from './batches.js';

const args = process.argv.slice(2);
const requests = Number(args[args.indexOf('--requests') + 1] ?? 0) || 20000;
const withPostgres = !args.includes('--no-postgres');
const CONNECTIONS = 100;
const EVENTS_PER_BATCH = 10;
const WARMUP = 2000;

interface Target {
  url: string;
  child: ChildProcess;
}

async function startTarget(kind: string): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./ingest-target.ts', import.meta.url)), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const { port } = JSON.parse(line) as { port: number };
    return { url: `http://127.0.0.1:${port}`, child };
  }
  throw new Error(`${kind} target exited before it was ready`);
}

async function stopTarget(target: Target): Promise<void> {
  target.child.kill('SIGTERM');
  await once(target.child, 'exit');
}

const api = adminPost;

/** One fresh session per request, created before the clock starts, so every batch is a whole valid walk. */
async function prepareBodies(url: string | null, count: number): Promise<string[]> {
  let flowId = 'bench';
  let flowVersion = 1;
  if (url) {
    const flow = await api(url, '/api/v1/flows', { id: 'bench', definition: benchFlow });
    flowId = String(flow.id);
    const published = await api(url, `/api/v1/flows/${flowId}/versions`, {});
    flowVersion = Number(published.version);
  }
  const sessionIds = Array.from({ length: count }, () => uuidv7());
  if (url) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < sessionIds.length) {
          const sessionId = sessionIds[next++]!;
          await api(url, '/api/v1/sessions', { flowId, flowVersion, sessionId, context: { embedMode: 'inline' } });
        }
      }),
    );
  }
  return sessionIds.map((id) => JSON.stringify(walkBatch(flowId, flowVersion, id)));
}

interface Figures {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, bodies: string[]): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: bodies.length,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/events',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  const seconds = result.duration;
  return {
    eventsPerSecond: Math.round((result.requests.total * EVENTS_PER_BATCH) / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function measure(kind: string): Promise<Figures> {
  const target = await startTarget(kind);
  try {
    const stores = kind === 'sqlite' || kind === 'postgres';
    const bodies = await prepareBodies(stores ? target.url : null, requests + WARMUP);
    // Both sides are measured warm (JIT, caches, SQLite pages): the first WARMUP batches are not counted.
    await load(target.url, bodies.slice(0, WARMUP));
    target.child.kill('SIGUSR2');
    const figures = await load(target.url, bodies.slice(WARMUP));
    if (figures.non2xx > 0 || figures.errors > 0) {
      throw new Error(`${kind}: ${figures.non2xx} non-2xx answers and ${figures.errors} errors: the measurement is void`);
    }
    return figures;
  } finally {
    await stopTarget(target);
  }
}

const rows: Record<string, Figures> = {};
rows.bare = await measure('bare');
rows.validate = await measure('validate');
rows.sqlite = await measure('sqlite');
if (withPostgres) rows.postgres = await measure('postgres');
// The bare handler again, so drift on a shared machine shows up rather than skewing one side.
const bareAgain = await measure('bare');
const bareEps = Math.max(rows.bare.eventsPerSecond, bareAgain.eventsPerSecond);

console.log(`\ningest: ${requests} batches of ${EVENTS_PER_BATCH} events after ${WARMUP} to warm up, ${CONNECTIONS} concurrent clients, loopback`);
console.log('target     events/s   ratio to bare   ratio to validate-only   p50 ms   p99 ms');
for (const [kind, f] of Object.entries(rows)) {
  const ratio = (f.eventsPerSecond / bareEps).toFixed(2);
  const toValidate = (f.eventsPerSecond / rows.validate.eventsPerSecond).toFixed(2);
  console.log(
    `${kind.padEnd(10)} ${String(f.eventsPerSecond).padStart(8)}   ${ratio.padStart(13)}   ${toValidate.padStart(22)}   ${String(f.p50).padStart(6)}   ${String(f.p99).padStart(6)}`,
  );
}
console.log(`(bare handler measured twice: ${rows.bare.eventsPerSecond} and ${bareAgain.eventsPerSecond} events/s; the higher is the baseline)`);
const sqliteRatio = rows.sqlite.eventsPerSecond / bareEps;
const sqliteToValidate = rows.sqlite.eventsPerSecond / rows.validate.eventsPerSecond;
console.log(
  JSON.stringify({
    requests,
    connections: CONNECTIONS,
    bareEventsPerSecond: bareEps,
    rows,
    target: 0.5,
    sqliteRatio: Number(sqliteRatio.toFixed(3)),
    sqliteToValidateOnly: Number(sqliteToValidate.toFixed(3)),
  }),
);
if (sqliteRatio < 0.5) {
  console.error(`ratio ${sqliteRatio.toFixed(2)} is below the 0.5 target`);
  process.exitCode = 1;
}
