// bench/analytics/segments.ts: what a session-variable segment costs a read. On the same seeded data as
// bench/analytics (100,000 sessions of one flow over 90 days, ≈ 1,000,000 events; every session's page passed a
// `plan`: free 40 %, pro 30 %, team 10 %, enterprise 10 %, none 10 %), times on SQLite and PostgreSQL, in-process
// (`app.request` with the admin key; no socket), round-robin after warm-up rounds:
// - the plain funnel (GET …/analytics, 90 days: the day rollups answer it),
// - the same funnel with a device segment (the facts tables answer it: the baseline of any segment read),
// - the funnel with `var.plan=pro` (the facts tables, each row's session looked up for its `vars`),
// - the funnel with `var.plan=enterprise&device=mobile` (a small segment),
// - the split by plan (GET …/analytics/variables/plan), and the day time series with `var.plan=pro`.
// Target: a segmented funnel within 500 ms (median) on both engines; and it reports the segment's cost as a ratio
// to the device-segmented funnel, which reads the same facts without the lookup.
// Usage: node --import tsx bench/analytics/segments.ts [--sessions 100000] [--rounds 10] [--no-postgres] [--no-sqlite]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeMedia, createApp, openStorage, type StorageOptions } from '@reelback/server';
import { definitionV1, definitionV2, FLOW_ID, seedFlow } from './seed.js';
import { numberFlag } from '../support/cli-flags.js';
import { summarise, type Timing } from '../support/timing.js';

const args = process.argv.slice(2);
const SESSIONS = numberFlag(args, '--sessions', 100_000);
const ROUNDS = numberFlag(args, '--rounds', 10);
const WARMUP_ROUNDS = 2;
const TARGET_MS = 500;
const ADMIN_KEY = 'bench-segments-admin-key-0123456789';
const DAY_MS = 86_400_000;

type App = ReturnType<typeof createApp>['app'];

async function get(app: App, path: string, method = 'GET', body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function run(kind: 'sqlite' | 'postgres'): Promise<{ database: string; timings: Record<string, Timing>; check: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelback-bench-segments-'));
  let database: StorageOptions;
  let after = async () => {};
  let analyze = async () => {};
  if (kind === 'sqlite') {
    database = { kind: 'sqlite', file: join(dataDir, 'reelback.db') };
  } else {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_segments_${process.pid}`;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    analyze = async () => void (await admin.query(`VACUUM ANALYZE ${['sessions', 'analytics_sessions', 'analytics_steps'].map((t) => `${schema}.${t}`).join(', ')}`));
    after = async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    };
    database = { kind: 'postgres', url, searchPath: schema, maxConnections: 10 };
  }
  const storage = openStorage(database);
  try {
    await storage.migrate();
    const dbConfig = database.kind === 'sqlite' ? database : { kind: 'postgres' as const, url: database.url };
    const media = composeMedia({ dataDir, database: dbConfig, media: { maxUploadBytes: 200e6, keepOriginals: false, jobLeaseSeconds: 60, concurrency: 1 } }, storage);
    const { app } = createApp({ storage, adminKey: ADMIN_KEY, media });
    await get(app, '/api/v1/flows', 'POST', { id: FLOW_ID, definition: definitionV1 });
    await get(app, `/api/v1/flows/${FLOW_ID}/versions`, 'POST');
    await get(app, `/api/v1/flows/${FLOW_ID}`, 'PUT', { definition: definitionV2 });
    await get(app, `/api/v1/flows/${FLOW_ID}/versions`, 'POST');
    const now = Date.now();
    const seedStart = performance.now();
    const counts = await seedFlow(storage.database, { sessions: SESSIONS, now, kind: storage.kind });
    await analyze();
    console.log(`  ${kind}: seeded ${counts.sessions} sessions, ${counts.events} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const day = (offset: number) => new Date(Math.floor(now / DAY_MS) * DAY_MS + offset * DAY_MS).toISOString().slice(0, 10);
    const base = `/api/v1/flows/${FLOW_ID}/analytics`;
    const range = `from=${day(-90)}&to=${day(1)}`;
    const requests: Record<string, string> = {
      'funnel, 90 days (rollups)': `${base}?${range}`,
      'funnel, device=desktop (facts)': `${base}?${range}&device=desktop`,
      'funnel, var.plan=pro': `${base}?${range}&var.plan=pro`,
      'funnel, var.plan=enterprise&device=mobile': `${base}?${range}&var.plan=enterprise&device=mobile`,
      'split by plan (top 10)': `${base}/variables/plan?${range}`,
      'time series by day, var.plan=pro': `${base}/timeseries?${range}&var.plan=pro`,
    };
    // The split adds up to the whole funnel: say so once, so the figures are known to be the same sessions.
    const whole = ((await (await get(app, requests['funnel, 90 days (rollups)']!)).json()) as { summary: { impressions: number } }).summary.impressions;
    const split = (await (await get(app, requests['split by plan (top 10)']!)).json()) as { values: { value: string | null; sessions: number }[] };
    const sum = split.values.reduce((a, v) => a + v.sessions, 0);
    if (sum !== whole) throw new Error(`the split's sessions (${sum}) do not add up to the funnel's impressions (${whole})`);
    const check = `${whole} sessions = ${split.values.map((v) => `${v.value ?? '(none)'} ${v.sessions}`).join(' + ')}`;
    console.log(`  ${kind}: ${check}`);

    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(requests).map((name) => [name, []]));
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      for (const [name, path] of Object.entries(requests)) {
        const started = performance.now();
        await (await get(app, path)).arrayBuffer();
        if (round >= WARMUP_ROUNDS) samples[name]!.push(performance.now() - started);
      }
    }
    return { database: kind, timings: Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, summarise(s)])), check };
  } finally {
    await storage.close();
    await after();
    await rm(dataDir, { recursive: true, force: true });
  }
}

let failed = false;
/** Prints one engine's table as soon as it is measured (a PostgreSQL seed takes minutes more). */
function report(r: { database: string; timings: Record<string, Timing> }): void {
  const facts = r.timings['funnel, device=desktop (facts)']!.median;
  console.log(`\nsegments on ${r.database}: ${SESSIONS} sessions, ${ROUNDS} rounds after ${WARMUP_ROUNDS} to warm up`);
  console.log('request                                          median ms   p95 ms   ratio to device-segmented funnel');
  for (const [name, t] of Object.entries(r.timings)) {
    console.log(`${name.padEnd(48)} ${t.median.toFixed(1).padStart(9)}   ${t.p95.toFixed(1).padStart(6)}   ${(t.median / facts).toFixed(2).padStart(6)}`);
    if (name.includes('var.') && t.median > TARGET_MS) {
      console.error(`  target missed: ${r.database} ${name}: median ${t.median.toFixed(0)} ms > ${TARGET_MS} ms`);
      failed = true;
    }
  }
}

const results = [];
for (const kind of ['sqlite', 'postgres'] as const) {
  if (args.includes(`--no-${kind}`)) continue;
  const r = await run(kind);
  report(r);
  results.push(r);
}
console.log(JSON.stringify({ sessions: SESSIONS, rounds: ROUNDS, runs: results }));
if (failed) process.exitCode = 1;
