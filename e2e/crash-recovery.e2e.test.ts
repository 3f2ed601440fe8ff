import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FlowDefinitionInput } from '@reelback/shared';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipApi, sha256 } from './support/clip-api.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

const run = promisify(execFile);

const flow = {
  name: 'Crash recovery',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video'], maxDurationSeconds: 60 }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

// A short lease, so that a job whose worker was killed is taken over within seconds; originals kept to compare.
const ENV = { REELBACK_JOB_LEASE_SECONDS: '3', REELBACK_KEEP_ORIGINALS: '1', REELBACK_DEMO: '0', REELBACK_TRANSCRIBER: 'off' };

async function makeWebm(path: string, seconds: number, size: string, bitrate: string): Promise<Buffer> {
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=25:d=${seconds}`,
    '-f', 'lavfi', '-i', `sine=f=300:d=${seconds}`,
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', bitrate, '-c:a', 'libopus', '-f', 'webm', path,
  ]);
  return readFile(path);
}

/** Long, large-picture and cheap to make: one second encoded once, then repeated by stream copy. */
async function makeLongMkv(dir: string, seconds: number): Promise<Buffer> {
  const one = join(dir, 'one.mkv');
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25:d=1', '-f', 'lavfi', '-i', 'sine=f=300:d=1', '-c:v', 'mpeg4', '-q:v', '20', '-c:a', 'libopus', one]);
  const path = join(dir, 'long.mkv');
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-stream_loop', String(seconds - 1), '-i', one, '-c', 'copy', path]);
  return readFile(path);
}

describe('a server killed mid-way', () => {
  let server: RunningServer;
  let dir: string;
  const api = clipApi(() => server);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-crash-'));
    server = await startReelbackServer(ENV);
    await api.publishFlow('crash', flow);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function restart(): Promise<void> {
    await server.crash();
    server = await startReelbackServer(ENV, server.dataDir, server.port);
  }

  it('during an upload: the upload resumes after the restart and the stored original is byte-identical', async () => {
    const file = await makeWebm(join(dir, 'answer.webm'), 4, '640x360', '3M');
    const sessionId = await api.startSession('crash');
    const ticket = await api.ticket(sessionId, 'ask');
    let crashed: Promise<void> | undefined;
    await new Promise<void>((resolve, reject) => {
      const upload = new tus.Upload(file, {
        endpoint: `${server.url}${ticket.uploadUrl}`,
        headers: { authorization: `Bearer ${ticket.token}` },
        metadata: { clipId: ticket.clipId },
        chunkSize: 128 * 1024,
        // Long enough to outlast a restart.
        retryDelays: [500, 1000, 2000, 3000, 5000, 8000, 13000],
        onChunkComplete: (_chunk, sent, total) => {
          if (!crashed && sent > total / 3) crashed = restart();
        },
        onSuccess: () => resolve(),
        onError: reject,
      });
      upload.start();
    });
    await crashed;
    expect(server.output()).toMatch(/listening/);
    const clip = await api.settle(ticket.clipId);
    expect(clip.status).toBe('ready');
    expect(sha256(await api.media(ticket.clipId, 'original'))).toBe(sha256(file));
    const types = (await api.events(sessionId)).map((e) => e.type);
    expect(types).toEqual(['reelback.clip.uploaded', 'reelback.clip.processed']);
  });

  it('during normalisation: the job is taken over after its lease and completes once', async () => {
    // Long and large enough that converting it takes seconds: time to kill the worker in the middle.
    const file = await makeLongMkv(dir, 12);
    const sessionId = await api.startSession('crash');
    const ticket = await api.ticket(sessionId, 'ask');
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(file, {
        endpoint: `${server.url}${ticket.uploadUrl}`,
        headers: { authorization: `Bearer ${ticket.token}` },
        metadata: { clipId: ticket.clipId },
        chunkSize: 4 * 1024 * 1024,
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    // Checked and announced; now converting.
    await api.settle(ticket.clipId, (c) => c.status === 'uploaded', 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await api.clip(ticket.clipId)).status).toBe('uploaded');
    await restart();
    const clip = await api.settle(ticket.clipId, undefined, 120_000);
    expect(clip.status).toBe('ready');
    expect(clip.durationSeconds).toBeCloseTo(12, 0);
    const types = (await api.events(sessionId)).map((e) => e.type);
    expect(types).toEqual(['reelback.clip.uploaded', 'reelback.clip.processed']);
    // And nothing runs it again afterwards.
    await new Promise((r) => setTimeout(r, 4000));
    expect((await api.events(sessionId)).map((e) => e.type)).toEqual(types);
  }, 180_000);
});
