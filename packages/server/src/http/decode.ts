import { HttpError } from './api-error.js';

/**
 * The one place a URL's percent-encoding is decoded (route parameters, query strings, tus upload URLs, static
 * files). A malformed escape (`%E0%A4%A`, an overlong or surrogate sequence) or a NUL is the client's mistake: a 400
 * naming the parameter, never a URIError turned 500, and never a half-decoded value passed on as if it were text
 * (Hono's own decoding keeps malformed escapes as they are). NUL is refused because no parameter needs it and
 * PostgreSQL refuses it in text (a 500 from deep in a query).
 */
export function decodeComponent(raw: string, name: string, where: 'path' | 'query'): string {
  let decoded = raw;
  if (raw.includes('%')) {
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw badEncoding(name, where, 'is not valid percent-encoding: each % must begin an escape of whole UTF-8 characters');
    }
  }
  if (decoded.includes('\0')) throw badEncoding(name, where, 'contains a NUL character (%00)');
  return decoded;
}

function badEncoding(name: string, where: 'path' | 'query', problem: string): HttpError {
  const label = `${name} (in the ${where})`;
  return new HttpError(400, 'bad-encoding', `${label} ${problem}`, [{ path: [name], message: problem }]);
}

/** The path of a URL as sent (still percent-encoded), as Hono finds it: from the first `/` after the scheme. */
export function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf(':') + 3);
  if (start === -1) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

/**
 * The parameters of a route pattern (`/api/v1/flows/:flowId`), decoded from the request URL. Hono matched the
 * pattern segment by segment on the path decoded with `decodeURI`, which leaves `%2F` alone, so the raw path has
 * the pattern's segments one for one.
 */
export function pathParams(pattern: string, url: string): Record<string, string> {
  const names = pattern.split('/');
  const values = rawPath(url).split('/');
  const params: Record<string, string> = {};
  names.forEach((segment, i) => {
    if (!segment.startsWith(':')) return;
    const name = segment.slice(1).replace(/\{.*\}$/, '').replace(/\?$/, '');
    const value = values[i];
    if (value !== undefined) params[name] = decodeComponent(value, name, 'path');
  });
  return params;
}

/**
 * A query string as a record, as Hono's `c.req.query()` reads it (`+` is a space, the first of repeated keys
 * wins, empty keys are skipped), but with every key and value decoded by `decodeComponent`.
 */
export function queryParams(url: string): Record<string, string> {
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const question = withoutHash.indexOf('?');
  // No prototype: a `__proto__` key is a key like any other (and a strict schema names it).
  const query = Object.create(null) as Record<string, string>;
  if (question === -1) return query;
  for (const pair of withoutHash.slice(question + 1).split('&')) {
    const equals = pair.indexOf('=');
    const rawKey = (equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ');
    const rawValue = (equals === -1 ? '' : pair.slice(equals + 1)).replace(/\+/g, ' ');
    const key = decodeComponent(rawKey, rawKey.slice(0, 40), 'query');
    if (key === '') continue;
    const value = decodeComponent(rawValue, key, 'query');
    if (!Object.hasOwn(query, key)) query[key] = value;
  }
  return query;
}
