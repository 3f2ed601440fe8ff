import type { MiddlewareHandler } from 'hono';

/**
 * CORS for what other sites load from us: public API calls, the widget's modules (module scripts are always
 * fetched with CORS) and flow media (the player sets `crossorigin` so caption tracks load). Set before the
 * handler runs, the header joins the response as it is made; hono's cors middleware writes it into a
 * placeholder response that is then copied, which cost more than the rest of a small request.
 */
export const allowAnyOrigin: MiddlewareHandler = async (c, next) => {
  c.header('Access-Control-Allow-Origin', '*');
  // A 429's Retry-After is not a CORS-safelisted header: without this the widget could not read when to retry.
  c.header('Access-Control-Expose-Headers', 'Retry-After');
  await next();
};
