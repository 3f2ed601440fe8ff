import { defineProject } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import { buildFfmpegAssets } from './build.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';

const demoMedia = fileURLToPath(new URL('../../demo/media/', import.meta.url));

/**
 * Real media for the answer page and the studio: every clip's `video` and every library `.mp4` is the demo's
 * welcome.mp4, every `poster` and library `.jpg` welcome.jpg, served with byte ranges as the server does (msw lets
 * these requests through to here).
 */
const serveClipMedia: Plugin = {
  name: 'reelback-dashboard-clip-media',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const path = (req.url ?? '').split('?')[0]!;
      const clip = /^\/api\/v1\/clips\/[^/]+\/media\/(video|poster)$/.exec(path)?.[1];
      const library = /^\/api\/v1\/media\/mda_[\w-]+\/[\w-]+\.[0-9a-f]{32}\.(mp4|jpg)$/.exec(path)?.[1];
      if (!clip && !library) return next();
      const video = clip === 'video' || library === 'mp4';
      const file = demoMedia + (video ? 'welcome.mp4' : 'welcome.jpg');
      const size = statSync(file).size;
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      res.setHeader('content-type', video ? 'video/mp4' : 'image/jpeg');
      res.setHeader('accept-ranges', 'bytes');
      if (!range) {
        res.setHeader('content-length', size);
        createReadStream(file).pipe(res);
        return;
      }
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      res.statusCode = 206;
      res.setHeader('content-range', `bytes ${start}-${end}/${size}`);
      res.setHeader('content-length', end - start + 1);
      createReadStream(file, { start, end }).pipe(res);
    });
  },
};

const widgetDist = fileURLToPath(new URL('../widget/dist/', import.meta.url));

/**
 * The real widget for the flow page's preview, served as the Reelback server does (packages/widget/dist/* at
 * /widget/*, as packages/widget/vitest.config.ts's serveDist), built first when dist is missing.
 */
const serveWidget: Plugin = {
  name: 'reelback-dashboard-widget',
  configureServer(server) {
    if (!existsSync(widgetDist + 'reelback-flow.js')) {
      execFileSync(process.execPath, [fileURLToPath(new URL('../widget/build.mjs', import.meta.url))], { stdio: 'inherit' });
    }
    server.middlewares.use((req, res, next) => {
      const path = (req.url ?? '').split('?')[0]!;
      const file = path.startsWith('/widget/') ? path.slice('/widget/'.length) : null;
      if (!file || file.includes('..') || !existsSync(widgetDist + file)) return next();
      res.setHeader('content-type', 'text/javascript');
      res.end(readFileSync(widgetDist + file));
    });
  },
};

const ffmpegAssets = fileURLToPath(new URL('./node_modules/.cache/reelback-ffmpeg/', import.meta.url));
const FFMPEG_TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

/**
 * The highlight reel's video tools at /app/ffmpeg/* as the Reelback server serves dist/ffmpeg/: the same
 * files, made by build.mjs's buildFfmpegAssets (the bundled worker, the single-thread core and its wasm).
 */
const serveFfmpeg: Plugin = {
  name: 'reelback-dashboard-ffmpeg',
  async configureServer(server) {
    await buildFfmpegAssets(ffmpegAssets);
    server.middlewares.use((req, res, next) => {
      const match = /^\/app\/ffmpeg\/(worker\.js|ffmpeg-core\.js|ffmpeg-core\.wasm)$/.exec((req.url ?? '').split('?')[0]!);
      if (!match) return next();
      const file = ffmpegAssets + match[1];
      res.setHeader('content-type', FFMPEG_TYPES[match[1]!.slice(match[1]!.lastIndexOf('.'))]!);
      res.setHeader('content-length', statSync(file).size);
      createReadStream(file).pipe(res);
    });
  },
};

// Component tests run in Debian's Chromium (see DESIGN.md); msw's service worker stands in for the API.
export default defineProject({
  // Serves mockServiceWorker.js (made by `npx msw init test-public`) at the server root.
  publicDir: 'test-public',
  plugins: [serveClipMedia, serveWidget, serveFfmpeg],
  // Pre-bundled up front so Vite does not reload the page in the middle of a run.
  optimizeDeps: {
    include: [
      'lit',
      'lit/directives/repeat.js',
      'msw',
      'msw/browser',
      'axe-core',
      // The studio's recorder uploads with the widget's tus client.
      '@reelback/widget > tus-js-client/lib/upload.js',
      '@reelback/widget > tus-js-client/lib/browser/httpStack.js',
    ],
    // Served as it is: pre-bundling would move its `new URL('./worker.js', import.meta.url)` (the reel passes
    // the worker's URL anyway), and it is only imported on "Make reel".
    exclude: ['@ffmpeg/ffmpeg'],
  },
  test: {
    name: 'dashboard',
    include: ['src/**/*.test.ts'],
    testTimeout: 15_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          // The studio's prompt recorder: a test-pattern camera (640×480), beeping microphones and, for
          // getDisplayMedia, a fake 1280×720 screen, all granted without a prompt (no picker shows).
          args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
