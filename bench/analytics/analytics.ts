// bench/analytics: one flow's analytics over 100,000 sessions (≈ 1,000,000 viewer events), and the raw events CSV
// export against the `sqlite3` command-line tool writing the same rows, on SQLite and PostgreSQL.
//
// Seeds a fresh database: the account and the flow (two published versions) through the API, then sessions and
// their events inserted in bulk in one transaction (bench/analytics/seed.ts); the answers projection runs in the
// seed's transactions and the analytics facts and rollups are folded from the log afterwards (timed apart: the
// fold is off the ingest path), as for live traffic. Then:
// - times the analytics requests on the real app in-process (`app.request`: auth, validation, service, JSON; no
//   socket) with the admin's cookie session, against GET /healthz in the same process, round-robin (one of each per
//   round) after warm-up rounds; and each AnalyticsStore query on its own (the request runs them together);
// - exports every event as CSV (GET /api/v1/exports/events?format=csv) in a child process (export-child.ts, compiled
//   to JavaScript on the server's build as `npm start` runs it: compile-export-child.ts) that
//   reports rows/s and its peak RSS, and runs `sqlite3 -csv -header` on the same SQLite file with the query that
//   yields the same rows (once checked byte for byte with sha256), output to /dev/null, for the baseline rows/s.
// Usage: node --import tsx bench/analytics/analytics.ts [--sessions 100000] [--rounds 20] [--export-runs 3]
//        [--no-postgres] [--no-sqlite]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeMedia, createApp, openStorage, type StorageOptions } from '@reelback/server';
import { compileExportChild } from './compile-export-child.js';
import type { ExportChildInput, ExportChildResult } from './export-child.js';
import { definitionV1, definitionV2, FLOW_ID, type SeedCounts, seedFlow, tableCounts } from './seed.js';
import { numberFlag } from '../support/cli-flags.js';
import { summarise, type Timing } from '../support/timing.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => numberFlag(args, name, fallback);
const SESSIONS = flag('--sessions', 100_000);
const ROUNDS = flag('--rounds', 20);
const EXPORT_RUNS = flag('--export-runs', 3);
const WARMUP_ROUNDS = 3;
const withPostgres = !args.includes('--no-postgres');
const withSqlite = !args.includes('--no-sqlite');
const TARGET_MS = 200;
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 150;
const ADMIN_KEY = 'bench-analytics-admin-key-0123456789';
const EMAIL = 'ada@example.org';
const PASSWORD = 'bench password, long enough';
const DAY_MS = 86_400_000;

type App = ReturnType<typeof createApp>['app'];

async function call(app: App, method: string, path: string, init: { body?: unknown; cookie?: string; csrf?: string; admin?: boolean } = {}) {
  const headers: Record<string, string> = {};
  if (init.admin) headers.authorization = `Bearer ${ADMIN_KEY}`;
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf && method !== 'GET') headers['x-csrf-token'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/**
 * The rows the events CSV export writes, in its order, as sqlite3 can write them (header names included), in the
 * quickest plan we found for it: events walked by seq (cross joins), ≈ 25 % faster than inner joins and one sort.
 */
const SQLITE_EVENTS_CSV = (workspaceId: string) =>
  `select e.id as id, e.type as type, e.time as time, e.received_at as receivedAt, e.session_id as sessionId, ` +
  `json_extract(e.event, '$.data') as data from events e cross join sessions s cross join flows f ` +
  `where s.id = e.session_id and f.id = s.flow_id and f.workspace_id = '${workspaceId}' order by e.seq`;

interface SqliteCli {
  rowsPerSecond: number;
  ms: number[];
  sha256: string;
}

/** Runs sqlite3 with stdout on /dev/null (or into a hash) and resolves when it exits. */
async function sqlite3(file: string, query: string, hash: boolean): Promise<{ ms: number; sha256: string | null }> {
  const devNull = hash ? null : await open('/dev/null', 'w');
  try {
    const started = performance.now();
    const child = spawn('sqlite3', ['-csv', '-header', '-newline', '\r\n', '-readonly', file, query], { stdio: ['ignore', devNull ? devNull.fd : 'pipe', 'inherit'] });
    const digest = hash ? createHash('sha256') : null;
    if (digest) child.stdout!.on('data', (chunk: Buffer) => digest.update(chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`sqlite3 exited with ${code}`);
    return { ms, sha256: digest ? digest.digest('hex') : null };
  } finally {
    await devNull?.close();
  }
}

// The export child runs compiled, on the server's build (compile-export-child.ts), as `npm start` runs the server.
const exportChild = await compileExportChild();

async function exportInChild(database: StorageOptions, hash: boolean): Promise<ExportChildResult> {
  const input: ExportChildInput = { database, adminKey: ADMIN_KEY, hash };
  const child = spawn(process.execPath, [...exportChild.nodeArgs(database), JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`export child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as ExportChildResult;
}

interface ExportFigures {
  rows: number;
  bytes: number;
  rowsPerSecond: number;
  runsMs: number[];
  rssBeforeMb: number;
  peakRssMb: number;
  sha256: string | null;
}

interface Run {
  database: 'sqlite' | 'postgres';
  seedSeconds: number;
  counts: SeedCounts;
  tables: Record<string, number>;
  timings: Record<string, Timing>;
  exported: ExportFigures;
  cli: SqliteCli | null;
}

async function run(kind: 'sqlite' | 'postgres'): Promise<Run> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelback-bench-analytics-'));
  let database: StorageOptions;
  let dropSchema = async () => {};
  let analyze = async () => {};
  if (kind === 'sqlite') {
    database = { kind: 'sqlite', file: join(dataDir, 'reelback.db') };
  } else {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_analytics_${process.pid}`;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    // After a bulk load autovacuum would analyze the tables within a minute; do it now rather than wait.
    analyze = async () => {
      await admin.query(`VACUUM ANALYZE ${['sessions', 'events', 'answers', 'analytics_sessions', 'analytics_steps', 'analytics_session_days', 'analytics_step_days', 'analytics_dwell_days', 'flows'].map((t) => `${schema}.${t}`).join(', ')}`);
    };
    dropSchema = async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    };
    database = { kind: 'postgres', url, searchPath: schema, maxConnections: 10 };
  }
  const storage = openStorage(database);
  try {
    await storage.migrate();
    const dbConfig = database.kind === 'sqlite' ? database : { kind: 'postgres' as const, url: database.url };
    // The job queue is never started: nothing here converts media.
    const media = composeMedia({ dataDir, database: dbConfig, media: { maxUploadBytes: 200e6, keepOriginals: false, jobLeaseSeconds: 60, concurrency: 1 } }, storage);
    const { app } = createApp({ storage, adminKey: ADMIN_KEY, media });

    const boot = await call(app, 'POST', '/api/v1/auth/bootstrap', { admin: true, body: { workspaceName: 'Acme', email: EMAIL, name: 'Ada', password: PASSWORD } });
    const workspaceId = ((await boot.json()) as { workspace: { id: string } }).workspace.id;
    const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email: EMAIL, password: PASSWORD } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const session = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
    await call(app, 'POST', '/api/v1/flows', { ...session, body: { id: FLOW_ID, definition: definitionV1 } });
    await call(app, 'POST', `/api/v1/flows/${FLOW_ID}/versions`, session);
    await call(app, 'PUT', `/api/v1/flows/${FLOW_ID}`, { ...session, body: { definition: definitionV2 } });
    await call(app, 'POST', `/api/v1/flows/${FLOW_ID}/versions`, session);

    const now = Date.now();
    const seedStart = performance.now();
    const counts = await seedFlow(storage.database, { sessions: SESSIONS, now, kind: storage.kind });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    // The analytics facts and rollups, folded from the log as the server's folder does after commits.
    const foldStart = performance.now();
    while ((await storage.fold.foldBatch(5000)) > 0);
    const foldSeconds = (performance.now() - foldStart) / 1000;
    console.log(`  ${kind}: seeded in ${seedSeconds.toFixed(1)} s, folded in ${foldSeconds.toFixed(1)} s (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    await analyze();
    const tables = await tableCounts(storage.database);
    console.log(`  ${kind}: seeded ${counts.sessions} sessions, ${counts.events} events in ${seedSeconds.toFixed(1)} s; rows: ${JSON.stringify(tables)}`);

    // Whole UTC days: the workspace's zone is UTC unless set.
    const day = (offsetDays: number) => new Date(Math.floor(now / DAY_MS) * DAY_MS + offsetDays * DAY_MS).toISOString().slice(0, 10);
    const base = `/api/v1/flows/${FLOW_ID}/analytics`;
    const last90 = `from=${day(-90)}&to=${day(1)}`;
    const requests: Record<string, string> = {
      'GET /healthz (baseline)': '/healthz',
      'funnel + choices, 90 days, all versions': `${base}?${last90}`,
      'funnel + choices, 90 days, v2, mobile': `${base}?${last90}&version=2&device=mobile`,
      'time series by day, 90 days': `${base}/timeseries?${last90}&interval=day`,
      'time series by hour, 7 days': `${base}/timeseries?from=${day(-6)}&to=${day(1)}&interval=hour`,
    };
    // The same numbers as the first request, once, to say what was measured.
    const sample = (await (await call(app, 'GET', requests['funnel + choices, 90 days, all versions']!, session)).json()) as {
      summary: Record<string, number>;
      steps: { stepId: string; reached: number; dropped: number }[];
      choices: { options: { optionId: string; count: number }[] }[];
    };
    console.log(
      `  ${kind}: 90 days: ${JSON.stringify(sample.summary)}; steps ${sample.steps.map((s) => `${s.stepId} ${s.reached}/${s.dropped}`).join(', ')}; ` +
        `choices ${sample.choices[0]?.options.map((o) => `${o.optionId} ${o.count}`).join(', ')}`,
    );
    const filter = { flowId: FLOW_ID, fromMs: Date.parse(day(-90)), toMs: Date.parse(day(1)) };
    const store = storage.analytics;
    const storeCalls: Record<string, () => Promise<unknown>> = {
      'store: summary (counts, drop-off)': () => store.summary(filter),
      'store: steps (reached, answered, video)': () => store.steps(filter),
      'store: median time on step': () => store.medianTimeOnStep(filter),
      'store: responses (choice split, ratings, NPS)': () => store.responses(filter),
      'store: slots (15 min, 90 days)': () => store.slots(filter, 15 * 60_000),
    };
    const samples: Record<string, number[]> = Object.fromEntries([...Object.keys(requests), ...Object.keys(storeCalls)].map((name) => [name, []]));
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      for (const [name, path] of Object.entries(requests)) {
        const started = performance.now();
        const res = await app.request(path, { headers: { cookie: session.cookie } });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        if (round >= WARMUP_ROUNDS) samples[name]!.push(ms);
      }
      for (const [name, fn] of Object.entries(storeCalls)) {
        const started = performance.now();
        await fn();
        if (round >= WARMUP_ROUNDS) samples[name]!.push(performance.now() - started);
      }
    }
    const timings = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarise(s)]));

    // Exports: the parent is idle meanwhile (its storage stays open; SQLite's WAL lets the child read).
    const runs: ExportChildResult[] = [];
    for (let i = 0; i < EXPORT_RUNS; i++) runs.push(await exportInChild(database, false));
    const byMs = [...runs].sort((a, b) => a.ms - b.ms);
    const median = byMs[Math.floor((byMs.length - 1) / 2)]!;
    for (const r of runs) if (r.rows !== counts.events || r.total !== counts.events) throw new Error(`export wrote ${r.rows} rows (X-Total-Count ${r.total}), expected ${counts.events}`);
    let cli: SqliteCli | null = null;
    let sha256: string | null = null;
    if (kind === 'sqlite') {
      const file = (database as { file: string }).file;
      const query = SQLITE_EVENTS_CSV(workspaceId);
      // Same bytes? One untimed pass each, hashed.
      const [ours, theirs] = [await exportInChild(database, true), await sqlite3(file, query, true)];
      if (ours.sha256 !== theirs.sha256) throw new Error(`the export and sqlite3 wrote different bytes (sha256 ${ours.sha256} vs ${theirs.sha256})`);
      sha256 = ours.sha256;
      const ms: number[] = [];
      for (let i = 0; i < EXPORT_RUNS; i++) ms.push((await sqlite3(file, query, false)).ms);
      const medianMs = [...ms].sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)]!;
      cli = { rowsPerSecond: counts.events / (medianMs / 1000), ms, sha256: theirs.sha256! };
    }
    const exported: ExportFigures = {
      rows: median.rows,
      bytes: median.bytes,
      rowsPerSecond: median.rows / (median.ms / 1000),
      runsMs: runs.map((r) => r.ms),
      rssBeforeMb: Math.max(...runs.map((r) => r.rssBeforeMb)),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      sha256,
    };
    return { database: kind, seedSeconds, counts, tables, timings, exported, cli };
  } finally {
    await storage.close();
    await dropSchema();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results: Run[] = [];
try {
  if (withSqlite) results.push(await run('sqlite'));
  if (withPostgres) results.push(await run('postgres'));
} finally {
  await exportChild.dispose();
}

// PostgreSQL's export is compared with sqlite3 on the SQLite copy of the same rows (seeded identically).
const cliRate = results.find((r) => r.cli)?.cli?.rowsPerSecond ?? null;
let failed = false;
const miss = (what: string) => {
  console.error(`  target missed: ${what}`);
  failed = true;
};
for (const r of results) {
  const base = r.timings['GET /healthz (baseline)']!.median;
  console.log(
    `\nanalytics on ${r.database}: ${r.counts.sessions} sessions (${r.counts.started} started, ${r.counts.completed} completed), ${r.counts.events} events; ` +
      `${ROUNDS} rounds after ${WARMUP_ROUNDS} to warm up, in-process app.request with a cookie session`,
  );
  console.log('request                                          median ms   p95 ms   ratio to /healthz (median)');
  for (const [name, t] of Object.entries(r.timings)) {
    console.log(`${name.padEnd(48)} ${t.median.toFixed(2).padStart(9)}   ${t.p95.toFixed(2).padStart(6)}   ${(t.median / base).toFixed(0).padStart(8)}`);
    if (!name.startsWith('GET /healthz') && !name.startsWith('store:') && t.median > TARGET_MS) miss(`${r.database} ${name}: median ${t.median.toFixed(0)} ms > ${TARGET_MS} ms`);
  }
  const e = r.exported;
  const ratio = cliRate === null ? null : e.rowsPerSecond / cliRate;
  console.log(
    `events CSV export: ${e.rows} rows, ${(e.bytes / 1e6).toFixed(1)} MB, ${Math.round(e.rowsPerSecond)} rows/s (median of ${e.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s)` +
      (r.cli ? `; sqlite3 CLI ${Math.round(r.cli.rowsPerSecond)} rows/s (${r.cli.ms.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s), same bytes (sha256 ${r.cli.sha256.slice(0, 12)}…)` : '') +
      (ratio === null ? '' : `; ratio ${ratio.toFixed(2)}`) +
      `; exporter RSS ${e.rssBeforeMb.toFixed(0)} MB before, peak ${e.peakRssMb.toFixed(0)} MB`,
  );
  if (ratio !== null && ratio < TARGET_RATIO) miss(`${r.database} export ratio ${ratio.toFixed(2)} < ${TARGET_RATIO}`);
  if (e.peakRssMb >= TARGET_RSS_MB) miss(`${r.database} exporter peak RSS ${e.peakRssMb.toFixed(0)} MB ≥ ${TARGET_RSS_MB} MB`);
}
console.log(JSON.stringify({ sessions: SESSIONS, rounds: ROUNDS, runs: results }));
if (failed) process.exitCode = 1;
