import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './api-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Owner routes take `Authorization: Bearer <admin key>`. Comparing SHA-256 digests in constant time
 * hides both the key's content and its length from timing.
 */
export function ownerAuth(adminKey: string): MiddlewareHandler {
  const expected = digest(adminKey);
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="reelback"');
      return errorResponse(c, 401, 'unauthorized', 'send the owner API key as "Authorization: Bearer <key>"');
    }
    await next();
  };
}
