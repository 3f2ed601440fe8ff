import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import type { FlowBundleAsset, FlowBundleManifest } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../errors/service-error.js';
import { FfmpegPromptMediaProcessor } from '../media/ffmpeg-prompt-media-processor.js';
import { makeMp4, makePng } from '../test-support/media-fixtures.js';
import { AssetImports } from '../media-library/asset-imports.js';
import { DEFAULT_MEDIA_LIBRARY_SETTINGS } from '../media-library/media-library-settings.js';
import { storageFactories } from '../test-support/storages.js';
import { steppingClock, useTestApp } from '../test-support/test-app.js';
import { FlowBundleImporter } from './flow-bundle-import.service.js';
import { defaultFlowBundleSettings } from './flow-bundle-settings.js';
import { tarOf, type TestMember } from '../test-support/tar.js';

const VIDEO = 'mda_bundlevideo000000000';
const IMAGE = 'mda_bundleimage000000000';
const SOURCE_LIMIT = 100_000;
const BUNDLE_LIMIT = 400_000;

const manifest = (patch: Partial<FlowBundleManifest> = {}): FlowBundleManifest => ({
  format: 'reelback.flow-bundle',
  formatVersion: 1,
  exportedAt: '2026-12-01T10:00:00.000Z',
  exportedBy: { kind: 'user', id: 'u1', label: 'Ada' },
  source: { flowId: 'elsewhere-flow', revision: 3 },
  name: 'Imported survey',
  draft: {
    name: 'Imported survey',
    steps: [
      { id: 'watch', prompt: { media: { assetId: VIDEO } }, answer: { type: 'rating', scale: 5 }, next: 'look' },
      { id: 'look', prompt: { media: { assetId: IMAGE }, image: { src: '/x.jpg', alt: 'A picture' } }, answer: { type: 'end' } },
    ],
  },
  published: null,
  ...patch,
});

const asset = (id: string, kind: 'video' | 'image', patch: Partial<FlowBundleAsset> = {}): FlowBundleAsset => ({
  id,
  name: `${kind} asset`,
  kind,
  posterAtSeconds: kind === 'video' ? 0.5 : null,
  durationSeconds: null,
  width: null,
  height: null,
  source: { file: kind === 'video' ? 'source.mp4' : 'source.jpg', contentType: kind === 'video' ? 'video/mp4' : 'image/jpeg', sizeBytes: 0 },
  captions: kind === 'video' ? { source: 'uploaded', language: 'en', engine: null, model: null, segments: [{ start: 0, end: 0.8, text: 'Hello' }], machineSegments: null } : null,
  ...patch,
});

/**
 * Every bad bundle is refused with a 4xx naming the problem, and leaves nothing behind: no flow, no asset, no file,
 * no scratch folder.
 */
describe.each(storageFactories)('flow bundle imports that are refused, on $name', (factory) => {
  const t = useTestApp(factory, { library: { maxUploadBytes: SOURCE_LIMIT }, bundles: { maxBytes: BUNDLE_LIMIT, maxEntries: 12 } });
  let mp4: Buffer;
  let png: Buffer;

  const members = (parts: { manifest?: unknown; video?: unknown; videoFile?: Uint8Array | null; image?: unknown; imageFile?: Uint8Array | null } = {}): TestMember[] => [
    ...(parts.manifest === null ? [] : [{ name: 'manifest.json', content: JSON.stringify(parts.manifest ?? manifest()) }]),
    ...(parts.video === null ? [] : [{ name: `assets/${VIDEO}/asset.json`, content: JSON.stringify(parts.video ?? asset(VIDEO, 'video')) }]),
    ...(parts.videoFile === null ? [] : [{ name: `assets/${VIDEO}/source.mp4`, content: parts.videoFile ?? mp4 }]),
    { name: `assets/${IMAGE}/asset.json`, content: JSON.stringify(parts.image ?? asset(IMAGE, 'image')) },
    ...(parts.imageFile === null ? [] : [{ name: `assets/${IMAGE}/source.jpg`, content: parts.imageFile ?? png }]),
  ];

  const post = (body: Uint8Array | ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
    t.reelback.app.request('/api/v1/flows/bundle', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-key-0123456789', 'content-type': 'application/x-tar', ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  async function nothingLeft(what: string): Promise<void> {
    const flows = (await (await t.request('GET', '/api/v1/flows', { owner: true })).json()) as { flows: unknown[] };
    expect(flows.flows, `${what}: no flow`).toEqual([]);
    const assets = (await (await t.request('GET', '/api/v1/media-assets', { owner: true })).json()) as { assets: unknown[] };
    expect(assets.assets, `${what}: no asset`).toEqual([]);
    const blobs = await readdir(join(t.media.dir, 'blobs', 'media-library')).catch(() => []);
    expect(blobs, `${what}: no stored file`).toEqual([]);
    const scratch = (await readdir(t.media.media.workDir).catch(() => [] as string[])).filter((name) => name.startsWith('bundle-import-'));
    expect(scratch, `${what}: no scratch folder`).toEqual([]);
  }

  /** Posts the body and checks the refusal and that nothing was created; returns the error body. */
  async function refused(what: string, body: Uint8Array | ReadableStream<Uint8Array> | string, status: number, code: string, headers: Record<string, string> = {}) {
    const res = await post(body, headers);
    const text = await res.text();
    expect(res.status, `${what} → ${text}`).toBe(status);
    const { error } = JSON.parse(text) as { error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } };
    expect(error.code, `${what} → ${text}`).toBe(code);
    await nothingLeft(what);
    return error;
  }

  beforeAll(async () => {
    mp4 = await readFile(await makeMp4(join(t.media.dir, 'clip.mp4'), { seconds: 1, size: '160x120' }));
    png = await readFile(await makePng(join(t.media.dir, 'shot.png')));
    expect(mp4.length).toBeLessThan(SOURCE_LIMIT);
    await t.media.media.queue.start();
  });

  it('refuses bodies that are not a whole, safe tar archive', async () => {
    const whole = await tarOf(members());
    await refused('a JSON body', '{"definition":{}}', 415, 'unsupported-media-type', { 'content-type': 'application/json' });
    await refused('a form upload', 'x', 415, 'unsupported-media-type', { 'content-type': 'multipart/form-data; boundary=x' });
    await refused('an empty body', new Uint8Array(0), 400, 'bundle-empty');
    expect((await refused('a text file', 'hello, this is not an archive\n'.repeat(40), 400, 'bundle-not-an-archive')).message).toMatch(/not a tar archive/);
    expect((await refused('a cut archive', whole.subarray(0, whole.length - 3000), 400, 'bundle-truncated')).message).toMatch(/cut short/);
    const zipped = gzipSync(whole);
    await refused('a cut .tar.gz', zipped.subarray(0, zipped.length - 500), 400, 'bundle-truncated');
    for (const [label, extra] of [
      ['a ".." path', { name: `assets/${VIDEO}/../../../../tmp/planted.sh`, content: '#!/bin/sh' }],
      ['an absolute path', { name: '/tmp/planted.sh', content: '#!/bin/sh' }],
      ['a symlink', { name: `assets/${IMAGE}/source.jpg`, type: 'symlink', linkname: '/etc/passwd' }],
    ] as [string, TestMember][]) {
      const error = await refused(label, await tarOf([extra, ...members()]), 400, 'bundle-unsafe-entry');
      expect(error.issues?.[0]?.path).toEqual([extra.name]);
    }
    await refused('too many members', await tarOf([...members(), ...Array.from({ length: 10 }, (_, i): TestMember => ({ name: `assets/mda_extra${String(i).padStart(17, '0')}/asset.json`, content: '{}' }))]), 400, 'bundle-too-many-entries');
  });

  it('refuses a manifest or asset.json that fails its schema, naming the fields, and an asset a step uses that is not there', async () => {
    const broken = manifest();
    (broken.draft.steps[0] as { answer: unknown }).answer = { type: 'stars' };
    const invalid = await refused('a step with an unknown answer type', await tarOf(members({ manifest: broken })), 422, 'bundle-manifest-invalid');
    expect(invalid.issues?.[0]?.path.slice(0, 5)).toEqual(['manifest.json', 'draft', 'steps', 0, 'answer']);
    const newer = await refused('a newer format', await tarOf(members({ manifest: { ...manifest(), formatVersion: 2 } })), 422, 'bundle-manifest-invalid');
    expect(newer.message).toMatch(/^manifest\.json\.formatVersion: this server reads flow bundles of format version 1/);
    await refused('no manifest', await tarOf(members({ manifest: null })), 422, 'bundle-manifest-missing');
    await refused('a manifest that is not JSON', await tarOf([{ name: 'manifest.json', content: '{"format": ' }, ...members().slice(1)]), 422, 'bundle-manifest-invalid');

    const missing = await refused('a used asset left out', await tarOf(members({ video: null, videoFile: null })), 422, 'bundle-asset-missing');
    expect(missing.issues?.[0]?.path).toEqual(['manifest.json', 'draft', 'steps', 0, 'prompt', 'media', 'assetId']);
    expect(missing.message).toContain(VIDEO);
    const withoutFile = await refused('an asset without its file', await tarOf(members({ imageFile: null })), 422, 'bundle-asset-missing');
    expect(withoutFile.issues?.[0]?.path).toEqual([`assets/${IMAGE}/source.jpg`]);
    const nameless = await refused('an asset without a name', await tarOf(members({ image: { ...asset(IMAGE, 'image'), name: '' } })), 422, 'bundle-asset-invalid');
    expect(nameless.issues?.[0]?.path).toEqual([`assets/${IMAGE}/asset.json`, 'name']);
    const captioned = await refused('captions on a picture', await tarOf(members({ image: { ...asset(IMAGE, 'image'), captions: asset(VIDEO, 'video').captions } })), 422, 'bundle-asset-invalid');
    expect(captioned.issues?.[0]?.path).toEqual([`assets/${IMAGE}/asset.json`, 'captions']);
    await refused('asset.json of another asset', await tarOf(members({ image: asset(VIDEO, 'video') })), 422, 'bundle-asset-invalid');
    const backwards = await refused(
      'a cue that ends before it starts',
      await tarOf(members({ video: asset(VIDEO, 'video', { captions: { source: 'edited', language: 'en', engine: null, model: null, segments: [{ start: 2, end: 1, text: 'x' }], machineSegments: [] } }) })),
      422,
      'captions-invalid',
    );
    expect(backwards.issues?.[0]?.path).toEqual([`assets/${VIDEO}/asset.json`, 'captions', 'segments', 0]);
  });

  it('puts each file through the upload’s checks: a file that is not media, or not what asset.json says, is refused', async () => {
    const planted = await refused('a shell script as source.mp4', await tarOf(members({ videoFile: Buffer.from('#!/bin/sh\necho planted\n'.repeat(20)) })), 422, 'media-rejected');
    expect(planted.message).toMatch(/^assets\/mda_bundlevideo000000000\/source\.mp4 cannot be used: the file is not a video, sound or picture/);
    const html = await refused('HTML as source.jpg', await tarOf(members({ imageFile: Buffer.from('<html><script>alert(1)</script></html>') })), 422, 'media-rejected');
    expect(html.issues?.[0]?.path).toEqual([`assets/${IMAGE}/source.jpg`]);
    const swapped = await refused('a picture posing as the video', await tarOf(members({ videoFile: png })), 422, 'bundle-asset-invalid');
    expect(swapped.message).toMatch(/is a picture by its content, but asset\.json says video/);
  });

  it('refuses a member over the library’s limit and a body over the bundle limit, declared or not', async () => {
    const big = await refused('a source over the library limit', await tarOf(members({ videoFile: Buffer.alloc(SOURCE_LIMIT + 1, 1) })), 413, 'bundle-member-too-large');
    expect(big.issues?.[0]?.path).toEqual([`assets/${VIDEO}/source.mp4`]);
    await refused('a declared length over the limit', 'x', 413, 'bundle-too-large', { 'content-length': String(BUNDLE_LIMIT + 1) });
    const many = Array.from({ length: 5 }, (_, i): TestMember => ({ name: `assets/mda_filler${String(i).padStart(16, '0')}/source.mp4`, content: Buffer.alloc(90_000, 2) }));
    const large = await tarOf([...members(), ...many]);
    expect(large.length).toBeGreaterThan(BUNDLE_LIMIT);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < large.length; at += 16_384) controller.enqueue(large.subarray(at, at + 16_384));
        controller.close();
      },
    });
    await refused('a streamed body over the limit', stream, 413, 'bundle-too-large');
  });

  it('answers a refusal over HTTP while the body is still arriving', async () => {
    const server = serve({ fetch: t.reelback.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ready) => server.once('listening', () => ready()));
    try {
      const head = await tarOf([{ name: '../../tmp/planted.sh', content: '#!/bin/sh' }]);
      // An endless body: the answer can only come before its end.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(head.subarray(0, 1024));
        },
        pull(controller) {
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/flows/bundle`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-key-0123456789', 'content-type': 'application/x-tar' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bundle-unsafe-entry');
      await nothingLeft('an endless body refused at its first member');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('removes the assets it added when the flow cannot be stored', async () => {
    const clock = steppingClock();
    const settings = { ...DEFAULT_MEDIA_LIBRARY_SETTINGS, maxUploadBytes: SOURCE_LIMIT };
    const imports = new AssetImports({ assets: t.storage.mediaAssets, blobs: t.media.media.blobs, queue: t.media.media.queue, processor: new FfmpegPromptMediaProcessor(), clock, settings, workDir: t.media.media.workDir });
    const flows = t.reelback.services.flows;
    const audited: unknown[] = [];
    const importer = new FlowBundleImporter({
      flows: {
        list: (scope, options) => flows.list(scope, options),
        create: async () => {
          throw new Error('the database went away');
        },
      },
      imports,
      workDir: t.media.media.workDir,
      settings: defaultFlowBundleSettings(SOURCE_LIMIT),
      audit: { record: async (...entry) => void audited.push(entry) },
    });
    const bundle = await tarOf(members());
    const error = await importer.import({ workspaceId: null }, { via: 'admin-key', userId: null, workspaceId: null }, (async function* () {
      yield bundle;
    })()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ServiceError);
    expect((error as Error).message).toBe('the database went away');
    await nothingLeft('a flow that could not be stored');
    expect(audited, 'no audit entry for an import that stored nothing').toEqual([]);
  });
});
