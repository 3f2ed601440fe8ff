// bench/webhooks: what webhooks cost. (1) Event ingest (POST /api/v1/events, batches of 10) with one `*` webhook to a
// local receiver, as a ratio to ingest without webhooks measured in the same script (target ≥ 0.7); (2) deliveries a
// second from a queue of stored events' deliveries to a receiver that answers at once (target ≥ 1,000/s).
// Server, receiver and load generator each run in a process of their own.
// Usage: node --import tsx bench/webhooks/webhooks.ts [--requests N] [--queued N] [--rounds N] [--no-postgres]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { uuidv7 } from '@reelback/shared';
import { benchFlow, walkBatch } from '../ingest/batches.js';
import { adminPost } from '../support/admin-api.js';
import { numberFlag } from '../support/cli-flags.js';

const args = process.argv.slice(2);
const requests = numberFlag(args, '--requests', 5000);
const queued = numberFlag(args, '--queued', 2000);
const rounds = numberFlag(args, '--rounds', 2);
const withPostgres = !args.includes('--no-postgres');
const CONNECTIONS = 100;
const EVENTS_PER_BATCH = 10;
const WARMUP = 1000;

interface Child {
  url: string;
  child: ChildProcess;
}

async function startChild(script: string, argv: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const { port } = JSON.parse(line) as { port: number };
    return { url: `http://127.0.0.1:${port}`, child };
  }
  throw new Error(`${script} exited before it was ready`);
}

async function stop(c: Child): Promise<void> {
  c.child.kill('SIGTERM');
  await once(c.child, 'exit');
}

const api = adminPost;

/** One fresh session per batch, created before the clock starts, so every batch is a whole valid walk. */
async function prepareBodies(url: string, count: number): Promise<string[]> {
  const flow = await api(url, '/api/v1/flows', { id: 'bench', definition: benchFlow });
  const flowId = String(flow.id);
  const flowVersion = Number((await api(url, `/api/v1/flows/${flowId}/versions`, {})).version);
  const sessionIds = Array.from({ length: count }, () => uuidv7());
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < sessionIds.length) await api(url, '/api/v1/sessions', { flowId, flowVersion, sessionId: sessionIds[next++]!, context: { embedMode: 'inline' } });
    }),
  );
  return sessionIds.map((id) => JSON.stringify(walkBatch(flowId, flowVersion, id)));
}

interface LoadFigures {
  eventsPerSecond: number;
  p50: number;
  p99: number;
}

async function load(url: string, bodies: string[]): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: bodies.length,
    // A shared two-core machine can be slow for a while; a request counts as failed only after 60 s.
    timeout: 60,
    requests: [{ method: 'POST', path: '/api/v1/events', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors (${result.timeouts} timeouts): the measurement is void`);
  return { eventsPerSecond: Math.round((result.requests.total * EVENTS_PER_BATCH) / result.duration), p50: result.latency.p50, p99: result.latency.p99 };
}

async function receivedBy(receiver: Child): Promise<number> {
  return ((await (await fetch(`${receiver.url}/count`)).json()) as { received: number }).received;
}

/** Waits until the receiver has `expected` requests; resolves the seconds it took, or throws after `timeoutMs`. */
async function drained(receiver: Child, expected: number, timeoutMs = 600_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const got = await receivedBy(receiver);
    if (got >= expected) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`only ${got} of ${expected} deliveries after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface IngestRow extends LoadFigures {
  /** Deliveries the receiver had when the load ended, and seconds until it had all of them. */
  deliveredDuringLoad?: number;
  drainSeconds?: number;
}

async function ingest(kind: string, withWebhook: boolean): Promise<IngestRow> {
  const receiver = withWebhook ? await startChild('./receiver.ts', []) : undefined;
  const target = await startChild('./webhooks-target.ts', [kind, ...(receiver ? ['--webhook', `${receiver.url}/hook`] : [])]);
  try {
    const bodies = await prepareBodies(target.url, requests + WARMUP);
    await load(target.url, bodies.slice(0, WARMUP));
    if (receiver) await drained(receiver, WARMUP * EVENTS_PER_BATCH);
    const figures = await load(target.url, bodies.slice(WARMUP));
    if (!receiver) return figures;
    const deliveredDuringLoad = (await receivedBy(receiver)) - WARMUP * EVENTS_PER_BATCH;
    const drainSeconds = await drained(receiver, (WARMUP + requests) * EVENTS_PER_BATCH);
    return { ...figures, deliveredDuringLoad, drainSeconds: Number(drainSeconds.toFixed(2)) };
  } finally {
    await stop(target);
    if (receiver) await stop(receiver);
  }
}

/** Deliveries of `queued` batches' events wait in the table; then the dispatcher starts and sends them all. */
async function delivery(kind: string): Promise<{ deliveries: number; seconds: number; perSecond: number }> {
  const receiver = await startChild('./receiver.ts', []);
  const target = await startChild('./webhooks-target.ts', [kind, '--webhook', `${receiver.url}/hook`, '--dispatch', 'signal']);
  try {
    await load(target.url, await prepareBodies(target.url, queued));
    const deliveries = queued * EVENTS_PER_BATCH;
    target.child.kill('SIGUSR1');
    const seconds = await drained(receiver, deliveries);
    return { deliveries, seconds: Number(seconds.toFixed(2)), perSecond: Math.round(deliveries / seconds) };
  } finally {
    await stop(target);
    await stop(receiver);
  }
}

const results: Record<string, unknown> = {};
let failed = false;
for (const kind of ['sqlite', ...(withPostgres ? ['postgres'] : [])]) {
  // Without and with the webhook in turns, `rounds` times, the best run of each compared: on a shared machine a
  // single run can be a third slower than the next for reasons of its own, and both sides get the same chances.
  const without: IngestRow[] = [];
  const withHook: IngestRow[] = [];
  for (let round = 0; round < rounds; round++) {
    without.push(await ingest(kind, false));
    withHook.push(await ingest(kind, true));
  }
  const best = (runs: IngestRow[]) => runs.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
  const baseline = best(without).eventsPerSecond;
  const ratio = best(withHook).eventsPerSecond / baseline;
  const sent = await delivery(kind);
  console.log(`\nwebhooks on ${kind}: ${requests} batches of ${EVENTS_PER_BATCH} events after ${WARMUP} to warm up, ${CONNECTIONS} concurrent clients, loopback, ${rounds} rounds`);
  console.log('ingest                      events/s   ratio   p50 ms   p99 ms   delivered during load   drain after');
  const line = (name: string, f: IngestRow) =>
    console.log(
      `${name.padEnd(26)} ${String(f.eventsPerSecond).padStart(9)}   ${(f.eventsPerSecond / baseline).toFixed(2).padStart(5)}   ${String(f.p50).padStart(6)}   ${String(f.p99).padStart(6)}   ${String(f.deliveredDuringLoad ?? '—').padStart(21)}   ${f.drainSeconds === undefined ? '—' : `${f.drainSeconds} s`}`,
    );
  for (let round = 0; round < rounds; round++) {
    line(`no webhooks (round ${round + 1})`, without[round]!);
    line(`one \`*\` webhook (round ${round + 1})`, withHook[round]!);
  }
  console.log(`best with / best without: ${ratio.toFixed(2)}`);
  console.log(`delivery: ${sent.deliveries} queued deliveries sent in ${sent.seconds} s = ${sent.perSecond}/s (receiver answers 204 at once)`);
  results[kind] = { without, withHook, ratio: Number(ratio.toFixed(3)), delivery: sent };
  if (ratio < 0.7) {
    console.error(`${kind}: ingest with a webhook is ${ratio.toFixed(2)} of ingest without, below the 0.7 target`);
    failed = true;
  }
  if (sent.perSecond < 1000) {
    console.error(`${kind}: ${sent.perSecond} deliveries/s, below the 1,000/s target`);
    failed = true;
  }
}
console.log(JSON.stringify({ requests, queued, rounds, connections: CONNECTIONS, targets: { ingestRatio: 0.7, deliveriesPerSecond: 1000 }, results }));
if (failed) process.exitCode = 1;
