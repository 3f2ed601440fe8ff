import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The peer's address under @hono/node-server; `unknown` elsewhere (tests calling `app.request` without an env).
 * No proxy header is trusted: behind a reverse proxy every caller shares the proxy's address and its budgets.
 */
export function clientAddress(c: Context): string {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}
