import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueEntry } from './catalogue.js';
import { DownloadError, downloadModel } from './download.js';
import { acquireLock } from './lock.js';
import { type ModelsCommandIO, runModelsCommand } from './models-command.js';
import {
  captureOutput,
  fakeEntry,
  makeFakeModel,
  type ModelServer,
  sha1Of,
  startModelServer,
} from '../../test-support/model-server.js';

const MODEL = makeFakeModel(3 * 1024 * 1024 + 17); // a few MB, not a multiple of any chunk size
const CUT = 1_234_567;

let server: ModelServer;
let dir: string;
let catalogue: CatalogueEntry[];

beforeAll(async () => {
  server = await startModelServer({
    '/ggml-test.bin': MODEL,
    '/ggml-wrongsum.bin': MODEL,
    '/ggml-nosum.bin': MODEL,
    '/ggml-html.bin': '<!doctype html><title>Rate limited</title>',
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rb-models-'));
  server.requests.length = 0;
  server.behaviour = {};
  catalogue = [
    fakeEntry('test', MODEL),
    fakeEntry('wrongsum', MODEL, { sha1: '0123456789abcdef0123456789abcdef01234567' }),
    fakeEntry('nosum', MODEL, { sha1: null, bytes: null }),
    fakeEntry('html', MODEL, { sha1: null, bytes: null }),
    fakeEntry('missing', MODEL),
  ];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io(extra: Partial<ModelsCommandIO> = {}) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  return {
    stdout,
    stderr,
    io: {
      env: { REELBACK_MODELS_DIR: dir, REELBACK_MODELS_URL: `${server.url}/` },
      stdout,
      stderr,
      catalogue,
      ...extra,
    } satisfies ModelsCommandIO,
  };
}

const finalPath = (name: string) => join(dir, `ggml-${name}.bin`);
const partPath = (name: string) => `${finalPath(name)}.part`;

describe('reelback models pull', () => {
  it('downloads, checks the SHA-1, renames into place, and the file verifies', async () => {
    const run = io();
    expect(await runModelsCommand(['pull', 'test'], run.io)).toBe(0);
    expect(run.stdout.text).toContain(`SHA-1 ${sha1Of(MODEL)} matches the published checksum`);
    expect((await readFile(finalPath('test'))).equals(MODEL)).toBe(true);
    expect(existsSync(partPath('test'))).toBe(false);
    expect(existsSync(`${partPath('test')}.lock`)).toBe(false);
    expect(server.requests).toEqual([{ path: '/ggml-test.bin', range: undefined, status: 200 }]);
    // Plain progress lines (not a terminal): at least the closing one with the full size.
    expect(run.stderr.text).toMatch(/test 100\.0% 3\.00 MiB \/ 3\.00 MiB/);

    const check = io();
    expect(await runModelsCommand(['verify', 'test'], check.io)).toBe(0);
    expect(check.stdout.text).toContain(`ok    test  ${finalPath('test')}`);
    expect(check.stdout.text).toContain(`SHA-1 matches (${sha1Of(MODEL)})`);

    // A second pull finds it there and does not download.
    const again = io();
    expect(await runModelsCommand(['pull', 'test'], again.io)).toBe(0);
    expect(again.stdout.text).toContain('already in the cache');
    expect(server.requests).toHaveLength(1);
  });

  it('resumes an interrupted download with a Range request and ends byte-identical', async () => {
    server.behaviour.cutAfterOnce = CUT;
    const first = io();
    expect(await runModelsCommand(['pull', 'test'], first.io)).toBe(1);
    expect(first.stderr.text).toMatch(/connection to .* failed after \d+ bytes .*the \.part file is kept/);
    expect(existsSync(finalPath('test'))).toBe(false);
    // fetch (undici) may drop the last chunks it had queued when the connection breaks: those are fetched again.
    const kept = (await stat(partPath('test'))).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(CUT);

    const second = io();
    expect(await runModelsCommand(['pull', 'test'], second.io)).toBe(0);
    expect(second.stdout.text).toMatch(/Resuming: [\d.]+ (KiB|MiB) already downloaded/);
    expect(second.stdout.text).toMatch(/resumed from [\d.]+ (KiB|MiB)/);
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      [`bytes=${kept}-`, 206],
    ]);
    expect((await readFile(finalPath('test'))).equals(MODEL)).toBe(true);
    expect(existsSync(partPath('test'))).toBe(false);
  });

  it('follows a redirect (as Hugging Face sends to its CDN) and keeps the Range header across it', async () => {
    await writeFile(partPath('test'), MODEL.subarray(0, 777_777));
    const run = io();
    run.io.env.REELBACK_MODELS_URL = `${server.url}/redirect`;
    expect(await runModelsCommand(['pull', 'test'], run.io)).toBe(0);
    expect(server.requests).toEqual([
      { path: '/redirect/ggml-test.bin', range: 'bytes=777777-', status: 302 },
      { path: '/ggml-test.bin', range: 'bytes=777777-', status: 206 },
    ]);
    expect((await readFile(finalPath('test'))).equals(MODEL)).toBe(true);
  });

  it('fails on a checksum mismatch naming both sums, and keeps neither the file nor the part', async () => {
    const run = io();
    expect(await runModelsCommand(['pull', 'wrongsum'], run.io)).toBe(1);
    expect(run.stderr.text).toContain(
      `checksum mismatch: expected SHA-1 0123456789abcdef0123456789abcdef01234567, got ${sha1Of(MODEL)}`,
    );
    expect(existsSync(finalPath('wrongsum'))).toBe(false);
    expect(existsSync(partPath('wrongsum'))).toBe(false);
  });

  it('starts again from zero when the server ignores Range (200), replacing whatever the part held', async () => {
    await writeFile(partPath('test'), Buffer.alloc(500_000, 0xee)); // not even the right bytes
    server.behaviour.ignoreRange = true;
    const run = io();
    expect(await runModelsCommand(['pull', 'test'], run.io)).toBe(0);
    expect(run.stdout.text).toContain('Starting again from zero: the server does not support resuming');
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([['bytes=500000-', 200]]);
    expect((await readFile(finalPath('test'))).equals(MODEL)).toBe(true);
  });

  it('finishes without downloading when the part is already whole (416)', async () => {
    await writeFile(partPath('test'), MODEL);
    const run = io();
    expect(await runModelsCommand(['pull', 'test'], run.io)).toBe(0);
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([[`bytes=${MODEL.length}-`, 416]]);
    expect((await readFile(finalPath('test'))).equals(MODEL)).toBe(true);
  });

  it('drops a part that cannot be continued (416 for a part longer than the file) and downloads afresh', async () => {
    catalogue[2] = fakeEntry('nosum', MODEL, { sha1: null, bytes: null }); // size unknown to the catalogue
    await writeFile(partPath('nosum'), Buffer.concat([MODEL, Buffer.from('trailing junk')]));
    const run = io();
    expect(await runModelsCommand(['pull', 'nosum'], run.io)).toBe(0);
    expect(run.stdout.text).toContain('Starting again from zero: the server cannot continue');
    expect(run.stdout.text).toContain('No published checksum for nosum');
    expect(server.requests.map((r) => r.status)).toEqual([416, 200]);
    expect((await readFile(finalPath('nosum'))).equals(MODEL)).toBe(true);
  });

  it('reports a 404 plainly', async () => {
    const run = io();
    expect(await runModelsCommand(['pull', 'missing'], run.io)).toBe(1);
    expect(run.stderr.text).toContain(`${server.url}/ggml-missing.bin answered HTTP 404 (not found: no such model file there)`);
    expect(existsSync(partPath('missing'))).toBe(false);
  });

  it('refuses a file that is not a ggml model (an HTML page served with 200) as soon as it starts', async () => {
    const run = io();
    expect(await runModelsCommand(['pull', 'html'], run.io)).toBe(1);
    expect(run.stderr.text).toContain('is not a ggml model: it starts with 0x6f64213c, expected the ggml magic 0x67676d6c');
    expect(existsSync(partPath('html'))).toBe(false);
    expect(existsSync(finalPath('html'))).toBe(false);
  });

  it('keeps the part when interrupted (Ctrl-C), exits 130, and the next run resumes', async () => {
    server.behaviour.stallAfterOnce = CUT;
    const controller = new AbortController();
    const run = io({ signal: controller.signal });
    const pulling = runModelsCommand(['pull', 'test'], run.io);
    await waitFor(async () => (await stat(partPath('test')).catch(() => null))?.size === CUT);
    controller.abort();
    expect(await pulling).toBe(130);
    expect(run.stderr.text).toContain("Interrupted. Run 'reelback models pull test' again to resume.");
    expect((await stat(partPath('test'))).size).toBe(CUT);

    const again = io();
    expect(await runModelsCommand(['pull', 'test'], again.io)).toBe(0);
    expect(server.requests.at(-1)?.range).toBe(`bytes=${CUT}-`);
    expect((await readFile(finalPath('test'))).equals(MODEL)).toBe(true);
  });

  it('gives up on a stalled connection after the idle timeout, keeping the part', async () => {
    server.behaviour.stallAfterOnce = 100_000;
    const run = io({ idleTimeoutMs: 300 });
    expect(await runModelsCommand(['pull', 'test'], run.io)).toBe(1);
    expect(run.stderr.text).toMatch(/download stalled: no data from .* for 0 s; the \.part file is kept/);
    expect((await stat(partPath('test'))).size).toBe(100_000);
  });

  it('draws a progress bar with bytes, percent and speed on a terminal', async () => {
    server.behaviour.chunkBytes = 256 * 1024;
    server.behaviour.chunkDelayMs = 50;
    const stderr = captureOutput(true);
    const run = io({ stderr });
    expect(await runModelsCommand(['pull', 'test'], run.io)).toBe(0);
    expect(stderr.text).toContain('\r');
    expect(stderr.text).toMatch(/test \[#+-*\]\s+\d+\.\d% [\d.]+ (KiB|MiB) \/ 3\.00 MiB [\d.]+ (KiB|MiB)\/s/);
    expect(stderr.text).toMatch(/\[#{10,}\] 100\.0%/);
    expect(stderr.text.endsWith('\n')).toBe(true);
  });

  it('refuses unknown models and bad arguments as usage errors (exit 2)', async () => {
    for (const args of [['pull'], ['pull', 'nope'], ['pull', '../etc'], ['pull', 'test', 'extra'], ['list', '--bogus'], ['frobnicate'], []]) {
      const run = io();
      expect(await runModelsCommand(args, run.io), args.join(' ')).toBe(2);
      expect(run.stderr.text).toContain('Usage: reelback models');
    }
  });
});

describe('downloadModel', () => {
  it('will not let two downloads write the same part', async () => {
    const release = await acquireLock(`${partPath('test')}.lock`);
    try {
      await expect(
        downloadModel({ url: `${server.url}/ggml-test.bin`, dest: finalPath('test'), sha1: null, bytes: null }),
      ).rejects.toMatchObject({ kind: 'busy' });
    } finally {
      await release();
    }
    const result = await downloadModel({ url: `${server.url}/ggml-test.bin`, dest: finalPath('test'), sha1: sha1Of(MODEL), bytes: MODEL.length });
    expect(result).toMatchObject({ bytes: MODEL.length, checksum: 'matched', resumedFrom: 0 });
  });

  it('fails when the server has another length than the catalogue says, before downloading', async () => {
    const error = await downloadModel({
      url: `${server.url}/ggml-test.bin`,
      dest: finalPath('test'),
      sha1: null,
      bytes: MODEL.length + 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).message).toContain(`has ${MODEL.length} bytes but the catalogue expects ${MODEL.length + 1}`);
    expect(existsSync(partPath('test'))).toBe(false);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
