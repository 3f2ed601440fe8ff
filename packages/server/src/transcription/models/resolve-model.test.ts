import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkModelFile } from './check-model-file.js';
import { resolveModelsDir, resolveModelsUrl } from './models-env.js';
import { ModelConfigError, resolveWhisperModel } from './resolve-model.js';
import { makeFakeModel } from '../../test-support/model-server.js';

let root: string;
let cache: string;
const model = makeFakeModel(1024);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rb-resolve-'));
  cache = join(root, 'data', 'models');
  await mkdir(cache, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const put = (name: string, data: Buffer = model) => writeFile(join(cache, name), data);

describe('resolveModelsDir', () => {
  it('defaults to <REELBACK_DATA_DIR>/models, resolved as config.ts resolves the data folder', () => {
    expect(resolveModelsDir({}, '/srv/app')).toBe('/srv/app/data/models');
    expect(resolveModelsDir({ REELBACK_DATA_DIR: '  ' }, '/srv/app')).toBe('/srv/app/data/models');
    expect(resolveModelsDir({ REELBACK_DATA_DIR: 'var/rb' }, '/srv/app')).toBe('/srv/app/var/rb/models');
    expect(resolveModelsDir({ REELBACK_DATA_DIR: '/data', REELBACK_MODELS_DIR: '/models' }, '/srv/app')).toBe('/models');
    expect(resolveModelsDir({ REELBACK_MODELS_DIR: 'm' }, '/srv/app')).toBe('/srv/app/m');
  });

  it('takes the download base URL from REELBACK_MODELS_URL', () => {
    expect(resolveModelsUrl({})).toBe('https://huggingface.co/ggerganov/whisper.cpp/resolve/main');
    expect(resolveModelsUrl({ REELBACK_MODELS_URL: 'http://mirror.local/whisper/' })).toBe('http://mirror.local/whisper');
  });
});

describe('resolveWhisperModel', () => {
  const env = () => ({ REELBACK_DATA_DIR: join(root, 'data') });

  it('is null when nothing is configured or cached (.part files, empty files and other files do not count)', async () => {
    expect(resolveWhisperModel(env())).toBeNull();
    await put('ggml-base.en.bin.part');
    await put('ggml-small.bin', Buffer.alloc(0));
    await put('notes.txt');
    expect(resolveWhisperModel(env())).toBeNull();
    expect(resolveWhisperModel({ REELBACK_MODELS_DIR: join(root, 'nowhere') })).toBeNull();
  });

  it('prefers base.en, then base, then small.en … among cached models', async () => {
    await put('ggml-tiny.bin');
    await put('ggml-large-v3.bin');
    await put('ggml-my-finetune.bin');
    expect(resolveWhisperModel(env())).toEqual({ path: join(cache, 'ggml-tiny.bin'), source: 'cache', name: 'tiny' });
    await put('ggml-small.en.bin');
    expect(resolveWhisperModel(env())?.name).toBe('small.en');
    await put('ggml-base.bin');
    expect(resolveWhisperModel(env())?.name).toBe('base');
    await put('ggml-base.en.bin');
    expect(resolveWhisperModel(env())).toEqual({ path: join(cache, 'ggml-base.en.bin'), source: 'cache', name: 'base.en' });
  });

  it('a model unknown to the catalogue is still used when it is the only one', async () => {
    await put('ggml-my-finetune.bin');
    expect(resolveWhisperModel(env())?.name).toBe('my-finetune');
  });

  it('WHISPER_MODEL_NAME picks a cached model, and is reported even when missing', async () => {
    await put('ggml-base.en.bin');
    await put('ggml-tiny.bin');
    expect(resolveWhisperModel({ ...env(), WHISPER_MODEL_NAME: 'tiny' })?.path).toBe(join(cache, 'ggml-tiny.bin'));
    expect(resolveWhisperModel({ ...env(), WHISPER_MODEL_NAME: 'medium' })).toEqual({
      path: join(cache, 'ggml-medium.bin'),
      source: 'cache',
      name: 'medium',
    });
    expect(() => resolveWhisperModel({ ...env(), WHISPER_MODEL_NAME: '../../etc/passwd' })).toThrow(ModelConfigError);
  });

  it('WHISPER_MODEL wins over everything, any name, any place, resolved against cwd, even when missing', async () => {
    await put('ggml-base.en.bin');
    const own = join(root, 'elsewhere', 'whisper-de.bin');
    expect(resolveWhisperModel({ ...env(), WHISPER_MODEL: own, WHISPER_MODEL_NAME: 'base.en' })).toEqual({
      path: own,
      source: 'env',
      name: 'whisper-de.bin',
    });
    expect(resolveWhisperModel({ WHISPER_MODEL: 'models/ggml-small.bin' }, { cwd: '/srv' })).toEqual({
      path: '/srv/models/ggml-small.bin',
      source: 'env',
      name: 'small',
    });
    // Blank counts as unset, as in config.ts.
    expect(resolveWhisperModel({ ...env(), WHISPER_MODEL: ' ' })?.source).toBe('cache');
  });
});

describe('checkModelFile', () => {
  it('accepts a file starting with the ggml magic', async () => {
    await put('ggml-ok.bin');
    expect(await checkModelFile(join(cache, 'ggml-ok.bin'))).toEqual({ ok: true, bytes: 1024 });
  });

  it('says plainly what is wrong: missing, directory, empty, too short, bad magic, GGUF', async () => {
    const reason = async (path: string) => {
      const result = await checkModelFile(path);
      return result.ok ? 'ok' : result.reason;
    };
    expect(await reason(join(cache, 'nope.bin'))).toBe(`model file ${join(cache, 'nope.bin')} does not exist`);
    expect(await reason(cache)).toMatch(/is (a directory|not a regular file)$/);
    await put('empty.bin', Buffer.alloc(0));
    expect(await reason(join(cache, 'empty.bin'))).toMatch(/is empty$/);
    await put('short.bin', Buffer.from([0x6c, 0x6d]));
    expect(await reason(join(cache, 'short.bin'))).toMatch(/is too short \(2 bytes\)/);
    await put('html.bin', Buffer.from('<html>nope</html>'));
    expect(await reason(join(cache, 'html.bin'))).toMatch(/is not a ggml model: it starts with 0x6d74683c, expected the ggml magic 0x67676d6c$/);
    await put('model.gguf', Buffer.from('GGUF\x03\x00\x00\x00'));
    expect(await reason(join(cache, 'model.gguf'))).toMatch(/is a GGUF file, not a whisper\.cpp ggml model/);
  });
});
