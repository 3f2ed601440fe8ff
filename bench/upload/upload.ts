// bench/upload: throughput of one large clip through Reelback's resumable (tus 1.0) endpoint as a ratio to a plain
// streamed PUT to disk, both measured here on loopback, and the server's peak RSS growth while it takes the clip.
//   plain        one PUT of the whole file to a bare node:http handler (pipeline(req, createWriteStream)): the baseline
//   tus          tus creation (Upload-Length) + ONE PATCH of the whole file: the headline ratio
//   tus-chunked  the widget's way: creation with Upload-Defer-Length, then sequential PATCHes of --chunk-kib
//                (default 512 KiB, the widget's chunkSize), the last one carrying Upload-Length
//   plain-chunked  the same chunks as sequential plain PUTs (`?offset=`): what any per-request protocol costs
//                on this machine, the baseline the chunked tus row is best read against
// Runs alternate (plain, tus, tus-chunked, plain-chunked, then the next round in reverse order) and each figure is the median
// over the rounds, because the machine is shared. Every run is checked: the server holds exactly the bytes sent.
// Usage: node --import tsx bench/upload/upload.ts [--size-mb 200] [--rounds 6] [--chunk-kib 512]
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';

// ── options ───────────────────────────────────────────────────────────────────────────────────────────────
const args = process.argv.slice(2);
function flag(name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}
const SIZE_MB = flag('--size-mb', 200);
const ROUNDS = Math.max(1, Math.round(flag('--rounds', 6)));
const CHUNK_BYTES = Math.round(flag('--chunk-kib', 512) * 1024);
const SIZE = Math.round(SIZE_MB * 1_000_000); // 1 MB = 1,000,000 bytes, as in docs/configuration.md
const TARGET_RATIO = 0.8;
const TARGET_RSS_GROWTH = 64 * 1_000_000;
const ADMIN_KEY = 'bench-upload-admin-key-0123456789';
const MODES = ['plain', 'tus', 'tus-chunked', 'plain-chunked'] as const;
type Mode = (typeof MODES)[number];

const MB = (bytes: number) => bytes / 1_000_000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ── the file ──────────────────────────────────────────────────────────────────────────────────────────────
/** Random bytes written once in pieces, hashed on the way; the client streams them from disk on every run. */
async function makeFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < size; ) {
    const piece = randomBytes(Math.min(1 << 20, size - written));
    hash.update(piece);
    written += piece.length;
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

// ── targets ───────────────────────────────────────────────────────────────────────────────────────────────
interface Target {
  url: string;
  control: string;
  dataDir: string;
  child: ChildProcess;
}

async function startTarget(kind: 'plain' | 'reelback', dataDir: string): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./upload-target.ts', import.meta.url)), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_MAX_UPLOAD_MB: String(Math.ceil(SIZE_MB) + 10) },
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const { port, control } = JSON.parse(line) as { port: number; control: number };
    return { url: `http://127.0.0.1:${port}`, control: `http://127.0.0.1:${control}`, dataDir, child };
  }
  throw new Error(`${kind} target exited before it was ready`);
}

async function stopTarget(target: Target): Promise<void> {
  if (target.child.exitCode !== null) return;
  target.child.kill('SIGTERM');
  await once(target.child, 'exit');
}

interface Rss {
  baseline: number;
  peak: number;
  now: number;
  cpuMicros: number;
}
const rssCall = async (target: Target, what: 'mark' | 'peak') => (await (await fetch(`${target.control}/${what}`)).json()) as Rss;

// ── HTTP client ───────────────────────────────────────────────────────────────────────────────────────────
// node:http with a keep-alive agent (one connection reused across a clip's requests, as a browser does); bodies are
// streamed from the file, so the client never holds the file in memory. The same client serves every mode.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, headers: Record<string, string>, range?: { start: number; end: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = range ? range.end - range.start : 0;
    const req = request(url, { method, agent, headers: { ...headers, 'content-length': String(length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (range && length > 0) pipeline(createReadStream(filePath, { start: range.start, end: range.end - 1 }), req).catch(reject);
    else req.end();
  });
}

function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.body.slice(0, 300)}`);
}

async function api<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// ── one run of each mode ──────────────────────────────────────────────────────────────────────────────────
const FLOW_ID = 'upload-bench';
const benchFlow: FlowDefinitionInput = {
  name: 'Upload benchmark',
  steps: [
    { id: 'ask', prompt: { title: 'Show us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/** A fresh session and clip ticket per run (outside the clock: the widget asks for it when recording starts). */
async function ticket(reelback: Target, flowVersion: number): Promise<UploadTicket> {
  const sessionId = uuidv7();
  await api(reelback.url, '/api/v1/sessions', { flowId: FLOW_ID, flowVersion, sessionId, context: { embedMode: 'inline' } });
  return api<UploadTicket>(reelback.url, `/api/v1/sessions/${sessionId}/clips`, { stepId: 'ask', kind: 'video', mimeType: 'video/webm' });
}

/** Sends the file the mode's way; resolves the server-side file to check and a verdict on the answers. */
async function upload(mode: Mode, target: Target, t: UploadTicket | undefined, size: number): Promise<{ file: string; requests: number }> {
  if (mode === 'plain' || mode === 'plain-chunked') {
    const name = `put-${uuidv7()}`;
    const step = mode === 'plain' ? size : CHUNK_BYTES;
    let requests = 0;
    for (let offset = 0; offset < size; offset += step) {
      const range = { start: offset, end: Math.min(size, offset + step) };
      const url = `${target.url}/put/${name}${offset > 0 ? `?offset=${offset}` : ''}`;
      expectStatus(await send(url, 'PUT', { 'content-type': 'application/octet-stream' }, range), 204, `PUT at ${offset}`);
      requests++;
    }
    return { file: join(target.dataDir, name), requests };
  }
  const tus = {
    'tus-resumable': '1.0.0',
    authorization: `Bearer ${t!.token}`,
  };
  const chunked = mode === 'tus-chunked';
  const created = await send(target.url + t!.uploadUrl, 'POST', {
    ...tus,
    'upload-metadata': `clipId ${Buffer.from(t!.clipId).toString('base64')}`,
    ...(chunked ? { 'upload-defer-length': '1' } : { 'upload-length': String(size) }),
  });
  expectStatus(created, 201, 'tus creation');
  const location = String(created.headers.location);
  const at = new URL(location, target.url).href;
  const step = chunked ? CHUNK_BYTES : size;
  let requests = 1;
  for (let offset = 0; offset < size; offset += step) {
    const end = Math.min(size, offset + step);
    const answer = await send(
      at,
      'PATCH',
      {
        ...tus,
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        ...(chunked && end === size ? { 'upload-length': String(size) } : {}),
      },
      { start: offset, end },
    );
    requests++;
    expectStatus(answer, 204, `tus PATCH at ${offset}`);
    if (answer.headers['upload-offset'] !== String(end)) throw new Error(`tus PATCH at ${offset}: Upload-Offset ${String(answer.headers['upload-offset'])}, expected ${end}`);
  }
  return { file: join(target.dataDir, 'uploads', t!.clipId), requests };
}

interface Run {
  mode: Mode;
  round: number;
  seconds: number;
  mbPerSecond: number;
  rssGrowth: number;
  /** The server process's CPU time (user + system) during the run. */
  cpuSeconds: number;
  requests: number;
}

async function runOnce(mode: Mode, round: number, targets: Record<'plain' | 'reelback', Target>, flowVersion: number): Promise<Run> {
  const plain = mode === 'plain' || mode === 'plain-chunked';
  const target = plain ? targets.plain : targets.reelback;
  const t = plain ? undefined : await ticket(target, flowVersion);
  await sleep(200); // let the previous run's clean-up settle before the RSS baseline
  const before = await rssCall(target, 'mark');
  const started = performance.now();
  const { file, requests } = await upload(mode, target, t, SIZE);
  const seconds = (performance.now() - started) / 1000;
  const after = await rssCall(target, 'peak');
  // Exactly the bytes sent, or the run does not count.
  const held = await stat(file);
  if (held.size !== SIZE) throw new Error(`${mode}: the server holds ${held.size} bytes, ${SIZE} were sent`);
  const digest = await sha256Of(file);
  if (digest !== fileSha256) throw new Error(`${mode}: sha256 of ${file} is ${digest}, expected ${fileSha256}`);
  await rm(file, { force: true });
  await rm(`${file}.json`, { force: true }); // the tus FileStore's info file
  return { mode, round, seconds, mbPerSecond: MB(SIZE) / seconds, rssGrowth: after.peak - before.baseline, cpuSeconds: after.cpuMicros / 1e6, requests };
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────────────────
const work = await mkdtemp(join(tmpdir(), 'reelback-bench-upload-'));
const filePath = join(work, 'clip.bin');
let fileSha256 = '';
const targets: Partial<Record<'plain' | 'reelback', Target>> = {};
let exitCode = 0;
try {
  const made = performance.now();
  fileSha256 = await makeFile(filePath, SIZE);
  console.log(`upload: ${MB(SIZE).toFixed(0)} MB of random bytes in ${work} (${((performance.now() - made) / 1000).toFixed(1)} s to make)`);

  targets.plain = await startTarget('plain', await mkdtemp(join(work, 'plain-')));
  targets.reelback = await startTarget('reelback', await mkdtemp(join(work, 'reelback-')));
  const all = targets as Record<'plain' | 'reelback', Target>;
  await api(all.reelback.url, '/api/v1/flows', { id: FLOW_ID, definition: benchFlow });
  const { version: flowVersion } = await api<{ version: number }>(all.reelback.url, `/api/v1/flows/${FLOW_ID}/versions`, {});

  // Warm-up: one run of each mode, not counted (JIT, SQLite pages, the page cache holding the source file).
  for (const mode of MODES) await runOnce(mode, 0, all, flowVersion);

  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // ABBA order: plain, tus, chunked in odd rounds and the reverse in even ones. Plain and the single-PATCH tus
    // run are always neighbours, and over each pair of rounds every mode sits on average in the middle, so a
    // load that drifts steadily on this shared machine does not favour one mode.
    const order = round % 2 === 1 ? MODES : [...MODES].reverse();
    for (const mode of order) {
      const run = await runOnce(mode, round, all, flowVersion);
      runs.push(run);
      console.log(
        `  round ${round} ${mode.padEnd(13)} ${run.mbPerSecond.toFixed(1).padStart(7)} MB/s  ${run.seconds.toFixed(2)} s  ${run.requests} request(s)  server CPU ${run.cpuSeconds.toFixed(2)} s  RSS +${MB(run.rssGrowth).toFixed(1)} MB`,
      );
    }
  }
  const leftovers = await readdir(join(all.reelback.dataDir, 'uploads'));
  if (leftovers.length > 0) throw new Error(`uploads/ should be empty after the checks, holds ${leftovers.join(', ')}`);

  const rows = Object.fromEntries(
    MODES.map((mode) => {
      const mine = runs.filter((r) => r.mode === mode);
      return [
        mode,
        {
          mbPerSecond: Number(median(mine.map((r) => r.mbPerSecond)).toFixed(1)),
          minMbPerSecond: Number(Math.min(...mine.map((r) => r.mbPerSecond)).toFixed(1)),
          maxMbPerSecond: Number(Math.max(...mine.map((r) => r.mbPerSecond)).toFixed(1)),
          requests: mine[0]!.requests,
          secondsMedian: Number(median(mine.map((r) => r.seconds)).toFixed(3)),
          serverCpuSecondsMedian: Number(median(mine.map((r) => r.cpuSeconds)).toFixed(3)),
          rssGrowthMedianMB: Number(MB(median(mine.map((r) => r.rssGrowth))).toFixed(1)),
          rssGrowthMaxMB: Number(MB(Math.max(...mine.map((r) => r.rssGrowth))).toFixed(1)),
        },
      ];
    }),
  ) as Record<
    Mode,
    {
      mbPerSecond: number;
      minMbPerSecond: number;
      maxMbPerSecond: number;
      requests: number;
      secondsMedian: number;
      serverCpuSecondsMedian: number;
      rssGrowthMedianMB: number;
      rssGrowthMaxMB: number;
    }
  >;
  const ratio = rows.tus.mbPerSecond / rows.plain.mbPerSecond;
  const chunkedRatio = rows['tus-chunked'].mbPerSecond / rows.plain.mbPerSecond;
  const chunkedToPlainChunked = rows['tus-chunked'].mbPerSecond / rows['plain-chunked'].mbPerSecond;
  // Round by round (each run against its baseline's run of the same round): how steady the ratio is.
  const perRound = (mode: Mode, baseline: Mode) =>
    Array.from({ length: ROUNDS }, (_, i) => {
      const b = runs.find((r) => r.round === i + 1 && r.mode === baseline)!;
      const u = runs.find((r) => r.round === i + 1 && r.mode === mode)!;
      return u.mbPerSecond / b.mbPerSecond;
    });
  const roundRatios = perRound('tus', 'plain');
  const chunkedRoundRatios = perRound('tus-chunked', 'plain-chunked');
  const worstGrowth = Math.max(rows.tus.rssGrowthMaxMB, rows['tus-chunked'].rssGrowthMaxMB) * 1_000_000;
  const ratioPass = ratio >= TARGET_RATIO;
  const rssPass = worstGrowth < TARGET_RSS_GROWTH;

  console.log(`\nupload: ${MB(SIZE).toFixed(0)} MB file streamed from disk, loopback, ${ROUNDS} rounds (medians), chunks of ${CHUNK_BYTES / 1024} KiB`);
  console.log(
    'mode                            MB/s (min–max)    ratio to plain   to plain chunked   requests   ms/request   server CPU s   server RSS growth median / max',
  );
  const label: Record<Mode, string> = {
    plain: 'plain PUT → file (node:http)',
    tus: 'tus: create + 1 PATCH',
    'tus-chunked': `tus: ${CHUNK_BYTES / 1024} KiB PATCHes`,
    'plain-chunked': `plain: ${CHUNK_BYTES / 1024} KiB PUTs`,
  };
  for (const mode of MODES) {
    const r = rows[mode];
    const toChunked = mode === 'tus-chunked' || mode === 'plain-chunked' ? (r.mbPerSecond / rows['plain-chunked'].mbPerSecond).toFixed(2) : '';
    console.log(
      `${label[mode].padEnd(28)} ${r.mbPerSecond.toFixed(1).padStart(7)} (${r.minMbPerSecond.toFixed(0)}–${r.maxMbPerSecond.toFixed(0)})`.padEnd(50) +
        `${(r.mbPerSecond / rows.plain.mbPerSecond).toFixed(2).padStart(6)}   ${toChunked.padStart(16)}   ${String(r.requests).padStart(8)}   ` +
        `${((r.secondsMedian * 1000) / r.requests).toFixed(1).padStart(10)}   ${r.serverCpuSecondsMedian.toFixed(2).padStart(12)}   ${r.rssGrowthMedianMB.toFixed(1).padStart(10)} / ${r.rssGrowthMaxMB.toFixed(1)} MB`,
    );
  }
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  console.log(
    `ratio round by round (each run ÷ its baseline's run in the same round): tus ÷ plain median ${median(roundRatios).toFixed(2)} (${range(roundRatios)}), ` +
      `chunked tus ÷ chunked plain median ${median(chunkedRoundRatios).toFixed(2)} (${range(chunkedRoundRatios)})`,
  );
  console.log(
    `headline (tus, one PATCH) ${ratio.toFixed(2)} of plain: target ≥ ${TARGET_RATIO} ${ratioPass ? 'met' : 'MISSED'}; ` +
      `server RSS growth (tus runs) at most ${MB(worstGrowth).toFixed(1)} MB: target < ${MB(TARGET_RSS_GROWTH)} MB ${rssPass ? 'met' : 'MISSED'}`,
  );
  console.log(
    JSON.stringify({
      bench: 'upload',
      sizeBytes: SIZE,
      rounds: ROUNDS,
      chunkBytes: CHUNK_BYTES,
      rows,
      ratio: Number(ratio.toFixed(3)),
      chunkedRatio: Number(chunkedRatio.toFixed(3)),
      chunkedToPlainChunked: Number(chunkedToPlainChunked.toFixed(3)),
      roundRatios: roundRatios.map((r) => Number(r.toFixed(3))),
      roundRatioMedian: Number(median(roundRatios).toFixed(3)),
      chunkedRoundRatios: chunkedRoundRatios.map((r) => Number(r.toFixed(3))),
      maxRssGrowthMB: Number(MB(worstGrowth).toFixed(1)),
      targets: { ratio: TARGET_RATIO, rssGrowthMB: MB(TARGET_RSS_GROWTH) },
      pass: { ratio: ratioPass, rssGrowth: rssPass },
    }),
  );
  if (!ratioPass || !rssPass) exitCode = 1;
} finally {
  agent.destroy();
  await Promise.all(Object.values(targets).map(stopTarget));
  await rm(work, { recursive: true, force: true });
}
process.exitCode = exitCode;
