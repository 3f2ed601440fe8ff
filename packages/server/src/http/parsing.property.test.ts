import { uuidv7 } from '@reelback/shared';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { branchingFlow, eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import type { ApiRoute } from './route.js';

/**
 * Issue #11: path and query parsing never answers 5xx. Every route of the route table (and the static mounts) gets
 * path segments and query values with random percent-encodings — valid UTF-8, malformed and truncated escapes,
 * overlong forms, encoded surrogates, %00, raw Unicode — and random dates (years 0000–9999, months 00–13, days 00–32,
 * odd offsets) and forged paging cursors, as the admin key (a workspace in America/Santiago), as a cookie session
 * of a workspace in Pacific/Chatham (+12:45/+13:45) and anonymously. Real ids are mixed in so requests also get past
 * the lookups.
 * Bounded runs with a fixed seed (REELBACK_PROPERTY_SEED to replay another); a failure prints the request.
 */
const SEED = Number(process.env.REELBACK_PROPERTY_SEED ?? 20_261_207);
const RUNS_PER_ROUTE = Number(process.env.REELBACK_PROPERTY_RUNS ?? 6);

/** Query keys some route reads. */
const KNOWN_KEYS = ['from', 'to', 'flowId', 'q', 'cursor', 'limit', 'version', 'interval', 'format', 'prefix', 'tag', 'status', 'kind', 'starred', 'stepId', 'links', 'expires', 'signature', 'device', 'referrer', 'utmSource', 'embedMode'];

/** The keys of a route's own query schema (when it is a plain object schema). */
function ownKeys(route: ApiRoute): string[] {
  const shape = (route.query as (z.ZodType & { shape?: Record<string, unknown> }) | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

const hex = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`);
const MALFORMED = ['%', '%2', '%zz', '%E0%A4%A', '%C0%AF', '%E0%80%AF', '%ED%A0%80', '%ED%BF%BF', '%F4%90%80%80', '%80', '%FF', '%00', 'a%00b', '%25', '%2F', '%2e%2e', '%3F', '%23'];
/** Unicode text as a browser would send it (URL-encoded by the Request), without the characters that end a segment. */
const rawText = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/[/?#%\\]/g, ''));
const encodedText = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '')); // a lone surrogate cannot be encoded
  }
});
const escapes = fc.array(fc.oneof(hex, fc.constantFrom(...MALFORMED), fc.constantFrom('a', '-', '_', '.', '~', '0')), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
// Mostly real calendar dates, often at the edges (year 0000, which PostgreSQL has not; 0001–0120, which Date.UTC
// misreads; 9999), and any year 0000–9999.
const year = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 99, 100, 1969, 1970, 9999) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1960, max: 2100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }) },
);
const date = fc
  .record({
    y: year,
    m: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 13 }) }),
    d: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 32 }) }),
  })
  .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
const rawDateTime = fc
  .record({
    day: date,
    h: fc.integer({ min: 0, max: 25 }),
    min: fc.integer({ min: 0, max: 60 }),
    zone: fc.oneof(fc.constant('Z'), fc.record({ sign: fc.constantFrom('+', '-'), h: fc.integer({ min: 0, max: 25 }), m: fc.integer({ min: 0, max: 59 }) }).map((o) => `${o.sign}${pad(o.h)}:${pad(o.m)}`)),
  })
  .map(({ day, h, min, zone }) => `${day}T${pad(h)}:${pad(min)}:00${zone}`);
const dateTime = rawDateTime.map(encodeURIComponent);
/** A well-formed UTC instant (`…Z`, what cursors hold) of an edge year. */
const edgeInstant = fc
  .record({ y: fc.constantFrom(0, 1, 2026, 9999), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }) })
  .map(({ y, m, d, h }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:00:00.000Z`);
/** A paging cursor as the server makes them (base64url JSON of a time and an id), with any time and id in it. */
const forgedCursor = fc
  .tuple(
    fc.oneof({ weight: 2, arbitrary: edgeInstant }, rawDateTime, fc.string({ unit: 'binary', maxLength: 30 })),
    fc.oneof(fc.constant('01900000-0000-7000-8000-000000000000'), fc.string({ unit: 'binary', maxLength: 8 })),
  )
  .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url'));
const timeZones = ['UTC', 'America/Santiago', 'Pacific/Chatham', 'Asia/Kathmandu', 'Mars/Olympus', '..%2F..%2Fetc%2Fpasswd'];

/** A query value: a date, a zone name, or any of the encodings. */
const queryValue = fc.oneof(date, dateTime, fc.constantFrom(...timeZones), escapes, encodedText, rawText, fc.constantFrom('1', '0', '-1', 'true', 'day', 'hour', 'csv', 'ndjson', ''));
/** A value for a date parameter: mostly dates. */
const dateValue = fc.oneof({ weight: 3, arbitrary: date }, { weight: 2, arbitrary: dateTime }, { weight: 1, arbitrary: queryValue });
const DATE_KEYS = new Set(['from', 'to']);
const cursorValue = fc.oneof({ weight: 3, arbitrary: forgedCursor }, { weight: 1, arbitrary: queryValue });

describe.each(storageFactories)('path and query parsing on $name', (factory) => {
  const t = useTestApp(factory);
  /** Real ids per path parameter name, so some requests get past the lookups. */
  const ids: Record<string, string[]> = {};
  let cookie: { cookie: string; csrf: string };

  beforeAll(async () => {
    const call = async (method: string, path: string, init: Parameters<typeof t.request>[2] = {}, expected = [200, 201]) => {
      const res = await t.request(method, path, init);
      expect(expected, `${method} ${path} → ${await res.clone().text()}`).toContain(res.status);
      return res;
    };
    const account = { email: 'prop@example.org', name: 'Prop', password: 'a long enough password' };
    await call('POST', '/api/v1/auth/bootstrap', { owner: true, body: { workspaceName: 'Santiago', timeZone: 'America/Santiago', ...account } });
    const login = await call('POST', '/api/v1/auth/login', { body: { email: account.email, password: account.password } });
    const first = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
    const made = await call('POST', '/api/v1/workspaces', { headers: { cookie: first.cookie, 'x-csrf-token': first.csrf }, body: { name: 'Chatham', timeZone: 'Pacific/Chatham' } });
    const workspaceId = ((await made.json()) as { id: string }).id;
    const switched = await call('POST', '/api/v1/auth/login', { body: { email: account.email, password: account.password, workspaceId } });
    cookie = { cookie: switched.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await switched.json()) as { csrfToken: string }).csrfToken };

    const flowId = uniqueFlowId('prop');
    await call('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: branchingFlow } });
    await call('POST', `/api/v1/flows/${flowId}/versions`, { owner: true });
    const chathamFlow = uniqueFlowId('prop-chatham');
    await call('POST', '/api/v1/flows', { headers: { cookie: cookie.cookie, 'x-csrf-token': cookie.csrf }, body: { id: chathamFlow, definition: branchingFlow } });
    await call('POST', `/api/v1/flows/${chathamFlow}/versions`, { headers: { cookie: cookie.cookie, 'x-csrf-token': cookie.csrf } });
    const sessionId = uuidv7();
    await call('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } });
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    await call('POST', '/api/v1/events', { body: { events: [e.started(), e.viewed('start')] } }, [202]);
    const ticket = await call('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'contact', kind: 'video' } }, [201, 422]);
    const clipId = ticket.status === 201 ? ((await ticket.json()) as { clipId: string }).clipId : 'clp_nosuchclip000000000000';
    Object.assign(ids, {
      flowId: [flowId, chathamFlow],
      version: ['1'],
      sessionId: [sessionId],
      clipId: [clipId],
      rendition: ['video', 'poster', 'wav'],
      answerId: [uuidv7()],
      dir: ['media', 'chunks', 'ffmpeg'],
      file: ['swagger-ui.css', 'init.js'],
    });
  });

  /** A path for the route: each `:param` a real id or any of the encodings. */
  const pathFor = (route: ApiRoute) => {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const segment = (name: string) =>
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(ids[name] ?? ['x'])) }, escapes, encodedText, rawText, date);
    return fc.tuple(...names.map(segment)).map((values) => {
      let i = 0;
      return route.path.replace(/:(\w+)/g, () => values[i++]!);
    });
  };

  /**
   * A query: each of the route's own parameters or not (dates mostly dates, flowId often a real one), or its date
   * parameters alone; then up to two pairs of any key and value. The first of repeated keys is the one read.
   */
  const queryFor = (route: ApiRoute) => {
    const realOr = (name: string, other: fc.Arbitrary<string>) => fc.oneof(fc.constantFrom(...(ids[name] ?? ['x'])), other);
    const valueFor = (key: string) =>
      DATE_KEYS.has(key) ? dateValue : key === 'cursor' ? cursorValue : key === 'flowId' ? realOr('flowId', queryValue) : queryValue;
    const keys = ownKeys(route);
    const any = fc.record(Object.fromEntries(keys.map((key) => [key, valueFor(key)])), { requiredKeys: [] });
    // Any other parameter at random is most often a 400 before the dates are read: half the time, dates (and the
    // cursor) alone.
    const dates = keys.filter((key) => DATE_KEYS.has(key) || key === 'cursor');
    const own = dates.length === 0 ? any : fc.oneof(any, fc.record(Object.fromEntries(dates.map((key) => [key, valueFor(key)])), { requiredKeys: [] }));
    const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KNOWN_KEYS), escapes), queryValue), { maxLength: 2 });
    return fc.tuple(own, extra).map(([mine, more]) => {
      const pairs = [...Object.entries(mine), ...more];
      return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
    });
  };

  type Caller = 'admin' | 'cookie' | 'anonymous';
  const send = async (route: { method: string; operationId: string }, url: string, caller: Caller) => {
    const headers: Record<string, string> = { 'tus-resumable': '1.0.0' };
    if (caller === 'admin') headers.authorization = `Bearer ${ADMIN_KEY}`;
    if (caller === 'cookie') Object.assign(headers, { cookie: cookie.cookie, 'x-csrf-token': cookie.csrf });
    const method = route.method.toUpperCase();
    const res = await t.reelback.app.request(url, { method, headers });
    // Only a failure's body is read (an event stream's never ends).
    const text = res.status >= 500 ? await res.text() : '';
    if (res.status < 500) await res.body?.cancel();
    return { status: res.status, text };
  };

  it('answers a forged paging cursor with year 0000 or a NUL in its id with a 400 (PostgreSQL refused them: a 500)', async () => {
    for (const [at, id] of [['0000-06-01T00:00:00.000Z', '01900000-0000-7000-8000-000000000000'], ['2026-01-01T00:00:00.000Z', 'a\u0000b']]) {
      const cursor = Buffer.from(JSON.stringify([at, id])).toString('base64url');
      for (const path of ['/api/v1/answers', '/api/v1/sessions', '/api/v1/media-assets']) {
        const res = await t.request('GET', `${path}?cursor=${cursor}`, { owner: true });
        expect([res.status, ((await res.json()) as { error?: { code: string } }).error?.code], `${path} ${at} ${JSON.stringify(id)}`).toEqual([400, 'invalid-cursor']);
      }
    }
  });

  it('answers a NUL in a JSON body with a 400 naming where (PostgreSQL refused it: a 500)', async () => {
    const flow = await t.request('POST', '/api/v1/flows', { owner: true, body: { id: uniqueFlowId('nul'), definition: { ...branchingFlow, name: 'a\u0000b' } } });
    expect([flow.status, await flow.json()]).toMatchObject([400, { error: { code: 'invalid-json', issues: [{ path: ['definition', 'name'] }] } }]);
    const body = { flowId: ids.flowId![0], sessionId: uuidv7(), context: { embedMode: 'inline', referrer: 'https://a\u0000b.example/' } };
    const session = await t.request('POST', '/api/v1/sessions', { body });
    expect([session.status, ((await session.json()) as { error: { message: string } }).error.message]).toEqual([400, 'context.referrer: contains a NUL character (\\u0000), which no field takes']);
    // An escaped backslash before "u0000" is no NUL.
    const text = await t.request('POST', '/api/v1/flows', { owner: true, body: { id: uniqueFlowId('nul'), definition: { ...branchingFlow, name: 'a\\u0000b' } } });
    expect(text.status).toBe(201);
  });

  it('answers no route with a 5xx, whatever the path and query say (seed printed on failure)', async () => {
    // Ending the cookie session would leave the rest of the run without it.
    const routes = t.reelback.routes.filter((r) => !['logout', 'switchWorkspace'].includes(r.operationId));
    const statics = ['widget', 'app', 'demo'].map((mount) => ({ method: 'get', operationId: `static /${mount}`, path: `/${mount}/:dir/:file` }) as ApiRoute);
    let requests = 0;
    for (const route of [...routes, ...statics]) {
      const property = fc.asyncProperty(pathFor(route), queryFor(route), fc.constantFrom<Caller>('admin', 'admin', 'cookie', 'cookie', 'anonymous'), async (path, query, caller) => {
        const url = path + query;
        const { status, text } = await send(route, url, caller);
        requests++;
        if (status >= 500) {
          throw new Error(`${route.operationId}: ${route.method.toUpperCase()} ${url} as ${caller} → ${status} ${text}\n${t.errors.map(String).join('\n')}`);
        }
      });
      // Routes that read a query get more runs: there is more to combine.
      await fc.assert(property, { seed: SEED, numRuns: route.query ? RUNS_PER_ROUTE * 8 : RUNS_PER_ROUTE, endOnFailure: true });
    }
    console.info(`parsing property on ${factory.name}: ${requests} requests, seed ${SEED}`);
    expect(t.errors).toEqual([]);
  }, 120_000);
});
