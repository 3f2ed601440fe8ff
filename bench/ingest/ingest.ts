// bench/ingest: events per second through POST /api/v1/events (batches of 10, durably stored) as a ratio
// to a bare Hono handler that does nothing, both measured here on loopback with 100 concurrent clients.
// Each target is loaded for a fixed time after a warm-up, several rounds, and the spread over the rounds is shown:
// counting a fixed number of requests instead made autocannon report whole-second durations (a 1–2 s run read as
// either 99k or 198k events/s).
// Usage: node --import tsx bench/ingest/ingest.ts [--duration S] [--warmup S] [--rounds N] [--no-postgres]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { uuidv7 } from '@reelback/shared';
import { adminPost } from '../support/admin-api.js';
import { numberFlag } from '../support/cli-flags.js';
import { benchFlow, walkBatch } from './batches.js';

const args = process.argv.slice(2);
const DURATION_S = numberFlag(args, '--duration', 15);
const WARMUP_S = numberFlag(args, '--warmup', 5);
const ROUNDS = numberFlag(args, '--rounds', 3);
const withPostgres = !args.includes('--no-postgres');
const CONNECTIONS = 100;
const EVENTS_PER_BATCH = 10;

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

/**
 * Bodies for the storing targets: one fresh session per request, created before the clock starts, so every batch is a
 * whole valid walk (a batch sent twice would be a cheaper duplicate). The other targets store nothing: any bodies do.
 */
class Bodies {
  private flow: { id: string; version: number } | undefined;
  private pool: string[] = [];
  private next = 0;
  exhausted = false;

  constructor(private readonly url: string | null) {}

  /** Makes sure at least `count` unused bodies wait (sessions are created outside the measured time). */
  async ensure(count: number): Promise<void> {
    this.pool = this.pool.slice(this.next);
    this.next = 0;
    this.exhausted = false;
    const missing = count - this.pool.length;
    if (missing <= 0) return;
    if (!this.url) {
      this.pool.push(...Array.from({ length: missing }, () => JSON.stringify(walkBatch('bench', 1, uuidv7()))));
      return;
    }
    if (!this.flow) {
      const flow = await api(this.url, '/api/v1/flows', { id: 'bench', definition: benchFlow });
      const published = await api(this.url, `/api/v1/flows/${String(flow.id)}/versions`, {});
      this.flow = { id: String(flow.id), version: Number(published.version) };
    }
    const { id: flowId, version: flowVersion } = this.flow;
    const sessionIds = Array.from({ length: missing }, () => uuidv7());
    let at = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (at < sessionIds.length) {
          const sessionId = sessionIds[at++]!;
          await api(this.url!, '/api/v1/sessions', { flowId, flowVersion, sessionId, context: { embedMode: 'inline' } });
        }
      }),
    );
    this.pool.push(...sessionIds.map((id) => JSON.stringify(walkBatch(flowId, flowVersion, id))));
  }

  take(): string {
    if (this.next >= this.pool.length) {
      this.exhausted = true;
      return this.pool[this.next++ % this.pool.length]!;
    }
    return this.pool[this.next++]!;
  }
}

interface Figures {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Of the errors, requests that got no answer within autocannon's 10 s (a machine too busy to measure on). */
  timeouts: number;
}

async function load(url: string, bodies: Bodies, seconds: number): Promise<Figures> {
  const started = performance.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/events',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies.take() }),
      },
    ],
  });
  // Our own clock, in milliseconds: autocannon's `duration` is the whole seconds asked for.
  const elapsed = (performance.now() - started) / 1000;
  return {
    eventsPerSecond: Math.round((result.requests.total * EVENTS_PER_BATCH) / elapsed),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Enough fresh bodies for `seconds` at 1.5 × the best rate seen so far (batches per second). */
const needed = (batchesPerSecond: number, seconds: number) => Math.ceil(batchesPerSecond * seconds * 1.5) + 1000;

async function measure(kind: string): Promise<Figures[]> {
  const target = await startTarget(kind);
  try {
    const bodies = new Bodies(kind === 'sqlite' || kind === 'postgres' ? target.url : null);
    // A first guess for the warm-up; its own rate sizes the rounds' pools.
    let rate = kind === 'sqlite' || kind === 'postgres' ? 3000 : 10000;
    await bodies.ensure(needed(rate, WARMUP_S));
    // Both sides are measured warm (JIT, caches, SQLite pages): the warm-up is not counted.
    const warm = await load(target.url, bodies, WARMUP_S);
    rate = Math.max(rate / 3, warm.eventsPerSecond / EVENTS_PER_BATCH);
    target.child.kill('SIGUSR2');
    const rounds: Figures[] = [];
    while (rounds.length < ROUNDS) {
      await bodies.ensure(needed(rate, DURATION_S));
      const figures = await load(target.url, bodies, DURATION_S);
      if (figures.non2xx > 0 || figures.errors > 0) {
        throw new Error(
          `${kind}: ${figures.non2xx} non-2xx answers and ${figures.errors} errors (${figures.timeouts} of them timeouts): the measurement is void`,
        );
      }
      rate = Math.max(rate, figures.eventsPerSecond / EVENTS_PER_BATCH);
      // Ran out of fresh sessions (faster than foreseen): the round sent duplicates and is measured again.
      if (bodies.exhausted) continue;
      rounds.push(figures);
    }
    return rounds;
  } finally {
    await stopTarget(target);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

interface Row {
  /** The median round (events/s, and the median of the rounds' p50 and p99). */
  eventsPerSecond: number;
  min: number;
  max: number;
  p50: number;
  p99: number;
  rounds: number[];
}

function summarise(rounds: Figures[]): Row {
  const eps = rounds.map((r) => r.eventsPerSecond);
  return {
    eventsPerSecond: median(eps),
    min: Math.min(...eps),
    max: Math.max(...eps),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    rounds: eps,
  };
}

const rows: Record<string, Row> = {};
const bareFirst = await measure('bare');
rows.validate = summarise(await measure('validate'));
rows.sqlite = summarise(await measure('sqlite'));
if (withPostgres) rows.postgres = summarise(await measure('postgres'));
// The bare handler again, so drift on a shared machine shows up rather than skewing one side: its rounds of both
// runs make one row.
rows.bare = summarise([...bareFirst, ...(await measure('bare'))]);
const bareEps = rows.bare.eventsPerSecond;

console.log(
  `\ningest: ${ROUNDS} rounds of ${DURATION_S} s per target after ${WARMUP_S} s to warm up, batches of ${EVENTS_PER_BATCH} events, ` +
    `${CONNECTIONS} concurrent clients, loopback (bare: both runs' rounds)`,
);
console.log('target     events/s (median)   min–max of rounds   ratio to bare   ratio to validate-only   p50 ms   p99 ms');
for (const kind of ['bare', 'validate', 'sqlite', 'postgres']) {
  const f = rows[kind];
  if (!f) continue;
  const ratio = (f.eventsPerSecond / bareEps).toFixed(2);
  const toValidate = (f.eventsPerSecond / rows.validate.eventsPerSecond).toFixed(2);
  console.log(
    `${kind.padEnd(10)} ${String(f.eventsPerSecond).padStart(17)}   ${`${f.min}–${f.max}`.padStart(17)}   ${ratio.padStart(13)}   ${toValidate.padStart(22)}   ${String(f.p50).padStart(6)}   ${String(f.p99).padStart(6)}`,
  );
}
const sqliteToValidate = rows.sqlite.eventsPerSecond / rows.validate.eventsPerSecond;
const postgresToValidate = rows.postgres ? rows.postgres.eventsPerSecond / rows.validate.eventsPerSecond : undefined;
console.log(
  JSON.stringify({
    durationSeconds: DURATION_S,
    warmupSeconds: WARMUP_S,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    rows,
    sqliteRatio: Number((rows.sqlite.eventsPerSecond / bareEps).toFixed(3)),
    sqliteToValidateOnly: Number(sqliteToValidate.toFixed(3)),
    ...(postgresToValidate === undefined ? {} : { postgresToValidateOnly: Number(postgresToValidate.toFixed(3)) }),
  }),
);
// The targets of #14 (restated from #2): durable SQLite ≥ 0.5 × validate-only, PostgreSQL ≥ 0.35 ×.
const misses = [
  ...(sqliteToValidate < 0.5 ? [`SQLite ${sqliteToValidate.toFixed(2)} of validate-only is below 0.5`] : []),
  ...(postgresToValidate !== undefined && postgresToValidate < 0.35 ? [`PostgreSQL ${postgresToValidate.toFixed(2)} of validate-only is below 0.35`] : []),
];
for (const miss of misses) console.error(miss);
if (misses.length > 0) process.exitCode = 1;
