import type { MiddlewareHandler } from 'hono';

/**
 * `X-Content-Type-Options: nosniff` on every response the app makes (routes, static files, errors, 404s), so a
 * browser never runs or renders a body as anything but its declared type (a `.vtt` or JSON body as HTML or script).
 */
export const noSniff: MiddlewareHandler = async (c, next) => {
  await next();
  try {
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    // A response with immutable headers (made by `Response.redirect` or `fetch`): copy it with the header.
    const headers = new Headers(c.res.headers);
    headers.set('X-Content-Type-Options', 'nosniff');
    c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
  }
};
