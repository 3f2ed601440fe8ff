// bench/inbox: the owners' inbox over 100,000 answers. Seeds a fresh database (two workspaces made through the API,
// six published flows, then sessions, clips, ready transcripts, answers and tags inserted in bulk in one transaction),
// then calls the real app in-process (`app.request`, the whole Hono app with auth, validation and JSON; no socket)
// with the cookie session of workspace A's admin, as the dashboard does, and times each inbox request against
// GET /healthz in the same process. Requests run round-robin, one of each per round, so machine noise spreads evenly.
// Usage: node --import tsx bench/inbox/inbox.ts [--answers 100000] [--rounds 40] [--no-postgres] [--no-sqlite]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeMedia, createApp, openStorage } from '@reelback/server';
import { COMMON_WORD, RARE_WORD } from './corpus.js';
import { type SeedCounts, seedAnswers } from './seed.js';
import { numberFlag } from '../support/cli-flags.js';
import { summarise, type Timing } from '../support/timing.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => numberFlag(args, name, fallback);
const ANSWERS = flag('--answers', 100_000);
const ROUNDS = flag('--rounds', 40);
const WARMUP_ROUNDS = 3;
const DEEP_PAGES = 200;
const withPostgres = !args.includes('--no-postgres');
const withSqlite = !args.includes('--no-sqlite');
const TARGET_MS = 150;
const ADMIN_KEY = 'bench-inbox-admin-key-0123456789';
const PASSWORD = 'bench password, long enough';

const flowDefinition = (name: string) => ({
  name,
  steps: [
    {
      id: 'start',
      prompt: { title: 'What brings you here?' },
      answer: { type: 'choice', options: [{ id: 'feedback', label: 'Feedback', next: 'rate' }, { id: 'bye', label: 'Just looking', next: 'end' }] },
    },
    { id: 'rate', prompt: { title: 'How are we doing?' }, answer: { type: 'rating', scale: 5 }, next: 'nps' },
    { id: 'nps', prompt: { title: 'Would you recommend us?' }, answer: { type: 'nps' }, next: 'say' },
    { id: 'say', prompt: { title: 'Tell us more' }, answer: { type: 'open', kinds: ['video', 'audio', 'text'] }, next: 'contact' },
    { id: 'contact', prompt: { title: 'May we follow up?' }, answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail' }, { name: 'name', label: 'Name' }] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks!' }, answer: { type: 'end' } },
  ],
});

// Workspace A (the bootstrap one, measured) holds 85 % of the answers, B the rest.
const FLOWS_A = [
  { id: 'shop-feedback', weight: 0.45 },
  { id: 'onboarding', weight: 0.2 },
  { id: 'cancel-survey', weight: 0.12 },
  { id: 'support-followup', weight: 0.08 },
];
const FLOWS_B = [
  { id: 'beta-nps', weight: 0.1 },
  { id: 'beta-feedback', weight: 0.05 },
];

type App = ReturnType<typeof createApp>['app'];

interface Session {
  cookie: string;
  csrf: string;
}

async function call(app: App, method: string, path: string, init: { body?: unknown; session?: Session; admin?: boolean } = {}) {
  const headers: Record<string, string> = {};
  if (init.admin) headers.authorization = `Bearer ${ADMIN_KEY}`;
  if (init.session) {
    headers.cookie = init.session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = init.session.csrf;
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function login(app: App, workspaceId?: string): Promise<Session> {
  const res = await call(app, 'POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: PASSWORD, ...(workspaceId ? { workspaceId } : {}) } });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
}

interface Run {
  database: 'sqlite' | 'postgres';
  seedSeconds: number;
  counts: SeedCounts;
  rareHits: number;
  timings: Record<string, Timing>;
}

async function run(kind: 'sqlite' | 'postgres'): Promise<Run> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelback-bench-inbox-'));
  let database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  let storage: ReturnType<typeof openStorage>;
  let dropSchema = async () => {};
  let analyze = async () => {};
  if (kind === 'sqlite') {
    database = { kind: 'sqlite', file: join(dataDir, 'reelback.db') };
    storage = openStorage(database);
  } else {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_inbox_${process.pid}`;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    // After a bulk load autovacuum would analyze the tables within a minute; do it now rather than wait.
    analyze = async () => {
      await admin.query(`ANALYZE ${['answers', 'answer_tags', 'sessions', 'clips', 'transcripts', 'flows'].map((t) => `${schema}.${t}`).join(', ')}`);
    };
    dropSchema = async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    };
    database = { kind: 'postgres', url };
    storage = openStorage({ kind: 'postgres', url, searchPath: schema, maxConnections: 10 });
  }
  try {
    await storage.migrate();
    // The job queue is never started: nothing here converts media.
    const media = composeMedia({ dataDir, database, media: { maxUploadBytes: 200e6, keepOriginals: false, jobLeaseSeconds: 60, concurrency: 1 } }, storage);
    const { app } = createApp({ storage, adminKey: ADMIN_KEY, media });

    // Accounts and flows through the API, as an owner would make them.
    await call(app, 'POST', '/api/v1/auth/bootstrap', { admin: true, body: { workspaceName: 'Acme', email: 'ada@example.org', name: 'Ada', password: PASSWORD } });
    const inA = await login(app);
    const made = await call(app, 'POST', '/api/v1/workspaces', { session: inA, body: { name: 'Beta' } });
    const inB = await login(app, ((await made.json()) as { id: string }).id);
    for (const [session, flows] of [[inA, FLOWS_A], [inB, FLOWS_B]] as const) {
      for (const flow of flows) {
        await call(app, 'POST', '/api/v1/flows', { session, body: { id: flow.id, definition: flowDefinition(flow.id) } });
        await call(app, 'POST', `/api/v1/flows/${flow.id}/versions`, { session });
      }
    }

    const seedStart = performance.now();
    const counts = await seedAnswers(storage.database, kind, { answers: ANSWERS, flows: [...FLOWS_A, ...FLOWS_B], now: Date.now(), rare: 0.021, common: 0.4 });
    await analyze();
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`  ${kind}: seeded ${counts.answers} answers (${counts.sessions} sessions, ${counts.clips} clips, ${counts.transcripts} transcripts) in ${seedSeconds.toFixed(1)} s`);

    const get = async (path: string) => (await call(app, 'GET', path, { session: inA }).then((r) => r.json())) as { answers: unknown[]; nextCursor: string | null };
    // How many answers the rare word finds (every page), and a cursor DEEP_PAGES pages into the unfiltered list.
    let rareHits = 0;
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page = await get(`/api/v1/answers?q=${RARE_WORD}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      rareHits += page.answers.length;
      cursor = page.nextCursor;
    }
    let deepCursor = '';
    for (let i = 0; i < DEEP_PAGES; i++) deepCursor = (await get(`/api/v1/answers?limit=50${deepCursor ? `&cursor=${deepCursor}` : ''}`)).nextCursor!;

    const requests: Record<string, [string, Session]> = {
      'GET /healthz (baseline)': ['/healthz', inA],
      'inbox first page': ['/api/v1/answers?limit=50', inA],
      'filtered first page (status=new, one flow)': ['/api/v1/answers?status=new&flowId=shop-feedback&limit=50', inA],
      'filtered by tag': ['/api/v1/answers?tag=billing&limit=50', inA],
      [`search, rare word (${RARE_WORD})`]: [`/api/v1/answers?q=${RARE_WORD}&limit=50`, inA],
      [`search, common word (${COMMON_WORD})`]: [`/api/v1/answers?q=${COMMON_WORD}&limit=50`, inA],
      [`page ${DEEP_PAGES + 1} of the cursor chain`]: [`/api/v1/answers?limit=50&cursor=${deepCursor}`, inA],
      // The small workspace: its answers are spread thin among A's, so a newest-first walk passes more rows.
      'inbox first page, workspace B (15 %)': ['/api/v1/answers?limit=50', inB],
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(requests).map((name) => [name, []]));
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      for (const [name, [path, session]] of Object.entries(requests)) {
        const started = performance.now();
        const res = await app.request(path, { headers: { cookie: session.cookie } });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        if (round >= WARMUP_ROUNDS) samples[name]!.push(ms);
      }
    }
    return { database: kind, seedSeconds, counts, rareHits, timings: Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarise(s)])) };
  } finally {
    await storage.close();
    await dropSchema();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const runs: Run[] = [];
if (withSqlite) runs.push(await run('sqlite'));
if (withPostgres) runs.push(await run('postgres'));

let failed = false;
for (const r of runs) {
  const base = r.timings['GET /healthz (baseline)']!.median;
  const { counts } = r;
  console.log(
    `\ninbox on ${r.database}: ${counts.answers} answers (${Object.entries(counts.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
      `${counts.tagged} tagged; workspace A (measured) has ${FLOWS_A.reduce((n, f) => n + (counts.byFlow[f.id] ?? 0), 0)}; ` +
      `"${RARE_WORD}" is in ${r.rareHits} of A's answers; ${ROUNDS} rounds after ${WARMUP_ROUNDS} to warm up, in-process app.request with a cookie session`,
  );
  console.log('request                                        median ms   p95 ms   ratio to /healthz (median)');
  for (const [name, t] of Object.entries(r.timings)) {
    console.log(`${name.padEnd(46)} ${t.median.toFixed(2).padStart(9)}   ${t.p95.toFixed(2).padStart(6)}   ${(t.median / base).toFixed(0).padStart(8)}`);
  }
  if (r.database === 'sqlite') {
    for (const name of ['inbox first page', `search, rare word (${RARE_WORD})`, `search, common word (${COMMON_WORD})`]) {
      if (r.timings[name]!.p95 >= TARGET_MS) {
        console.error(`${name}: p95 ${r.timings[name]!.p95.toFixed(1)} ms is not under the ${TARGET_MS} ms target`);
        failed = true;
      }
    }
  }
}
console.log(JSON.stringify({ answers: ANSWERS, rounds: ROUNDS, targetMs: TARGET_MS, runs }));
if (failed) process.exitCode = 1;
