import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../errors/service-error.js';
import { type ArchiveLimits, readBundleArchive } from './bundle-archive-reader.js';
import { chunked, tarOf, type TestMember } from '../test-support/tar.js';

const ID = 'mda_AAAAAAAAAAAAAAAAAAAAAA';
const LIMITS: ArchiveLimits = { maxBytes: 1_000_000, maxEntries: 20, maxJsonBytes: 10_000, maxCaptionsBytes: 1000, maxSourceBytes: 50_000 };

const good: TestMember[] = [
  { name: 'manifest.json', content: '{"format":"reelback.flow-bundle"}' },
  { name: `assets/${ID}/asset.json`, content: '{"id":"x"}' },
  { name: `assets/${ID}/source.mp4`, content: Buffer.alloc(20_000, 7) },
  { name: `assets/${ID}/captions.vtt`, content: 'WEBVTT\n' },
];

describe('readBundleArchive', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-bundle-reader-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const read = (bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}) => readBundleArchive(chunked(bytes, 1000), join(dir, 'out'), { ...LIMITS, ...limits });

  /** The refusal a body gets: its kind, code and message. */
  async function refusal(bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): Promise<ServiceError> {
    const error = await read(bytes, limits).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ServiceError)) throw new Error(`expected a refusal, got ${error instanceof Error ? error.stack : String(error)}`);
    return error;
  }

  it('keeps the JSON members, writes the source file under a name of its own, notes the captions file', async () => {
    const archive = await read(await tarOf(good));
    expect(archive.manifest?.bytes.toString()).toBe('{"format":"reelback.flow-bundle"}');
    const asset = archive.assets.get(ID)!;
    expect(asset.json?.bytes.toString()).toBe('{"id":"x"}');
    expect(asset.hasCaptionsFile).toBe(true);
    expect(asset.source).toMatchObject({ member: `assets/${ID}/source.mp4`, sizeBytes: 20_000 });
    expect(asset.source!.path.startsWith(join(dir, 'out'))).toBe(true);
    expect(await readFile(asset.source!.path)).toEqual(Buffer.alloc(20_000, 7));
    expect(await readdir(join(dir, 'out'))).toEqual([asset.source!.path.split('/').at(-1)]);
  });

  it('reads a gzip-compressed bundle, and one re-packed with "./" names and folder entries', async () => {
    const repacked = await tarOf([{ name: './', type: 'directory' }, { name: './assets/', type: 'directory' }, { name: `./assets/${ID}/`, type: 'directory' }, ...good.map((m) => ({ ...m, name: `./${m.name}` }))]);
    for (const bytes of [gzipSync(await tarOf(good)), repacked]) {
      const archive = await read(bytes);
      expect(archive.manifest).toBeDefined();
      expect(archive.assets.get(ID)?.source?.sizeBytes).toBe(20_000);
    }
  });

  it('refuses what is not an archive, an empty body, and archives cut short (plain or gzip)', async () => {
    expect(await refusal(Buffer.from('{"this":"is JSON, not a tar archive"}'.repeat(30)))).toMatchObject({ kind: 'invalid', code: 'bundle-not-an-archive' });
    expect(await refusal(Buffer.alloc(0))).toMatchObject({ kind: 'invalid', code: 'bundle-empty' });
    const whole = await tarOf(good);
    const cut = await refusal(whole.subarray(0, 3000));
    expect(cut).toMatchObject({ kind: 'invalid', code: 'bundle-truncated' });
    expect(cut.message).toMatch(/cut short after 2 complete members/);
    const zipped = gzipSync(whole);
    expect(await refusal(zipped.subarray(0, Math.floor(zipped.length / 2)))).toMatchObject({ kind: 'invalid', code: 'bundle-truncated' });
    expect(await refusal(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not deflate data at all')]))).toMatchObject({ code: 'bundle-not-an-archive' });
  });

  it('refuses paths that leave the archive, links, devices, unknown and duplicate members, naming the member; nothing is left written', async () => {
    const cases: [TestMember, string, RegExp][] = [
      [{ name: '../../etc/cron.d/evil', content: 'x' }, 'bundle-unsafe-entry', /"\.\.\/\.\.\/etc\/cron\.d\/evil" climbs out/],
      [{ name: `assets/${ID}/../../../evil`, content: 'x' }, 'bundle-unsafe-entry', /climbs out/],
      [{ name: '/etc/passwd', content: 'x' }, 'bundle-unsafe-entry', /is an absolute path/],
      [{ name: `assets\\${ID}\\source.mp4`, content: 'x' }, 'bundle-unsafe-entry', /backslash/],
      [{ name: `assets/${ID}/source.mp4`, type: 'symlink', linkname: '/etc/passwd' }, 'bundle-unsafe-entry', /is a symlink, not a file/],
      [{ name: `assets/${ID}/source.mp4`, type: 'link', linkname: 'manifest.json' }, 'bundle-unsafe-entry', /is a link, not a file/],
      [{ name: 'assets/pipe', type: 'fifo' }, 'bundle-unsafe-entry', /is a fifo/],
      [{ name: 'run.sh', content: '#!/bin/sh' }, 'bundle-unexpected-entry', /"run\.sh" is not part of a flow bundle/],
      [{ name: `assets/${ID}/source.exe`, content: 'MZ' }, 'bundle-unexpected-entry', /not part of a flow bundle/],
      [{ name: 'assets/not-an-asset-id/asset.json', content: '{}' }, 'bundle-unexpected-entry', /not part of a flow bundle/],
      [{ name: 'manifest.json', content: '{}' }, 'bundle-duplicate-entry', /appears twice/],
      [{ name: `assets/${ID}/source.jpg`, content: 'x' }, 'bundle-duplicate-entry', /two source files/],
    ];
    for (const [member, code, message] of cases) {
      const error = await refusal(await tarOf([...good, member]));
      expect(error, member.name).toMatchObject({ kind: 'invalid', code });
      expect(error.message).toMatch(message);
      expect(error.issues[0]?.path[0], member.name).toBeTypeOf('string');
      await rm(join(dir, 'out'), { recursive: true, force: true });
    }
  });

  it('refuses a member over its limit before reading it, too many members, and a body over the limit however it is sent', async () => {
    const big = await refusal(await tarOf(good), { maxSourceBytes: 19_999 });
    expect(big).toMatchObject({ kind: 'too-large', code: 'bundle-member-too-large', issues: [{ path: [`assets/${ID}/source.mp4`] }] });
    expect(big.message).toMatch(/is 20000 bytes, over the limit of 19999/);
    expect(await refusal(await tarOf(good), { maxJsonBytes: 10 })).toMatchObject({ code: 'bundle-member-too-large', issues: [{ path: ['manifest.json'] }] });
    expect(await refusal(await tarOf(good), { maxCaptionsBytes: 3 })).toMatchObject({ code: 'bundle-member-too-large' });
    const many = Array.from({ length: 30 }, (_, i): TestMember => ({ name: `assets/mda_${String(i).padStart(22, 'B')}/asset.json`, content: '{}' }));
    expect(await refusal(await tarOf(many))).toMatchObject({ kind: 'invalid', code: 'bundle-too-many-entries' });
    expect(await refusal(await tarOf(good), { maxBytes: 10_000 })).toMatchObject({ kind: 'too-large', code: 'bundle-too-large' });
    // Small when sent, large when unpacked: a gzip bomb is stopped by what it unpacks to.
    const bomb = gzipSync(await tarOf([good[0]!, { name: `assets/${ID}/source.mp4`, content: Buffer.alloc(900_000) }]));
    expect(bomb.length).toBeLessThan(10_000);
    expect(await refusal(bomb, { maxBytes: 500_000, maxSourceBytes: 1_000_000 })).toMatchObject({ code: 'bundle-too-large' });
  });
});
