import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { perKeyLimit } from './per-key-limit.js';

describe('perKeyLimit', () => {
  it('answers 429 with Retry-After past the limit of a key, readable by the page on another origin that asked', async () => {
    const limit = perKeyLimit({ limit: 2, windowMs: 60_000, what: 'upload requests for this clip' });
    const app = new Hono().all('/:key', (c) => limit.run(c, c.req.param('key'), async () => new Response('ok')));
    const call = (key: string) => app.request(`/${key}`, { headers: { origin: 'https://customer.example' } });
    expect([(await call('a')).status, (await call('a')).status]).toEqual([200, 200]);
    const refused = await call('a');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://customer.example');
    expect(refused.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'rate-limited',
      message: expect.stringContaining('at most 2 per 60 s'),
    });
    // Another key has its own budget.
    expect((await call('b')).status).toBe(200);
  });
});
