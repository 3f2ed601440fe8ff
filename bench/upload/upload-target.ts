// The server under test for bench/upload, in a process of its own so the client does not share its event loop
// or its memory. argv[2]:
//   "plain"    — the baseline: a bare `node:http` server whose PUT handler is `pipeline(req, createWriteStream)`
//                into BENCH_DATA_DIR, answering 204 (`?offset=N` writes from byte N, for the chunked baseline). Plain Node rather than Hono: it is the ceiling of "Node
//                streams a request body to a file", so the ratio charges Reelback for everything it adds on top,
//                the Hono adapter's Node→WHATWG stream conversion included.
//   "reelback" — the real app (createApp + @hono/node-server's serve, as startServer wires them) on SQLite in
//                BENCH_DATA_DIR, configured from environment variables through parseConfig/resolveAdminKey.
//                Its job queue is NOT started (see startReelback below).
// Both print `{"port":N,"control":M}` when ready. The control port answers GET /mark (RSS baseline := now, peak
// reset) and GET /peak (baseline, peak since the mark, now, CPU µs since the mark), from a sampler reading RSS
// every 20 ms.
import { createWriteStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { serve } from '@hono/node-server';
import { composeMedia, createApp, openStorage, parseConfig, resolveAdminKey } from '@reelback/server';

const kind = process.argv[2] ?? 'plain';
const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR must name the folder this target writes into');

// ── RSS sampling ──────────────────────────────────────────────────────────────────────────────────────────
const rss = () => process.memoryUsage.rss();
let baseline = rss();
let peak = baseline;
const sample = () => {
  const now = rss();
  if (now > peak) peak = now;
  return now;
};
setInterval(sample, 20);

// CPU time too (user + system, µs, every thread of the process): on a shared machine the CPU a run costs is steadier
// than its wall-clock time, and it shows what each path spends per byte.
let cpuAtMark = process.cpuUsage();

function control(req: IncomingMessage, res: ServerResponse): void {
  const now = sample();
  if (req.url === '/mark') {
    baseline = now;
    peak = now;
    cpuAtMark = process.cpuUsage();
  }
  const cpu = process.cpuUsage(cpuAtMark);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ baseline, peak, now, cpuMicros: cpu.user + cpu.system }));
}

// ── the two servers ───────────────────────────────────────────────────────────────────────────────────────
/** The port of a server once it listens (serve() starts listening by itself; the others are told to here). */
async function portOf(server: Server, listenNow: boolean): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (server.listening) resolve();
    else server.once('listening', () => resolve());
    if (listenNow) server.listen(0, '127.0.0.1');
  });
  return (server.address() as AddressInfo).port;
}

/**
 * PUT /put/<name> streams the body to <dataDir>/<name>; nothing else. With `?offset=N` (N > 0) it writes into the
 * existing file from byte N: the chunked baseline, one request per chunk like the widget's PATCHes but nothing else.
 */
function startPlain(): { server: Server; close: () => Promise<void> } {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://target');
    if (req.method !== 'PUT' || !url.pathname.startsWith('/put/')) {
      res.writeHead(404).end();
      return;
    }
    const file = join(dataDir!, basename(decodeURIComponent(url.pathname.slice('/put/'.length))));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    pipeline(req, createWriteStream(file, offset > 0 ? { flags: 'r+', start: offset } : {})).then(
      () => res.writeHead(204).end(),
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
  return { server, close: async () => {} };
}

/**
 * The real app, put together the way startServer does it (same storage, same composeMedia, same createApp, the
 * same `serve`) except that the job queue is not started: a finished upload is still enqueued (its job row is
 * written inside the measured request), but no worker runs it. Otherwise ffprobe/ffmpeg would chew on the
 * previous run's 200 MB of random bytes while the next run is measured on a 2-core machine, and the job would
 * move the upload into the blob store and then delete it as not-a-recording, leaving nothing to checksum.
 * This way `uploads/<clipId>` is exactly what tus wrote, and the client checks its size and sha256.
 */
async function startReelback(): Promise<{ server: Server; close: () => Promise<void> }> {
  const config = await resolveAdminKey(
    parseConfig({
      REELBACK_DATA_DIR: dataDir,
      REELBACK_ADMIN_KEY: process.env.BENCH_ADMIN_KEY,
      REELBACK_DEMO: 'off',
      REELBACK_MAX_UPLOAD_MB: process.env.BENCH_MAX_UPLOAD_MB ?? '200',
      HOST: '127.0.0.1',
    }),
  );
  if (config.database.kind !== 'sqlite') throw new Error('bench/upload runs the embedded default (SQLite)');
  const storage = openStorage(config.database);
  await storage.migrate();
  const media = composeMedia(config, storage);
  const reelback = createApp({ storage, adminKey: config.adminKey, media });
  const server = serve({ fetch: reelback.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  return { server, close: () => storage.close() };
}

const target = kind === 'plain' ? startPlain() : kind === 'reelback' ? await startReelback() : undefined;
if (!target) throw new Error(`unknown target ${kind}`);
const port = await portOf(target.server, kind === 'plain');
const controlPort = await portOf(createServer(control), true);
process.stdout.write(`${JSON.stringify({ port, control: controlPort })}\n`);

// BENCH_PROFILE_DIR: a CPU profile of everything after start-up (warm-up and measured runs), written on SIGTERM.
const profiler = process.env.BENCH_PROFILE_DIR ? new (await import('node:inspector/promises')).Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

process.on('SIGTERM', () => {
  target.server.close();
  target.server.closeAllConnections();
  void (async () => {
    if (profiler) {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { profile } = await profiler.post('Profiler.stop');
      mkdirSync(process.env.BENCH_PROFILE_DIR!, { recursive: true });
      writeFileSync(join(process.env.BENCH_PROFILE_DIR!, `upload-${kind}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    }
    await target.close();
    process.exit(0);
  })();
});
