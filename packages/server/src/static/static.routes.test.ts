import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { parseRange } from './send-file.js';
import { DASHBOARD_CSP } from './static.routes.js';

const root = await mkdtemp(join(tmpdir(), 'reelback-static-test-'));
const widgetDist = join(root, 'widget-dist');
const demoDir = join(root, 'demo');
const video = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

await mkdir(join(demoDir, 'media'), { recursive: true });
await mkdir(join(demoDir, 'node_modules', 'x'), { recursive: true });
await mkdir(widgetDist, { recursive: true });
await writeFile(join(widgetDist, 'embed.js'), 'console.log("embed");\n');
await writeFile(join(widgetDist, 'reelback-widget.js'), 'export {};\n');
await writeFile(join(widgetDist, '.secret.js'), 'no');
// A player and a content-hashed chunk the size of real ones, so compression has something to do.
const playerSource = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `step ${i % 7} says hello`))};\n`;
await mkdir(join(widgetDist, 'chunks'), { recursive: true });
await writeFile(join(widgetDist, 'reelback-flow.js'), playerSource);
await writeFile(join(widgetDist, 'chunks', 'chunk-4VBEK2R7.js'), playerSource);
await writeFile(join(widgetDist, 'chunks', 'chunk-notahash.js'), playerSource);
// The build's precompressed copy, made after its file (so it is current): sent as it is.
await writeFile(join(widgetDist, 'chunks', 'chunk-4VBEK2R7.js.gz'), gzipSync('export const built = "at build time";\n'));
await writeFile(join(demoDir, 'index.html'), '<!doctype html><title>Demo</title>');
await writeFile(join(demoDir, 'flow.json'), '{}');
await writeFile(join(demoDir, 'media', 'welcome.mp4'), video);
await writeFile(join(demoDir, 'media', 'welcome.vtt'), 'WEBVTT\n');
await writeFile(join(demoDir, 'node_modules', 'x', 'index.js'), 'no');
await writeFile(join(root, 'outside.js'), 'no');
const dashboardDist = join(root, 'dashboard-dist');
const dashboardIndex = '<!doctype html><title>Reelback</title><rb-app></rb-app>';
await mkdir(join(dashboardDist, 'chunks'), { recursive: true });
await writeFile(join(dashboardDist, 'index.html'), dashboardIndex);
await writeFile(join(dashboardDist, 'app.js'), 'export {};\n');
await writeFile(join(dashboardDist, 'chunks', 'page-AB12CD34.js'), 'export const page = 1;\n');
// The highlight reel's video tools, as build.mjs lays them out (a wasm file starts with "\0asm", version 1).
const wasm = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
await mkdir(join(dashboardDist, 'ffmpeg'), { recursive: true });
await writeFile(join(dashboardDist, 'ffmpeg', 'worker.js'), 'self.onmessage = () => {};\n');
await writeFile(join(dashboardDist, 'ffmpeg', 'ffmpeg-core.js'), 'export default () => {};\n');
await writeFile(join(dashboardDist, 'ffmpeg', 'ffmpeg-core.wasm'), wasm);
await writeFile(join(dashboardDist, '.env'), 'no');
await writeFile(join(root, 'package.json'), '{}');
await symlink(join(root, 'outside.js'), join(demoDir, 'escape.js'));

afterAll(async () => rm(root, { recursive: true, force: true }));

describe('parseRange', () => {
  it.each([
    [undefined, null],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=900-', { start: 900, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=500-5000', { start: 500, end: 999 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=5-2', 'unsatisfiable'],
    ['bytes=0-1,5-6', null],
    ['items=0-1', null],
  ] as const)('reads %s of 1000 bytes', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe.each(storageFactories)('static files on $name', (factory) => {
  const t = useTestApp(factory, { staticPaths: { widgetDist, demoDir } });

  it('serves the widget bundle', async () => {
    const embed = await t.request('GET', '/embed.js');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await embed.text()).toBe('console.log("embed");\n');
    const chunk = await t.request('GET', '/widget/reelback-widget.js');
    expect([chunk.status, await chunk.text()]).toEqual([200, 'export {};\n']);
    expect((await t.request('GET', '/widget/.secret.js')).status).toBe(404);
    expect((await t.request('GET', '/widget/missing.js')).status).toBe(404);
  });

  it('sends the widget compressed by Accept-Encoding: brotli first, else gzip, else as it is', async () => {
    const br = await t.request('GET', '/widget/reelback-flow.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect([br.status, br.headers.get('content-encoding'), br.headers.get('vary'), br.headers.get('content-type')]).toEqual([
      200,
      'br',
      'Accept-Encoding',
      'text/javascript; charset=utf-8',
    ]);
    expect(brotliDecompressSync(brBytes).toString()).toBe(playerSource);
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);
    expect(brBytes.length).toBeLessThan(playerSource.length / 4);
    expect(br.headers.get('accept-ranges')).toBeNull();

    const gz = await t.request('GET', '/widget/reelback-flow.js', { headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(playerSource);
    const built = await t.request('GET', '/widget/chunks/chunk-4VBEK2R7.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await built.arrayBuffer())).toString()).toBe('export const built = "at build time";\n');
    // The precompressed copies are not files of their own.
    expect((await t.request('GET', '/widget/chunks/chunk-4VBEK2R7.js.gz')).status).toBe(404);

    const embed = await t.request('GET', '/embed.js', { headers: { 'accept-encoding': 'br' } });
    expect([embed.headers.get('content-encoding'), brotliDecompressSync(Buffer.from(await embed.arrayBuffer())).toString()]).toEqual([
      'br',
      'console.log("embed");\n',
    ]);

    const plain = await t.request('GET', '/widget/reelback-flow.js', { headers: { 'accept-encoding': 'identity' } });
    expect([plain.headers.get('content-encoding'), plain.headers.get('vary'), await plain.text()]).toEqual([null, 'Accept-Encoding', playerSource]);
    // Media stays as it is (already compressed), with its byte ranges.
    const video = await t.request('GET', '/demo/media/welcome.mp4', { headers: { 'accept-encoding': 'br, gzip' } });
    expect([video.headers.get('content-encoding'), video.headers.get('accept-ranges')]).toEqual([null, 'bytes']);
  });

  it('revalidates each encoding by its own ETag', async () => {
    const headers = { 'accept-encoding': 'br' };
    const first = await t.request('GET', '/widget/reelback-flow.js', { headers });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/-br"$/);
    const again = await t.request('GET', '/widget/reelback-flow.js', { headers: { ...headers, 'if-none-match': etag } });
    expect([again.status, again.headers.get('content-encoding'), again.headers.get('cache-control')]).toEqual([304, 'br', 'public, max-age=300, must-revalidate']);
    // The gzip copy is another representation: the brotli tag does not validate it.
    const gzip = await t.request('GET', '/widget/reelback-flow.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect([gzip.status, gzip.headers.get('content-encoding')]).toEqual([200, 'gzip']);
  });

  it('caches content-hashed chunks for a year, immutable; the entry URLs briefly, then revalidated', async () => {
    const cacheOf = async (path: string) => (await t.request('GET', path, { headers: { 'accept-encoding': 'br' } })).headers.get('cache-control');
    expect(await cacheOf('/widget/chunks/chunk-4VBEK2R7.js')).toBe('public, max-age=31536000, immutable');
    for (const entry of ['/embed.js', '/widget/reelback-flow.js']) expect(await cacheOf(entry), entry).toBe('public, max-age=300, must-revalidate');
    // A name that is not a content hash may change under the same URL.
    expect(await cacheOf('/widget/chunks/chunk-notahash.js')).toBe('no-cache');
    expect(await cacheOf('/widget/reelback-widget.js')).toBe('no-cache');
    expect(await cacheOf('/demo/media/welcome.vtt')).toBe('no-cache');
  });

  it('serves the same widget files under a fresh prefix (a chunk fetched again after a failed load), nothing more', async () => {
    const again = await t.request('GET', '/widget/~rlq3x1/reelback-widget.js');
    expect([again.status, await again.text()]).toEqual([200, 'export {};\n']);
    expect((await t.request('GET', '/widget/~rlq3x1/~r2/reelback-widget.js')).status).toBe(200);
    expect((await t.request('GET', '/widget/~rlq3x1/.secret.js')).status).toBe(404);
    expect((await t.request('GET', '/widget/~x/reelback-widget.js')).status).toBe(404);
  });

  it('lets pages on other origins load the widget modules and flow media (CORS)', async () => {
    for (const path of ['/embed.js', '/widget/reelback-widget.js', '/demo/media/welcome.vtt']) {
      const res = await t.request('GET', path);
      expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 200, '*']);
    }
  });

  it('serves the demo with its index, types, and redirects', async () => {
    const index = await t.request('GET', '/demo/');
    expect([index.status, index.headers.get('content-type'), await index.text()]).toEqual([
      200,
      'text/html; charset=utf-8',
      '<!doctype html><title>Demo</title>',
    ]);
    const vtt = await t.request('GET', '/demo/media/welcome.vtt');
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    const home = await t.request('GET', '/');
    expect([home.status, home.headers.get('location')]).toEqual([302, '/demo/']);
    const bare = await t.request('GET', '/demo');
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/demo/']);
  });

  it.each([
    '/demo/flow.json',
    '/demo/package.json',
    '/demo/../outside.js',
    '/demo/%2e%2e/outside.js',
    '/demo/..%2foutside.js',
    '/demo/escape.js',
    '/demo/node_modules/x/index.js',
    '/demo/media/missing.mp4',
  ])('refuses %s', async (path) => {
    const res = await t.request('GET', path);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not-found');
  });

  it('serves video with byte ranges so players can seek', async () => {
    const full = await t.request('GET', '/demo/media/welcome.mp4');
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(video);

    const part = await t.request('GET', '/demo/media/welcome.mp4', { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(video.subarray(100, 200));

    const tail = await t.request('GET', '/demo/media/welcome.mp4', { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(video.subarray(990));

    const beyond = await t.request('GET', '/demo/media/welcome.mp4', { headers: { range: 'bytes=5000-' } });
    expect([beyond.status, beyond.headers.get('content-range')]).toEqual([416, 'bytes */1000']);

    const etag = full.headers.get('etag') ?? '';
    const cached = await t.request('GET', '/demo/media/welcome.mp4', { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    const stale = await t.request('GET', '/demo/media/welcome.mp4', { headers: { range: 'bytes=0-9', 'if-range': 'W/"old"' } });
    expect(stale.status).toBe(200);

    const head = await t.request('HEAD', '/demo/media/welcome.mp4');
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([200, '1000', 0]);
  });
});

describe('without a widget build', () => {
  const t = useTestApp(storageFactories[0]!, { staticPaths: { widgetDist: join(root, 'not-built'), demoDir } });

  it('answers /embed.js with 503 and says how to build it', async () => {
    const res = await t.request('GET', '/embed.js');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toContain('run `npm start` (it builds the widget first)');
  });
});

describe('the dashboard at /app', () => {
  const t = useTestApp(storageFactories[0]!, { staticPaths: { widgetDist, demoDir, dashboardDist } });

  const expectDashboardHeaders = (res: Response) => {
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  };

  it.each(['/app', '/app/', '/app/login?next=%2Fapp%2F', '/app/setup', '/app/invite', '/app/answers/x', '/app/answers/clp_0123456789abcdef/'])(
    'answers %s with index.html and a strict CSP (the app routes itself)',
    async (path) => {
      const res = await t.request('GET', path);
      expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'text/html; charset=utf-8', dashboardIndex]);
      expectDashboardHeaders(res);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves its scripts with their type', async () => {
    const app = await t.request('GET', '/app/app.js');
    expect([app.status, app.headers.get('content-type'), await app.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'export {};\n']);
    expectDashboardHeaders(app);
    const chunk = await t.request('GET', '/app/chunks/page-AB12CD34.js');
    expect([chunk.status, await chunk.text()]).toEqual([200, 'export const page = 1;\n']);
  });

  it('serves the highlight reel ffmpeg worker and core from its own origin, under a CSP that lets only WebAssembly compile', async () => {
    // Exactly this policy: 'wasm-unsafe-eval' and nothing broader ('unsafe-eval', blob: or other origins for scripts).
    expect(DASHBOARD_CSP).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob: data:; media-src 'self' blob:; " +
        "style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'",
    );
    const worker = await t.request('GET', '/app/ffmpeg/worker.js');
    expect([worker.status, worker.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    // A worker runs under its own response's CSP: the core compiles inside the worker.
    expectDashboardHeaders(worker);
    const core = await t.request('GET', '/app/ffmpeg/ffmpeg-core.js');
    expect([core.status, core.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const binary = await t.request('GET', '/app/ffmpeg/ffmpeg-core.wasm');
    expect([binary.status, binary.headers.get('content-type')]).toEqual([200, 'application/wasm']);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(wasm);
    expectDashboardHeaders(binary);
    expect((await t.request('GET', '/app/ffmpeg/missing.wasm')).status).toBe(404);
  });

  it('answers a missing file with 404, not with the page', async () => {
    const res = await t.request('GET', '/app/chunks/gone-12345678.js');
    expect(res.status).toBe(404);
    expectDashboardHeaders(res);
  });

  it.each(['/app/../package.json', '/app/%2e%2e/package.json', '/app/..%2fpackage.json', '/app/%2e%2e%2fpackage.json', '/app/.env', '/app/answers/..%2f..%2fpackage.json'])(
    'refuses %s',
    async (path) => {
      const res = await t.request('GET', path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<rb-app>');
    },
  );

  it.each(['/app/%E0%A4%A', '/app/chunks/%C0%AF.js', '/widget/%ED%A0%80.js', '/demo/media/%00.mp4', '/demo/%'])('answers the malformed escape in %s with a 400 naming it', async (path) => {
    const res = await t.request('GET', path);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).not.toContain('<rb-app>');
    expect(JSON.parse(body).error).toMatchObject({ code: 'bad-encoding', message: expect.stringMatching(/^file \(in the path\) /) });
  });

  it('allows no other origin (no CORS headers, even on a preflight)', async () => {
    const res = await t.request('OPTIONS', '/app/app.js', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await t.request('GET', '/app/', { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('without a dashboard build', () => {
  const t = useTestApp(storageFactories[0]!, { staticPaths: { widgetDist, demoDir, dashboardDist: join(root, 'not-built') } });

  it('answers /app with 503 and says how to build it', async () => {
    const res = await t.request('GET', '/app/answers/x');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(await res.text()).toContain('pnpm --filter @reelback/dashboard build');
  });
});
