import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiKeyScope, Caller, CallerResolver, Role } from '../ports/caller.js';
import type { Scope } from '../ports/store-types.js';
import { errorResponse } from './api-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export const SESSION_COOKIE = 'reelback_session';
export const CSRF_HEADER = 'X-CSRF-Token';

declare module 'hono' {
  interface ContextVariableMap {
    caller: Caller;
  }
}

/** The rows an owner route may see and touch: its caller's workspace's (see `Scope`). Owner routes only. */
export function scopeOf(c: Context): Scope {
  return { workspaceId: c.var.caller.workspaceId };
}

export const ROLE_RANK: Record<Role, number> = { manager: 0, owner: 1, admin: 2 };

/** Each scope includes the weaker ones: `admin` ⊃ `write` ⊃ `read`. */
export const SCOPE_RANK: Record<ApiKeyScope, number> = { read: 0, write: 1, admin: 2 };

/** The scope that lets a key do what a role may: managers read, owners also write, admins also administer. */
export const SCOPE_OF_ROLE: Record<Role, ApiKeyScope> = { manager: 'read', owner: 'write', admin: 'admin' };

const READ_METHODS = new Set(['get', 'head']);

/**
 * The weakest role a route accepts: its `minRole` when it names one, else `manager` for reads (GET, HEAD) and
 * `owner` for everything else. So managers read and analyse, owners also change things, admins run the workspace.
 */
export function requiredRole(route: { method: string; minRole?: Role }): Role {
  return route.minRole ?? (READ_METHODS.has(route.method.toLowerCase()) ? 'manager' : 'owner');
}

/**
 * The API key scope a route needs: the one matching its `requiredRole` — `read` where managers may (reads), `write`
 * where owners may (changes), `admin` for admin routes. A stronger scope covers the weaker ones. Deriving it from the
 * role keeps the two from disagreeing: a key is refused with the scope it lacks, never with a role it cannot have.
 */
export function requiredScope(route: { method: string; minRole?: Role }): ApiKeyScope {
  return SCOPE_OF_ROLE[requiredRole(route)];
}

const strongest = (scopes: readonly ApiKeyScope[]): ApiKeyScope | undefined =>
  [...scopes].sort((a, b) => SCOPE_RANK[b] - SCOPE_RANK[a])[0];

const adminKeyOnly: CallerResolver = {
  adminKey: async () => ({ userId: null, workspaceId: null, role: 'admin', via: 'admin-key' }),
  apiKey: async () => ({ ok: false, code: 'unauthorized', message: 'API keys are not accepted by this server' }),
  session: async () => undefined,
};

function unauthorized(c: Context, message = 'send the owner API key as "Authorization: Bearer <key>"', code = 'unauthorized') {
  c.header('WWW-Authenticate', 'Bearer realm="reelback"');
  return errorResponse(c, 401, code, message);
}

/**
 * Owner routes take, in this order:
 * - `Authorization: Bearer <admin key>` (SHA-256 digests compared in constant time, hiding content and length);
 * - `Authorization: Bearer rb_<prefix>_<secret>`: an API key — unknown, revoked or expired is a 401 saying which
 *   (`unauthorized`, `api-key-revoked`, `api-key-expired`) — whose scopes must cover the route (`requiredScope`, else
 *   403 `insufficient-scope` naming the scope needed), acting with the role its strongest scope implies (admin →
 *   admin, write → owner, read → manager);
 * - else the `reelback_session` cookie; then unsafe methods (anything but GET/HEAD/OPTIONS) must send
 *   `X-CSRF-Token` matching the session's token (403 `csrf`).
 * An `Authorization` header that does not match is a 401 even when a cookie is present. The caller's role must
 * reach the route's `requiredRole` (403 `forbidden`). The caller is left on the context as `c.var.caller`.
 */
export function ownerAuth(adminKey: string, resolver: CallerResolver = adminKeyOnly) {
  const expected = digest(adminKey);
  return (route: { method: string; minRole?: Role }): MiddlewareHandler => {
    const role = requiredRole(route);
    const scope = requiredScope(route);
    return async (c, next) => {
      let caller: Caller;
      const authorization = c.req.header('authorization');
      if (authorization !== undefined) {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
        if (!token) return unauthorized(c);
        if (timingSafeEqual(digest(token), expected)) {
          caller = await resolver.adminKey();
        } else if (token.startsWith('rb_')) {
          const key = await resolver.apiKey(token);
          if (!key.ok) return unauthorized(c, key.message, key.code);
          if (!key.scopes.some((held) => SCOPE_RANK[held] >= SCOPE_RANK[scope])) {
            return errorResponse(
              c,
              403,
              'insufficient-scope',
              `this route needs an API key with the "${scope}" scope; this key has "${strongest(key.scopes) ?? 'none'}"`,
            );
          }
          caller = key.caller;
        } else {
          return unauthorized(c);
        }
      } else {
        const token = getCookie(c, SESSION_COOKIE);
        const session = token ? await resolver.session(token) : undefined;
        if (!session) return unauthorized(c);
        if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
          const presented = c.req.header(CSRF_HEADER);
          const stored = Buffer.from(session.csrfTokenHash, 'hex');
          if (!presented || stored.length !== 32 || !timingSafeEqual(digest(presented), stored)) {
            return errorResponse(c, 403, 'csrf', `send the session's CSRF token (from login or /api/v1/auth/me) as ${CSRF_HEADER}`);
          }
        }
        caller = session.caller;
      }
      if (ROLE_RANK[caller.role] < ROLE_RANK[role]) {
        return errorResponse(c, 403, 'forbidden', `this needs the ${role} role or above; you are ${caller.role === 'manager' ? 'a' : 'an'} ${caller.role}`);
      }
      c.set('caller', caller);
      await next();
    };
  };
}
