// bench/login-flood: does a flood of anonymous logins hold up file serving? Against the built server (what
// `npm start` runs) on loopback, with SQLite:
//   idle     the widget bundle and a demo poster fetched alone: the baseline
//   flood    the same two files asked for while 40 logins with new e-mails (one address) are being checked
// Each login costs a 32 MiB scrypt. The headline ratio is a file's time under the flood to the time the 40 logins
// take: files must not queue behind the hashing (target ≤ 0.1; on libuv's threadpool, where scrypt used to run, the
// files came after 37 of the 40 logins: ratio ≈ 0.9). The 41st login must be refused (429, the address's budget).
// Usage: node --import tsx bench/login-flood/login-flood.ts [--rounds 3]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { numberFlag } from '../support/cli-flags.js';
import { summarise } from '../support/timing.js';

const ROUNDS = numberFlag(process.argv.slice(2), '--rounds', 3);
const LOGINS = 40;
const TARGET_RATIO = 0.1;
const FILES = ['/widget/reelback-flow.js', '/demo/media/welcome.jpg'];
const serverMain = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

/** A port nobody listens on now (the server's PORT must be 1–65535, so not 0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A fresh server per round: the address's login budget (40 in 10 minutes) is spent by each flood. */
async function withServer<T>(run: (base: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelback-bench-flood-'));
  const child = spawn(process.execPath, ['--enable-source-maps', serverMain], {
    env: { ...process.env, PORT: String(await freePort()), HOST: '127.0.0.1', REELBACK_DATA_DIR: dataDir, REELBACK_ADMIN_KEY: 'bench-flood-admin-key-0123456789', REELBACK_TRANSCRIBER: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
        if (url) resolve(url.replace('localhost', '127.0.0.1').replace(/[^0-9]+$/, ''));
      });
    });
    return await run(base);
  } finally {
    child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timeFile(base: string, path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(base + path);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: build the widget and the demo media first`);
  return performance.now() - started;
}

const login = (base: string, email: string) =>
  fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a guess of a password' }) });

interface Round {
  idle: number[];
  flood: number[];
  loginsMs: number;
  loginsBeforeFiles: number;
  over: number;
}

async function round(base: string): Promise<Round> {
  for (const path of FILES) await timeFile(base, path); // warm the file cache and the connection
  const idle = [];
  for (const path of FILES) idle.push(await timeFile(base, path));
  let finished = 0;
  const started = performance.now();
  const logins = Array.from({ length: LOGINS }, async (_, i) => {
    const res = await login(base, `flood-${i}@example.org`);
    await res.text();
    finished++;
    if (res.status !== 401) throw new Error(`login ${i} answered ${res.status}, not 401`);
  });
  // Let the logins reach the server first, so the files are asked for behind them.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const flood = await Promise.all(FILES.map((path) => timeFile(base, path)));
  const loginsBeforeFiles = finished;
  await Promise.all(logins);
  const loginsMs = performance.now() - started;
  const over = (await login(base, 'flood-41@example.org')).status;
  return { idle, flood, loginsMs, loginsBeforeFiles, over };
}

const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await withServer(round));

const idle = summarise(rounds.flatMap((r) => r.idle));
const flood = summarise(rounds.flatMap((r) => r.flood));
const logins = summarise(rounds.map((r) => r.loginsMs));
const ratio = flood.median / logins.median;
console.log(`files alone            median ${idle.median.toFixed(1)} ms, p95 ${idle.p95.toFixed(1)} ms`);
console.log(`files during the flood median ${flood.median.toFixed(1)} ms, p95 ${flood.p95.toFixed(1)} ms`);
console.log(`${LOGINS} logins              median ${logins.median.toFixed(0)} ms; logins done before the files: ${rounds.map((r) => r.loginsBeforeFiles).join(', ')}`);
console.log(`login ${LOGINS + 1} answered        ${rounds.map((r) => r.over).join(', ')}`);
console.log(`ratio file / logins    ${ratio.toFixed(3)} (target ≤ ${TARGET_RATIO})`);
const ok = ratio <= TARGET_RATIO && rounds.every((r) => r.over === 429);
if (!ok) {
  console.error('login-flood: target missed');
  process.exitCode = 1;
}
