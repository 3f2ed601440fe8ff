import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TranscriptionResult } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscriberError } from '../../ports/transcriber.js';
import { PocketsphinxTranscriber } from './pocketsphinx-transcriber.js';
import { readWavInfo } from './wav-info.js';

const run = promisify(execFile);

// Real speech: espeak-ng says each sentence, ffmpeg turns it into the 16 kHz mono WAV the pipeline makes.
const SENTENCES = ['the board view is too slow', 'please add dark mode', 'the timeline should show comments'] as const;

let dir: string;
let grammarFile: string;
const wavs: string[] = [];
let twoSentences: string;

async function speak(text: string, name: string): Promise<string> {
  const raw = join(dir, `${name}.espeak.wav`);
  const wav = join(dir, `${name}.wav`);
  await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', raw, text]);
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-i', raw, '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', wav]);
  return wav;
}

async function expectTranscriberError(promise: Promise<unknown>, retryable: boolean, message: RegExp): Promise<TranscriberError> {
  const error = await promise.then(
    () => expect.fail('expected a TranscriberError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranscriberError);
  expect((error as TranscriberError).retryable).toBe(retryable);
  expect((error as TranscriberError).message).toMatch(message);
  return error as TranscriberError;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-pocketsphinx-test-'));
  for (const [i, sentence] of SENTENCES.entries()) wavs.push(await speak(sentence, `s${i}`));
  // Sentence one, 1.5 s of silence, sentence two: two utterances, two segments.
  twoSentences = join(dir, 'two.wav');
  await run('ffmpeg', [
    '-loglevel', 'error', '-y', '-i', wavs[0]!, '-f', 'lavfi', '-t', '1.5', '-i', 'anullsrc=r=16000:cl=mono', '-i', wavs[1]!,
    '-filter_complex', '[0][1][2]concat=n=3:v=0:a=1', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', twoSentences,
  ]);
  grammarFile = join(dir, 'feedback.gram');
  await writeFile(grammarFile, `#JSGF V1.0;\ngrammar feedback;\npublic <sentence> = ${SENTENCES.join(' | ')} ;\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PocketsphinxTranscriber with a JSGF grammar of the spoken sentences', () => {
  it.each(SENTENCES.map((sentence, i) => [sentence, i] as const))('hears "%s" exactly, with increasing word timings inside the audio', async (sentence, i) => {
    const transcriber = new PocketsphinxTranscriber({ grammarFile });
    const wav = wavs[i]!;
    const { durationSeconds } = await readWavInfo(wav);
    const result = await transcriber.transcribe(wav);

    expect(TranscriptionResult.parse(result)).toEqual(result);
    expect(result).toMatchObject({ engine: 'pocketsphinx', language: 'en', text: sentence, model: 'en-us (pocketsphinx, grammar feedback.gram)' });
    expect(result.durationSeconds).toBeCloseTo(durationSeconds, 6);
    expect(result.segments).toHaveLength(1);
    const words = result.segments[0]!.words!;
    expect(words.map((w) => w.text).join(' ')).toBe(sentence);
    for (const [j, word] of words.entries()) {
      expect(word.end).toBeGreaterThan(word.start);
      expect(word.end).toBeLessThanOrEqual(durationSeconds);
      if (j > 0) expect(word.start).toBeGreaterThanOrEqual(words[j - 1]!.end);
    }
    expect(result.segments[0]).toMatchObject({ start: words[0]!.start, end: words.at(-1)!.end, text: sentence });
  });

  it('splits two sentences said 1.5 s apart into two segments at the right times', async () => {
    const result = await new PocketsphinxTranscriber({ grammarFile }).transcribe(twoSentences);
    expect(result.text).toBe(`${SENTENCES[0]} ${SENTENCES[1]}`);
    expect(result.segments.map((s) => s.text)).toEqual([SENTENCES[0], SENTENCES[1]]);
    const [first, second] = result.segments as [(typeof result.segments)[0], (typeof result.segments)[0]];
    const firstLength = (await readWavInfo(wavs[0]!)).durationSeconds;
    expect(first.end).toBeLessThanOrEqual(firstLength);
    expect(second.start).toBeGreaterThanOrEqual(firstLength + 1.5 - 0.1);
    expect(second.end).toBeLessThanOrEqual(result.durationSeconds);
  });

  it('takes the sentences as a phrase list too (punctuation and case do not matter)', async () => {
    const transcriber = new PocketsphinxTranscriber({ phrases: ['The board view is too slow!', 'Please add dark mode.'] });
    expect(await transcriber.check()).toEqual({ ok: true });
    expect((await transcriber.transcribe(wavs[1]!)).text).toBe('please add dark mode');
  });

  it('reports a grammar word the dictionary lacks as a plain, non-retryable error', async () => {
    const transcriber = new PocketsphinxTranscriber({ phrases: ['the board view is too slow', 'reelbackish thing'] });
    await expectTranscriberError(transcriber.transcribe(wavs[0]!), false, /reelbackish' is missing in the dictionary/);
  });
});

describe('PocketsphinxTranscriber with the default English language model', () => {
  it('returns some English words for speech (no claim about which)', async () => {
    const result = await new PocketsphinxTranscriber().transcribe(wavs[0]!);
    expect(result.model).toBe('en-us (pocketsphinx)');
    expect(result.text.trim()).not.toBe('');
    expect(result.segments.length).toBeGreaterThan(0);
    for (const word of result.segments.flatMap((s) => s.words ?? [])) {
      expect(word.text).toMatch(/^[a-z']+$/);
      expect(word.confidence).toBeGreaterThanOrEqual(0);
      expect(word.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('PocketsphinxTranscriber errors', () => {
  it('refuses a file that is not a WAV, without retry', async () => {
    const notWav = join(dir, 'notes.wav');
    await writeFile(notWav, 'these are meeting notes, not audio\n');
    await expectTranscriberError(new PocketsphinxTranscriber({ grammarFile }).transcribe(notWav), false, /cannot read the audio: .*not a WAV/);
  });

  it('refuses a missing file and a WAV that is not 16 kHz mono, without retry', async () => {
    const transcriber = new PocketsphinxTranscriber({ grammarFile });
    await expectTranscriberError(transcriber.transcribe(join(dir, 'nowhere.wav')), false, /does not exist/);
    await expectTranscriberError(transcriber.transcribe(join(dir, 's0.espeak.wav')), false, /needs 16 kHz mono 16-bit PCM WAV; this file is 22050 Hz, 1 channel/);
  });

  it('says the model is missing, without retry, and check() says so too', async () => {
    const transcriber = new PocketsphinxTranscriber({ modelDir: join(dir, 'no-model') });
    const health = await transcriber.check();
    expect(health.ok).toBe(false);
    expect(!health.ok && health.reason).toMatch(/acoustic model is missing: .*no-model\/en-us\/mdef .*pocketsphinx-en-us/);
    await expectTranscriberError(transcriber.transcribe(wavs[0]!), false, /acoustic model is missing/);
  });

  it('says the binary is missing in check() and transcribe()', async () => {
    const transcriber = new PocketsphinxTranscriber({ binary: join(dir, 'pocketsphinx_continuous') });
    expect(await transcriber.check()).toEqual({ ok: false, reason: expect.stringMatching(/not installed: .* is missing/) });
    await expectTranscriberError(transcriber.transcribe(wavs[0]!), false, /not installed/);
  });

  it('stops a run past its time limit with a retryable error', async () => {
    const transcriber = new PocketsphinxTranscriber({ timeoutMs: 50 }); // the language model needs ~1 s for this clip
    await expectTranscriberError(transcriber.transcribe(twoSentences), true, /did not finish within/);
  });

  it('stops when aborted, retryably', async () => {
    const controller = new AbortController();
    const pending = new PocketsphinxTranscriber().transcribe(twoSentences, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('worker stopping')), 50);
    await expectTranscriberError(pending, true, /stopped before it finished/);
  });

  it('check() is ok with the Debian packages installed', async () => {
    expect(await new PocketsphinxTranscriber().check()).toEqual({ ok: true });
    expect(await new PocketsphinxTranscriber({ grammarFile }).check()).toEqual({ ok: true });
  });
});
