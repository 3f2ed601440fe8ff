import { defineProject } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import type { BrowserCommand } from 'vitest/node';
import type { CDPSession } from 'playwright';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));

/** Serves the built bundles the way the Reelback server does: dist/embed.js at /embed.js, dist/* at /widget/*. */
const serveDist: Plugin = {
  name: 'reelback-serve-dist',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const path = (req.url ?? '').split('?')[0]!;
      const file = path === '/embed.js' ? 'embed.js' : path.startsWith('/widget/') ? path.slice('/widget/'.length) : null;
      if (!file || file.includes('..') || !existsSync(dist + file)) return next();
      res.setHeader('content-type', 'text/javascript');
      res.end(readFileSync(dist + file));
    });
  },
};

/** Lets a test turn `prefers-reduced-motion: reduce` on and off (Playwright's media emulation). */
const emulateReducedMotion: BrowserCommand<[reduce: boolean]> = async (context, reduce) => {
  await context.page.emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' });
};

/** One DevTools session per page, kept open: Chromium drops a session's emulation when it detaches. */
const devtools = new WeakMap<object, Promise<CDPSession>>();

/**
 * Emulates a slow network (Chromium then reports `navigator.connection.effectiveType` "3g") and the viewer's
 * save-data setting through the DevTools protocol, or lifts both (`null`).
 */
const emulateConstrainedNetwork: BrowserCommand<[network: { slow: boolean; saveData: boolean } | null]> = async (context, network) => {
  let session = devtools.get(context.page);
  if (!session) {
    session = context.page.context().newCDPSession(context.page);
    devtools.set(context.page, session);
  }
  const cdp = await session;
  await cdp.send('Network.enable');
  await cdp.send(
    'Network.emulateNetworkConditions',
    network?.slow ? { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 } : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
  await cdp.send('Emulation.setDataSaverOverride', network?.saveData ? { dataSaverEnabled: true } : {});
};

// Component tests run in Debian's Chromium (see DESIGN.md); msw's service worker stands in for the API.
export default defineProject({
  // Serves mockServiceWorker.js (made by `npx msw init test-public`) at the server root.
  publicDir: 'test-public',
  plugins: [serveDist],
  // Pre-bundled up front so Vite does not reload the page in the middle of a run.
  optimizeDeps: { include: ['lit', 'lit/directives/if-defined.js', 'lit/directives/keyed.js', '@reelback/shared > zod', 'msw', 'msw/browser', 'axe-core', 'tus-js-client/lib/upload.js', 'tus-js-client/lib/browser/httpStack.js'] },
  test: {
    name: 'widget',
    include: ['src/**/*.test.ts'],
    testTimeout: 15_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          // A test-pattern camera and a beeping microphone, granted without a prompt (the recorder's tests).
          args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
        },
      }),
      instances: [{ browser: 'chromium' }],
      commands: { emulateReducedMotion, emulateConstrainedNetwork, distBuilt: () => existsSync(dist + 'embed.js') },
    },
  },
});
