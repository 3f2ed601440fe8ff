import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TranscriptionConfig } from '../config/config.js';
import { chooseTranscriber } from './choose-transcriber.js';

const base: TranscriptionConfig = { engine: 'auto', language: 'auto', concurrency: null, openai: null, pocketsphinxGrammar: null };

/** Enough of a ggml file for the cheap checks (magic, size); no inference runs here. */
const fakeModel = async (path: string) => {
  const bytes = Buffer.alloc(64);
  bytes.writeUInt32LE(0x67676d6c, 0);
  await writeFile(path, bytes);
};

describe('choosing the transcription engine', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-choose-'));
    env = { REELBACK_DATA_DIR: dir };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('auto: PocketSphinx when there is no Whisper model, saying so and how to get one', async () => {
    const choice = await chooseTranscriber(base, env, dir);
    expect(choice.transcriber?.engine).toBe('pocketsphinx');
    expect(choice.transcriber?.accuracyNote).toMatch(/PocketSphinx/);
    expect(choice.summary).toMatch(/no Whisper model/);
    expect(choice.summary).toMatch(/models pull/);
  });

  it('auto: Whisper once a model is in the cache (or named by WHISPER_MODEL)', async () => {
    await mkdir(join(dir, 'models'));
    await fakeModel(join(dir, 'models', 'ggml-base.en.bin'));
    const cached = await chooseTranscriber(base, env, dir);
    expect(cached.transcriber?.engine).toBe('whisper');
    expect(cached.summary).toMatch(/base\.en/);
    await fakeModel(join(dir, 'mine.bin'));
    const named = await chooseTranscriber(base, { ...env, WHISPER_MODEL: join(dir, 'mine.bin') }, dir);
    expect(named.summary).toMatch(/mine\.bin/);
  });

  it('auto: PocketSphinx serves while whisper.cpp is not built, Whisper once it is', async () => {
    await mkdir(join(dir, 'models'));
    await fakeModel(join(dir, 'models', 'ggml-base.en.bin'));
    const bin = join(dir, 'main');
    const choice = await chooseTranscriber(base, { ...env, WHISPER_BIN: bin }, dir);
    expect(choice.summary).toMatch(/once whisper\.cpp is built/);
    expect(await choice.transcriber!.check()).toEqual({ ok: true });
    expect(choice.transcriber!.engine).toBe('pocketsphinx');
    await writeFile(bin, '#!/bin/sh\n', { mode: 0o755 });
    await choice.transcriber!.check();
    expect(choice.transcriber!.engine).toBe('whisper');
  });

  it('whisper without a model waits, and picks up a model pulled later', async () => {
    const choice = await chooseTranscriber({ ...base, engine: 'whisper' }, env, dir);
    const before = await choice.transcriber!.check();
    expect(before).toEqual({ ok: false, reason: expect.stringMatching(/no Whisper model: pull one/) });
    await mkdir(join(dir, 'models'));
    await fakeModel(join(dir, 'models', 'ggml-tiny.en.bin'));
    const after = await choice.transcriber!.check();
    // The model is found now; what is left to say (if anything) is about the binary, not the model.
    if (!after.ok) expect(after.reason).not.toMatch(/no Whisper model/);
  });

  it('off, openai and pocketsphinx as asked', async () => {
    expect((await chooseTranscriber({ ...base, engine: 'off' }, env, dir)).transcriber).toBeNull();
    const openai = await chooseTranscriber({ ...base, engine: 'openai', openai: { url: 'http://127.0.0.1:9/x', key: null, model: 'whisper-1' } }, env, dir);
    expect(openai.transcriber?.engine).toBe('openai-compatible');
    expect(openai.summary).toMatch(/127\.0\.0\.1:9/);
    const sphinx = await chooseTranscriber({ ...base, engine: 'pocketsphinx' }, env, dir);
    expect(sphinx.transcriber?.engine).toBe('pocketsphinx');
  });
});
