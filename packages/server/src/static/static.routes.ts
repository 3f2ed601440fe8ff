import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { allowAnyOrigin } from '../http/allow-any-origin.js';
import { errorResponse } from '../http/api-error.js';
import { findFile, sendFile } from './send-file.js';

export interface StaticPaths {
  /** The widget's build output (`packages/widget/dist`). */
  widgetDist: string;
  /** The demo site (`demo/`). */
  demoDir: string;
}

const WIDGET_TYPES = new Set(['.js', '.mjs', '.css', '.map', '.svg', '.png', '.webp']);
const DEMO_TYPES = new Set(['.html', '.js', '.css', '.mp4', '.jpg', '.jpeg', '.png', '.vtt', '.svg', '.webp']);

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
    return file ? sendFile(c, file) : undefined;
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
  app.get('/widget/*', async (c) => (await widgetFile(c, c.req.path.slice('/widget/'.length))) ?? notFound(c));

  app.get('/', (c) => c.redirect('/demo/', 302));
  app.get('/demo', (c) => c.redirect('/demo/', 301));
  app.get('/demo/*', async (c) => {
    const relative = c.req.path.slice('/demo/'.length);
    const file = await findFile(paths.demoDir, relative === '' || relative.endsWith('/') ? join(relative, 'index.html') : relative, DEMO_TYPES);
    return file ? sendFile(c, file) : notFound(c);
  });
}
