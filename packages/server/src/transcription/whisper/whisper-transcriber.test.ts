import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TranscriptionResult } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWhisper } from '../../../../../scripts/bootstrap/whisper.mjs';
import { ffmpeg } from '../../test-support/media-fixtures.js';
import { repoRoot } from '../../paths.js';
import { TranscriberError } from '../../ports/transcriber.js';
import { runWhisperMain } from './run-whisper.js';
import { writeWeightlessModel } from '../../test-support/weightless-model.js';
import { WhisperTranscriber } from './whisper-transcriber.js';

// The real whisper.cpp main (built by the bootstrap; built here if it is missing, ≈ 1 min on 2 cores) on a
// generated weightless tiny.en model: the whole path, and each way it fails.

let dir: string;
let binary: string;
let model: string;
let wav: string;
let work: string;
/** 120 s: four 30 s encoder windows, ≥ 4 s of work here, so a run can be stopped well after the model is loaded. */
let longWav: string;

const GGML_HEAD = Buffer.from([0x6c, 0x6d, 0x67, 0x67]); // 0x67676d6c, little-endian

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Processes whose command line mentions `text` (our temp folder): none may outlive a stopped run. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function expectTranscriberError(promise: Promise<unknown>, retryable: boolean, message: RegExp): Promise<TranscriberError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the transcription to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranscriberError);
  expect((error as TranscriberError).retryable).toBe(retryable);
  expect((error as TranscriberError).message).toMatch(message);
  return error as TranscriberError;
}

beforeAll(async () => {
  ({ binary } = await ensureWhisper(repoRoot));
  dir = await mkdtemp(join(tmpdir(), 'reelback-whisper-test-'));
  work = join(dir, 'work');
  await mkdir(work);
  model = await writeWeightlessModel(join(dir, 'weightless-tiny-en.bin'));
  wav = join(dir, 'tone 2s.wav'); // a space in the name: paths travel as arguments, never through a shell
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=16000:d=2', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', wav]);
  longWav = join(dir, 'tone 120s.wav');
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=16000:d=120', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', longWav]);
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const transcriber = (options: Partial<ConstructorParameters<typeof WhisperTranscriber>[0]> = {}) =>
  new WhisperTranscriber({ model, binary, threads: 2, workDir: work, ...options });

// Real runs: generous per-test limits for a machine busy with other test files.
describe('WhisperTranscriber on whisper.cpp main', { timeout: 60_000 }, () => {
  it('transcribes a 2 s WAV with the weightless model: the whole path works', async () => {
    const engine = transcriber();
    expect(await engine.check()).toEqual({ ok: true });
    const result = await engine.transcribe(wav);
    expect(() => TranscriptionResult.parse(result)).not.toThrow();
    expect(result).toMatchObject({ engine: 'whisper', model: 'weightless-tiny-en.bin', language: 'en' });
    expect(result.durationSeconds).toBeCloseTo(2, 2);
    expect(Array.isArray(result.segments)).toBe(true);
    for (const segment of result.segments) {
      expect(segment.start).toBeGreaterThanOrEqual(0);
      expect(segment.end).toBeLessThanOrEqual(result.durationSeconds);
      expect(segment.start).toBeLessThanOrEqual(segment.end);
    }
    expect(result.text).toBe(result.segments.map((s) => s.text).join(' '));
    // The run's output folder is gone.
    expect(readdirSync(work)).toEqual([]);
  });

  it('a missing model: check says so, transcribe fails for good', async () => {
    const engine = transcriber({ model: join(dir, 'no-such-model.bin') });
    expect(await engine.check()).toEqual({ ok: false, reason: expect.stringMatching(/no-such-model\.bin does not exist/) });
    await expectTranscriberError(engine.transcribe(wav), false, /whisper model file .*no-such-model\.bin does not exist/);
  });

  it('a model of random bytes: check says it is not a ggml model, transcribe fails for good', async () => {
    const path = join(dir, 'random.bin');
    await writeFile(path, randomBytes(64 * 1024));
    const engine = transcriber({ model: path });
    expect(await engine.check()).toMatchObject({ ok: false, reason: expect.stringMatching(/whisper model file .* is not a ggml model: it starts with 0x/) });
    await expectTranscriberError(engine.transcribe(wav), false, /is not a ggml model/);
  });

  it('a truncated model (right magic, half its tensors): check passes, whisper.cpp cannot load it, not retryable', async () => {
    const path = join(dir, 'truncated.bin');
    await copyFile(model, path);
    const handle = await open(path, 'r+');
    await handle.truncate(30_000_000);
    await handle.close();
    const engine = transcriber({ model: path });
    expect(await engine.check()).toEqual({ ok: true }); // the cheap check reads the magic only
    await expectTranscriberError(engine.transcribe(wav), false, /could not be loaded[^]*not all tensors loaded/);
  });

  it('a model with the ggml magic and random bytes after it (the loader dies): not retryable', async () => {
    const path = join(dir, 'magic-then-random.bin');
    await writeFile(path, Buffer.concat([GGML_HEAD, randomBytes(64 * 1024)]));
    await expectTranscriberError(transcriber({ model: path }).transcribe(wav), false, /could not be loaded/);
  });

  it('a model whose garbage makes the loader read on forever: stopped by the time limit, not retryable', async () => {
    const path = join(dir, 'magic-then-garbage.bin');
    // Plausible hyper-parameters, then mel filter sizes whose product overflows, then no vocabulary to speak of.
    const header = Buffer.alloc(4 * 13);
    [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1, 0x7fffffff, 0x7fffffff].forEach((v, i) => header.writeInt32LE(v, 4 * i));
    await writeFile(path, Buffer.concat([GGML_HEAD, header, randomBytes(4096)]));
    await expectTranscriberError(transcriber({ model: path, timeoutMs: 1_500 }).transcribe(wav), false, /still reading it when stopped/);
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('an unreadable WAV (a text file named .wav): not retryable, although main exits 0', async () => {
    const path = join(dir, 'not audio.wav');
    await writeFile(path, 'this is not a WAV file\n');
    // What main itself does: exit code 0, an error line on stderr, no output written.
    const raw = await runWhisperMain(binary, ['-m', model, '-f', path, '-oj', '-of', join(dir, 'raw-out')], { timeoutMs: 30_000 });
    expect(raw.exitCode).toBe(0);
    expect(raw.stderr).toMatch(/error: failed to read WAV file/);

    await expectTranscriberError(transcriber().transcribe(path), false, /audio file .*not audio\.wav could not be read[^]*failed to open/);
  });

  it('a WAV at the wrong rate (44.1 kHz), a missing WAV, an unknown language: not retryable', async () => {
    const path = join(dir, 'cd.wav');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=0.5:sample_rate=44100', '-c:a', 'pcm_s16le', path]);
    await expectTranscriberError(transcriber().transcribe(path), false, /could not be read[^]*must be 16 kHz/);
    await expectTranscriberError(transcriber().transcribe(join(dir, 'gone.wav')), false, /gone\.wav does not exist/);
    await expectTranscriberError(transcriber().transcribe(wav, { language: 'xx' }), false, /does not know the requested language/);
    await expectTranscriberError(transcriber().transcribe(wav, { language: 'en; rm -rf /' }), false, /not a language code/);
  });

  it('a missing binary: check says how to build it, transcribe fails for good', async () => {
    const engine = transcriber({ binary: join(dir, 'no-main') });
    expect(await engine.check()).toMatchObject({ ok: false, reason: expect.stringMatching(/whisper\.cpp main is not built: .*no-main does not exist/) });
    await expectTranscriberError(engine.transcribe(wav), false, /not built/);
  });

  it('a timeout: retryable, and no whisper.cpp process is left running', async () => {
    const started = Date.now();
    await expectTranscriberError(transcriber({ timeoutMs: 2_500 }).transcribe(longWav), true, /did not finish within 2500 ms and was stopped/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('an abort: retryable, the child is killed before transcribe settles', async () => {
    const controller = new AbortController();
    const running = transcriber().transcribe(longWav, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('worker stopping')), 500);
    await expectTranscriberError(running, true, /aborted/);
    expect(processesMentioning(dir)).toEqual([]);
    await expectTranscriberError(transcriber().transcribe(wav, { signal: controller.signal }), true, /aborted/);
  });

  it.skipIf(!existsSync('/usr/bin/setpriv'))('whisper.cpp dies with the process that started it (setpriv --pdeathsig)', async () => {
    const marker = join(dir, 'orphan-check');
    const runner = new URL('./run-whisper.ts', import.meta.url).href;
    const script = [
      `import { runWhisperMain } from ${JSON.stringify(runner)};`,
      `await runWhisperMain(${JSON.stringify(binary)}, ${JSON.stringify(['-m', model, '-f', longWav, '-t', '1', '-oj', '-of', marker])}, { timeoutMs: 120000 });`,
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: 'ignore' });
    const mains = () => processesMentioning(marker).filter((p) => p.includes(`: ${binary} `));
    try {
      await waitFor('main to start', () => mains().length > 0, 20_000);
      parent.kill('SIGKILL');
      await waitFor('main to die with its parent', () => mains().length === 0, 5_000);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
