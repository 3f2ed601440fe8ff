import type { Hono } from 'hono';
import { FlowId } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import { FlowArchivedError } from '../flows/flow-errors.js';
import type { FlowsService } from '../flows/flows.service.js';
import { shareMissingPage, sharePage } from './share-page.js';

/**
 * The share page may load only this server's widget and talk only to this server; the flow's media may come from
 * any https origin (prompt videos, posters and captions are http(s) URLs or paths); inline styles are the page's own.
 * Not framed: a page that records the camera should not sit under someone else's.
 */
export const SHARE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data: blob:; media-src 'self' https: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * `GET /f/:flowId`: the published flow as a page of its own, for people sent a link (no login, no dashboard). Like
 * the widget's public read it serves any workspace's flow by id, its latest version; 404 for an unknown or
 * unpublished flow, 410 once archived. An HTML page, not an API route: it is not in the route table.
 */
export function registerShareRoutes(app: Hono, flows: FlowsService): void {
  app.get('/f/:flowId', async (c) => {
    c.header('Content-Security-Policy', SHARE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    // As the published read: a new version or an archive shows within a minute.
    c.header('Cache-Control', 'public, max-age=60');
    const id = FlowId.safeParse(c.req.param('flowId'));
    if (!id.success) return c.html(shareMissingPage(404), 404);
    try {
      return c.html(sharePage(await flows.published(id.data)), 200);
    } catch (error) {
      if (error instanceof FlowArchivedError) return c.html(shareMissingPage(410), 410);
      if (error instanceof ServiceError && error.kind === 'not-found') return c.html(shareMissingPage(404), 404);
      throw error;
    }
  });
}
