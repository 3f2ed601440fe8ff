import type { Context, Hono, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type * as z from 'zod';
import { allowAnyOrigin } from './allow-any-origin.js';
import { pathParams, queryParams } from './decode.js';
import type { Role } from '../ports/caller.js';
import type { CallerResolver } from '../ports/caller.js';
import { ownerAuth } from './owner-auth.js';
import { parseOrThrow, readJsonBody } from './read-body.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';

export interface ResponseSpec {
  description: string;
  /** JSON body; omit for bodies that are not JSON (see `contentType`) or empty. */
  schema?: z.ZodType;
  contentType?: string;
}

export interface BodySpec<B extends z.ZodType> {
  schema: B;
  description?: string;
  /** Media types parsed as JSON besides `application/json`. */
  alsoAccept?: readonly string[];
}

/** What the OpenAPI document describes about a route, with its schemas' types erased. */
export interface RouteMeta {
  method: Method;
  /** Hono syntax: `/api/v1/flows/:flowId`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * Public routes need no credentials (widgets on other sites call them); owner routes need the admin key, an API
   * key or a cookie session (see `ownerAuth`).
   */
  access: 'public' | 'owner';
  /**
   * Owner routes: the weakest role allowed. Default: `manager` for GET/HEAD, `owner` for other methods
   * (`requiredRole` in owner-auth.ts).
   */
  minRole?: Role;
  /**
   * `self`: the handler answers CORS preflights (OPTIONS) and sets CORS headers itself, as a protocol
   * server mounted inside a route does (tus). `same-origin`: a public route that other sites must not call from
   * scripts (login: no CORS headers at all). Otherwise public routes answer any origin.
   */
  cors?: 'self' | 'same-origin';
  params?: z.ZodType;
  query?: z.ZodType;
  body?: BodySpec<z.ZodType>;
  /** A body that is not JSON (an archive): the handler reads it as a stream; this describes it for OpenAPI. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  responses: Record<number, ResponseSpec>;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> extends RouteMeta {
  params?: P;
  query?: Q;
  body?: BodySpec<B>;
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; c: Context }) => Response | Promise<Response>;
}

/** A route as the app registers it: its description and a handler that checks input first. */
export interface ApiRoute extends RouteMeta {
  handle: (c: Context, limits: { maxJsonBytes: number }) => Promise<Response>;
}

/** Binds a route's handler to its schemas: the handler only ever sees checked input. */
export function defineRoute<
  P extends z.ZodType = z.ZodType<undefined>,
  Q extends z.ZodType = z.ZodType<undefined>,
  B extends z.ZodType = z.ZodType<undefined>,
>(spec: RouteSpec<P, Q, B>): ApiRoute {
  const { handler, ...meta } = spec;
  return {
    ...meta,
    handle: async (c, limits) => {
      // Decoded here rather than by Hono, whose decoding lets a malformed escape through as literal text; a query
      // the route does not read is checked all the same, so every route answers a malformed URL alike (400).
      const rawParams = pathParams(meta.path, c.req.url);
      const rawQuery = queryParams(c.req.url);
      const params = (spec.params ? parseOrThrow(spec.params, rawParams, 'path', []) : undefined) as z.output<P>;
      const query = (spec.query ? parseOrThrow(spec.query, rawQuery, 'query', []) : undefined) as z.output<Q>;
      const body = (spec.body ? await readJsonBody(c, spec.body.schema, limits.maxJsonBytes, spec.body.alsoAccept) : undefined) as z.output<B>;
      return handler({ params, query, body, c });
    },
  };
}

export interface RegisterOptions {
  adminKey: string;
  /** Sessions and API keys; without it owner routes take the admin key only. */
  callers?: CallerResolver;
  maxJsonBytes: number;
}

function methodNotAllowed(c: Context): Response {
  return c.json({ error: { code: 'method-not-allowed', message: `${c.req.method} is not allowed here` } }, 405);
}

/** The one place routes are mounted, so every route gets the same CORS, auth and body size rules. */
export function registerRoutes(app: Hono, routes: readonly ApiRoute[], options: RegisterOptions): void {
  const auth = ownerAuth(options.adminKey, options.callers);

  const publicMethods = new Map<string, Set<string>>();
  for (const route of routes) {
    if (route.access !== 'public' || route.cors !== undefined) continue;
    const methods = publicMethods.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    publicMethods.set(route.path, methods);
  }
  // Any site may embed the widget, so public routes answer every origin; no cookies are involved.
  // Preflights get hono's cors middleware; actual requests only need the one header (allowAnyOrigin).
  for (const [path, methods] of publicMethods) {
    app.options(path, cors({ origin: '*', allowMethods: [...methods], allowHeaders: ['Content-Type'], maxAge: 86400 }));
  }

  const limits = { maxJsonBytes: options.maxJsonBytes };
  const selfPreflight = new Set<string>();
  for (const route of routes) {
    const chain: MiddlewareHandler[] = [];
    if (route.access === 'public' && route.cors === undefined) chain.push(allowAnyOrigin);
    if (route.access === 'owner') chain.push(auth(route));
    if (route.cors === 'self' && !selfPreflight.has(route.path)) {
      selfPreflight.add(route.path);
      app.options(route.path, (c) => route.handle(c, limits));
    }
    if (route.method === 'head') {
      // Hono routes HEAD to GET handlers (and drops the body): register as GET, serve HEAD only.
      app.on(['GET'], [route.path], ...chain, (c) => (c.req.method === 'HEAD' ? route.handle(c, limits) : methodNotAllowed(c)));
      continue;
    }
    app.on([route.method.toUpperCase()], [route.path], ...chain, (c) => route.handle(c, limits));
  }
}

