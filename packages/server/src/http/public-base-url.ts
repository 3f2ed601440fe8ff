import type { Context } from 'hono';

/**
 * Where people reach this server, for links that leave it (backlog items, exports): REELBACK_PUBLIC_URL when set
 * (behind a proxy that ends HTTPS the request's own origin would say `http://` and an inside host name), else the
 * origin the request came to.
 */
export function publicBaseUrl(configured: string | null | undefined, c: Context): string {
  return configured ?? new URL(c.req.url).origin;
}
