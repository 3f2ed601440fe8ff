import { describe, expect, it } from 'vitest';
import { HttpError } from './api-error.js';
import { decodeComponent, pathParams, queryParams, rawPath } from './decode.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, path: error.issues[0]?.path };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('decoding URLs', () => {
  it('decodes whole UTF-8 escapes and refuses malformed, overlong and surrogate ones and NUL, naming the parameter', () => {
    expect(decodeComponent('caf%C3%A9%20%F0%9F%8E%A5', 'q', 'query')).toBe('café 🎥');
    expect(decodeComponent('plain', 'q', 'query')).toBe('plain');
    for (const bad of ['%E0%A4%A', '%', '%zz', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%80', 'a%00b']) {
      const r = refusal(() => decodeComponent(bad, 'flowId', 'path'));
      expect(r, bad).toMatchObject({ status: 400, code: 'bad-encoding', path: ['flowId'] });
      expect(r.message, bad).toMatch(/^flowId \(in the path\) /);
    }
  });

  it('reads route parameters from the raw path, segment for segment', () => {
    const url = 'http://localhost/api/v1/flows/a%2Fb/versions/7?x=1#frag';
    expect(rawPath(url)).toBe('/api/v1/flows/a%2Fb/versions/7');
    expect(pathParams('/api/v1/flows/:flowId/versions/:version', url)).toEqual({ flowId: 'a/b', version: '7' });
    expect(refusal(() => pathParams('/api/v1/clips/:clipId', 'http://localhost/api/v1/clips/%E0%A4%A'))).toMatchObject({ status: 400, path: ['clipId'] });
  });

  it('reads a query as Hono does (+ is a space, the first of repeated keys wins) and refuses bad escapes naming the key', () => {
    expect({ ...queryParams('http://x/p?q=a+b%2Bc&q=second&flag&=skipped&e=#h') }).toEqual({ q: 'a b+c', flag: '', e: '' });
    expect(Object.keys(queryParams('http://x/p?__proto__=1'))).toEqual(['__proto__']);
    expect(refusal(() => queryParams('http://x/p?ok=1&from=%E0%A4%A'))).toMatchObject({ status: 400, path: ['from'], message: expect.stringMatching(/^from \(in the query\)/) });
    expect(refusal(() => queryParams('http://x/p?%FF=1'))).toMatchObject({ status: 400, path: ['%FF'] });
  });
});
