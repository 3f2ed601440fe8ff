import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueEntry } from './catalogue.js';
import { runModelsCommand } from './models-command.js';
import { captureOutput, fakeEntry, makeFakeModel, sha1Of } from '../../test-support/model-server.js';
import { verifyModelFile } from './verify.js';

const MODEL = makeFakeModel(2 * 1024 * 1024);
let dir: string;
let catalogue: CatalogueEntry[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rb-verify-'));
  catalogue = [
    fakeEntry('good', MODEL),
    fakeEntry('flipped', MODEL),
    fakeEntry('short', MODEL),
    fakeEntry('nosum', MODEL, { sha1: null, bytes: null, approxBytes: MODEL.length, sizeEstimated: true }),
  ];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verify(args: string[], env: Record<string, string> = {}) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runModelsCommand(['verify', ...args], { env: { REELBACK_MODELS_DIR: dir, ...env }, stdout, stderr, catalogue });
  return { code, out: stdout.text, err: stderr.text };
}

describe('reelback models verify', () => {
  it('passes intact models and fails a corrupted one, naming expected and actual sums', async () => {
    const flipped = Buffer.from(MODEL);
    flipped[1_000_000] = (flipped[1_000_000] ?? 0) ^ 0xff;
    await writeFile(join(dir, 'ggml-good.bin'), MODEL);
    await writeFile(join(dir, 'ggml-flipped.bin'), flipped);

    expect((await verify(['good'])).code).toBe(0);
    const bad = await verify(['flipped']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`FAIL  flipped  ${join(dir, 'ggml-flipped.bin')}`);
    expect(bad.out).toContain(`checksum mismatch: expected SHA-1 ${sha1Of(MODEL)}, got ${sha1Of(flipped)}`);
    expect(bad.out).toContain("'reelback models pull flipped --force' downloads it again");

    const all = await verify([]);
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/^ok {4}good /m);
    expect(all.out).toMatch(/^FAIL {2}flipped /m);
    expect(all.err).toContain('1 of 2 model file(s) failed verification');
  });

  it('fails a truncated model and a file that lost its magic', async () => {
    await writeFile(join(dir, 'ggml-short.bin'), MODEL.subarray(0, 1000));
    const noMagic = Buffer.from(MODEL);
    noMagic.write('<htm', 0, 'latin1');
    await writeFile(join(dir, 'ggml-good.bin'), noMagic);
    const short = await verify(['short']);
    expect(short.code).toBe(1);
    expect(short.out).toContain(`size mismatch: expected ${MODEL.length} bytes, found 1000`);
    const magic = await verify(['good']);
    expect(magic.code).toBe(1);
    expect(magic.out).toContain('is not a ggml model');
  });

  it('says when there is no published checksum, and checks the size only', async () => {
    await writeFile(join(dir, 'ggml-nosum.bin'), MODEL);
    const result = await verify(['nosum']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('no published checksum; size checked only');
    const direct = await verifyModelFile(join(dir, 'ggml-nosum.bin'), catalogue[3] ?? null);
    expect(direct).toMatchObject({ ok: true, checksum: 'unpublished', sha1: null });
    // Far too small for the published size: caught even without a checksum.
    await writeFile(join(dir, 'ggml-nosum.bin'), MODEL.subarray(0, 100_000));
    expect((await verify(['nosum'])).out).toMatch(/size 97\.7 KiB is far from the expected ≈ 2\.00 MiB/);
  });

  it('checks the WHISPER_MODEL file for magic and size, and mentions unfinished downloads', async () => {
    const own = join(dir, 'custom.bin');
    await writeFile(own, makeFakeModel(4096));
    await writeFile(join(dir, 'ggml-good.bin.part'), MODEL.subarray(0, 5000));
    const ok = await verify([], { WHISPER_MODEL: own });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`ok    WHISPER_MODEL  ${own}  4.00 KiB  not a catalogue model: ggml magic and size > 0 checked only`);
    expect(ok.out).toContain("ggml-good.bin.part: an unfinished download (4.88 KiB); 'reelback models pull good' resumes it");

    const missing = await verify([], { WHISPER_MODEL: join(dir, 'gone.bin') });
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`model file ${join(dir, 'gone.bin')} does not exist`);
  });

  it('fails plainly when there is nothing to verify or the named model is not cached', async () => {
    const none = await verify([]);
    expect(none.code).toBe(1);
    expect(none.out).toContain('nothing to verify');
    const named = await verify(['good']);
    expect(named.code).toBe(1);
    expect(named.err).toContain(`good is not in the cache (${join(dir, 'ggml-good.bin')}); 'reelback models pull good' downloads it`);
  });
});
