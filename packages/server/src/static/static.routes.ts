import { join } from 'node:path';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { allowAnyOrigin } from '../http/allow-any-origin.js';
import { errorResponse } from '../http/api-error.js';
import { decodeComponent, rawPath } from '../http/decode.js';
import { defaultDashboardDist } from '../paths.js';
import { findFile, sendFile } from './send-file.js';
import { widgetCacheControl } from './widget-cache.js';

export interface StaticPaths {
  /** The widget's build output (`packages/widget/dist`). */
  widgetDist: string;
  /** The demo site (`demo/`). */
  demoDir: string;
  /** The dashboard's build output (`packages/dashboard/dist`); the repository's by default. */
  dashboardDist?: string | undefined;
}

const WIDGET_TYPES = new Set(['.js', '.mjs', '.css', '.map', '.svg', '.png', '.webp']);
const DEMO_TYPES = new Set(['.html', '.js', '.css', '.mp4', '.jpg', '.jpeg', '.png', '.vtt', '.svg', '.webp']);

// .wasm: the highlight reel's ffmpeg core (dist/ffmpeg/), compiled in the browser only when an owner makes a reel.
const DASHBOARD_TYPES = new Set(['.html', '.js', '.css', '.map', '.svg', '.png', '.webp', '.ico', '.woff2', '.wasm']);

/**
 * The dashboard is the owners' app on the server's own origin: nothing but its own files, never framed.
 * `'wasm-unsafe-eval'` lets its own ffmpeg.wasm core compile (WebAssembly, not JavaScript eval); the core's
 * worker is a same-origin file, so workers need nothing beyond `'self'`.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'";

const dashboardHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
};

const DASHBOARD_NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Reelback</title>' +
  '<p>The Reelback dashboard is not built yet: run <code>npm start</code> (it builds the dashboard first) or ' +
  '<code>pnpm --filter @reelback/dashboard build</code>, then reload this page.</p></html>\n';

const WIDGET_NOT_BUILT =
  '/* The Reelback widget is not built yet: run `npm start` (it builds the widget first) or `pnpm --filter @reelback/widget build`. */\n';

/**
 * The widget bundle and the demo site. `sendFile` rather than @hono/node-server's serveStatic: that one
 * answers a suffix range (`bytes=-500`) from the start of the file and a range past the end with a broken 206.
 */
export function registerStaticRoutes(app: Hono, paths: StaticPaths): void {
  const notFound = (c: Context) => errorResponse(c, 404, 'not-found', `there is no file at ${c.req.path}`);

  const widgetFile = async (c: Context, relative: string) => {
    const file = await findFile(paths.widgetDist, relative, WIDGET_TYPES);
    // Compressed and cached for host pages: see widget-cache.ts and compressed.ts.
    return file ? sendFile(c, file, widgetCacheControl(decodeComponent(relative, 'file', 'path')), { compress: true }) : undefined;
  };

  // Host pages on other origins load all of these.
  app.use('/embed.js', allowAnyOrigin);
  app.use('/widget/*', allowAnyOrigin);
  app.use('/demo/*', allowAnyOrigin);

  app.get('/embed.js', async (c) => {
    const sent = await widgetFile(c, 'embed.js');
    if (sent) return sent;
    // Host pages load this with <script>; a JS comment explains itself in the browser console's network view.
    return c.body(WIDGET_NOT_BUILT, 503, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '10' });
  });
  app.get('/widget/*', async (c) => (await widgetFile(c, withoutFreshPrefix(below(c)))) ?? notFound(c));

  // The dashboard: its files, and index.html for every other page path (the app routes with the history API).
  const dashboardDist = paths.dashboardDist ?? defaultDashboardDist;
  const dashboardIndex = async (c: Context) => {
    const index = await findFile(dashboardDist, 'index.html', DASHBOARD_TYPES);
    if (index) return sendFile(c, index);
    return c.html(DASHBOARD_NOT_BUILT, 503, { 'Cache-Control': 'no-store', 'Retry-After': '10' });
  };
  app.use('/app', dashboardHeaders);
  app.use('/app/*', dashboardHeaders);
  app.get('/app', dashboardIndex);
  app.get('/app/*', async (c) => {
    const relative = below(c);
    if (!isSafeRelativePath(relative)) return notFound(c);
    if (/\.[A-Za-z0-9]+$/.test(relative)) {
      // A file (app.js, chunks/…): it exists, or it is a 404, never the page in its place.
      const file = await findFile(dashboardDist, relative, DASHBOARD_TYPES);
      return file ? sendFile(c, file) : notFound(c);
    }
    return dashboardIndex(c);
  });

  app.get('/', (c) => c.redirect('/demo/', 302));
  app.get('/demo', (c) => c.redirect('/demo/', 301));
  app.get('/demo/*', async (c) => {
    const relative = below(c);
    const file = await findFile(paths.demoDir, relative === '' || relative.endsWith('/') ? join(relative, 'index.html') : relative, DEMO_TYPES);
    return file ? sendFile(c, file) : notFound(c);
  });
}

/**
 * The rest of the path below a one-segment mount (`/widget/…`, `/app/…`, `/demo/…`), still percent-encoded: the
 * file lookup decodes it once (Hono's `c.req.path` is decoded already, and decoding it again would read `%2525` as `%`).
 */
const below = (c: Context) => rawPath(c.req.url).split('/').slice(2).join('/');

/**
 * The widget asks for a chunk again under a path no module map has seen (`/widget/~r<id>/chunks/x.js`, see the
 * widget's util/lazy-import.ts: Firefox never refetches a module that failed once): the same file.
 */
const withoutFreshPrefix = (relative: string) => relative.split('/').filter((segment) => !/^~r[0-9a-z]+$/.test(segment)).join('/');

/** A path under a static root that names no parent, hidden file or odd character, even once decoded. */
function isSafeRelativePath(relative: string): boolean {
  const decoded = decodeComponent(relative, 'file', 'path');
  return !decoded.split('/').some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'));
}
