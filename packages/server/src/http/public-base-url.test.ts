import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { publicBaseUrl } from './public-base-url.js';

describe('publicBaseUrl', () => {
  const base = async (configured: string | null) => {
    const app = new Hono().get('/x', (c) => c.text(publicBaseUrl(configured, c)));
    return (await app.request('http://10.0.0.7:8787/x?y=1')).text();
  };

  it('is REELBACK_PUBLIC_URL when set, else the origin the request came to', async () => {
    expect(await base('https://feedback.acme.example/reelback')).toBe('https://feedback.acme.example/reelback');
    expect(await base(null)).toBe('http://10.0.0.7:8787');
  });
});
