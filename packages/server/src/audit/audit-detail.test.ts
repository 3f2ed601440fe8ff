import { describe, expect, it } from 'vitest';
import { REDACTED, safeDetail, urlOrigin } from './audit-detail.js';

describe('what an audit entry keeps of a detail', () => {
  it('never keeps the value of a field named like a credential, at any depth', () => {
    const detail = safeDetail({
      kind: 'github',
      token: 'ghp_live',
      nested: { apiToken: 'x', apiKey: 'y', api_key: 'z', password: 'p', clientSecret: 's', signature: 'v1,abc', key: 'k', keyName: 'fine' },
      list: [{ secret: 'whsec_1' }],
    });
    expect(detail).toEqual({
      kind: 'github',
      token: REDACTED,
      nested: { apiToken: REDACTED, apiKey: REDACTED, api_key: REDACTED, password: REDACTED, clientSecret: REDACTED, signature: REDACTED, key: REDACTED, keyName: 'fine' },
      list: [{ secret: REDACTED }],
    });
    expect(JSON.stringify(detail)).not.toMatch(/ghp_live|whsec_1|v1,abc/);
  });

  it('keeps JSON values only, cuts long text, and keeps only field names when the whole is too big', () => {
    expect(safeDetail({ n: 3, b: false, none: undefined, nan: Number.NaN, at: null, long: 'x'.repeat(400) })).toEqual({ n: 3, b: false, nan: null, at: null, long: `${'x'.repeat(300)}…` });
    const big = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, 'y'.repeat(250)]));
    expect(safeDetail(big)).toEqual({ truncated: true, fields: Object.keys(big) });
    expect(safeDetail({ deep: { a: { b: { c: { d: 1 } } } } })).toEqual({ deep: { a: { b: { c: '…' } } } });
  });

  it('keeps a URL as its origin only: paths and queries may hold a receiver\'s token', () => {
    expect(urlOrigin('https://hooks.slack.com/services/T0/B0/secret?x=1')).toBe('https://hooks.slack.com');
    expect(urlOrigin('http://example.org:8080/a')).toBe('http://example.org:8080');
    expect(urlOrigin('not a url')).toBe('(not a URL)');
    expect(urlOrigin('mailto:someone@example.org')).toBe('(not a web address)');
  });
});
