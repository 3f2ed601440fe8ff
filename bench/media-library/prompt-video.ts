// bench/media-library: a 60 s 1080p prompt video from the last byte of its upload to `ready` (both renditions, the
// poster, captions queued) through the media library, as a ratio to the same ffmpeg/ffprobe commands run directly
// here, one after the other (the baseline). Target: ≤ 1.2.
//   direct    ffprobe (the header check), ffmpeg decode to null (the full check), ffmpeg transcode (one decode,
//             split into 1280 and 640 H.264/AAC MP4 + 16 kHz WAV), ffmpeg poster, ffprobe of each output: the argument
//             vectors the server runs (`promptCommands`, `posterCommand`, `safeInputArgs`)
//   library   the server's path in-process on SQLite: `uploadFinished` (the tus hook: header check, enqueue), the job
//             (move into the blob store, full check, transcode, poster, read back, content hashes, blobs, rows), until
//             the asset is `ready` with captions `queued` (a captions engine that is never ready, so it waits idle)
// The upload's bytes are in place before the clock starts (tus writes them; bench/upload measures that).
// Runs alternate (direct, library, then library, direct) and each figure is the median; the load average is printed,
// because the machine may be shared.
// Usage: node --import tsx bench/media-library/prompt-video.ts [--seconds 60] [--rounds 2]
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp, openStorage } from '@reelback/server';
import { LocalBlobStore } from '../../packages/server/src/blobs/local-blob-store.js';
import { openJobQueue } from '../../packages/server/src/jobs/open-job-queue.js';
import { FfmpegMediaProcessor } from '../../packages/server/src/media/ffmpeg-media-processor.js';
import { safeInputArgs } from '../../packages/server/src/media/input-args.js';
import { defaultPosterAt, promptCommands } from '../../packages/server/src/media/normalise-prompt-media.js';
import type { PromptMediaFacts } from '../../packages/server/src/ports/prompt-media-processor.js';
import type { Transcriber } from '../../packages/server/src/ports/transcriber.js';
import { numberFlag } from '../support/cli-flags.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const SECONDS = numberFlag(args, '--seconds', 60);
const ROUNDS = numberFlag(args, '--rounds', 2);
const TARGET = 1.2;
const ADMIN_KEY = 'bench-media-library-admin-key-0123';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const load = () => loadavg().map((n) => n.toFixed(2)).join(' / ');

/** A source like an editor's export: 1080p30 H.264 with AAC, a busy picture (so the encoder has work) and a tone. */
async function makeSource(path: string): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${SECONDS}`, '-f', 'lavfi', '-i', `sine=f=440:sample_rate=48000:d=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', path]);
}

const tool = (file: string, argv: string[]) => run(file, argv, { maxBuffer: 64 * 1024 * 1024 });
const probeArgs = (path: string) => ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_error', '-show_format', '-show_streams', ...safeInputArgs(path)];

/** The baseline: every tool run of the library's path, back to back, nothing else. */
async function direct(source: string, dir: string): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const facts: PromptMediaFacts = { kind: 'video', container: 'mov,mp4', durationSeconds: SECONDS, width: 1920, height: 1080, hasAudio: true, videoStream: 0, audioStream: 1 };
  const out = (name: string) => join(dir, `${name}.part`);
  const started = performance.now();
  await tool('ffprobe', probeArgs(source));
  await tool('ffprobe', probeArgs(source));
  await tool('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-progress', 'pipe:1', ...safeInputArgs(source), '-map', '0:0', '-map', '0:1', '-t', String(30 * 60 + 1), '-f', 'null', '-']);
  await tool('ffprobe', probeArgs(source));
  for (const argv of promptCommands(source, facts, out, defaultPosterAt(SECONDS))) await tool('ffmpeg', argv);
  for (const name of ['video-1280', 'video-640', 'poster']) await tool('ffprobe', probeArgs(out(name)));
  return performance.now() - started;
}

/** A captions engine that never becomes ready: the captions job waits, idle, as it does before a model is installed. */
const waitingEngine: Transcriber = {
  engine: 'whisper',
  accuracyNote: null,
  check: async () => ({ ok: false, reason: 'the benchmark makes no captions' }),
  transcribe: async () => {
    throw new Error('not in the benchmark');
  },
};

async function library(source: string, dir: string): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const storage = openStorage({ kind: 'sqlite', file: join(dir, 'reelback.db') });
  await storage.migrate();
  const queue = openJobQueue({ kind: 'sqlite', db: storage.database }, { leaseSeconds: 60, pollIntervalMs: 100 });
  const media = {
    blobs: new LocalBlobStore(join(dir, 'media')),
    queue,
    processor: new FfmpegMediaProcessor(),
    uploadsDir: join(dir, 'uploads'),
    workDir: join(dir, 'work'),
    transcriber: waitingEngine,
    transcription: { waitForEngineMs: 60_000 },
  };
  const { app, services } = createApp({ storage, adminKey: ADMIN_KEY, media });
  try {
    await queue.start();
    const res = await app.request('/api/v1/media-assets', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bench prompt' }) });
    const { assetId } = (await res.json()) as { assetId: string };
    await mkdir(media.uploadsDir, { recursive: true });
    await copyFile(source, join(media.uploadsDir, assetId));
    const started = performance.now();
    await services.mediaUploads.uploadFinished(assetId);
    for (;;) {
      const asset = await storage.mediaAssets.get(assetId);
      if (asset?.status === 'ready' && asset.captions.status === 'queued') break;
      if (asset && asset.status !== 'uploading' && asset.status !== 'processing' && asset.status !== 'ready') {
        throw new Error(`the asset ended ${asset.status}: ${asset.reason}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = performance.now() - started;
    const asset = await storage.mediaAssets.get(assetId);
    const renditions = asset!.files.map((f) => `${f.rendition} ${f.width}×${f.height} ${(f.sizeBytes / 1e6).toFixed(1)} MB`).join(', ');
    console.log(`    library: ${renditions}`);
    return elapsed;
  } finally {
    await queue.stop();
    await storage.close();
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'reelback-bench-media-library-'));
  try {
    console.log(`media library: a ${SECONDS} s 1080p30 H.264/AAC upload to ready, ${ROUNDS} round(s); load average before: ${load()}`);
    const source = join(root, 'source.mp4');
    await makeSource(source);
    const times = { direct: [] as number[], library: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['direct', 'library'] as const) : (['library', 'direct'] as const);
      for (const mode of order) {
        const ms = mode === 'direct' ? await direct(source, join(root, 'direct')) : await library(source, join(root, 'library'));
        times[mode].push(ms);
        console.log(`  round ${round + 1} ${mode.padEnd(7)} ${(ms / 1000).toFixed(1)} s (load ${load()})`);
      }
    }
    const ratio = median(times.library) / median(times.direct);
    console.log(`  direct ffmpeg commands: ${(median(times.direct) / 1000).toFixed(1)} s median`);
    console.log(`  media library to ready: ${(median(times.library) / 1000).toFixed(1)} s median`);
    console.log(`  ratio ${ratio.toFixed(3)} (target ≤ ${TARGET}); load average after: ${load()}`);
    if (ratio > TARGET) process.exitCode = 1;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
