import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';

const root = await mkdtemp(join(tmpdir(), 'reelback-login-flood-'));
const widgetDist = join(root, 'widget');
const demoDir = join(root, 'demo');
await mkdir(widgetDist, { recursive: true });
await mkdir(join(demoDir, 'media'), { recursive: true });
await writeFile(join(widgetDist, 'reelback-flow.js'), 'export {};\n');
await writeFile(join(demoDir, 'media', 'welcome.jpg'), Buffer.alloc(20_000, 1));
afterAll(() => rm(root, { recursive: true, force: true }));

// The flood is about threads, not storage: one engine is enough (SQLite, the `npm start` default the review used).
const sqlite = storageFactories.filter((f) => f.name === 'sqlite');

describe.each(sqlite)('a login flood from one address on $name', (factory) => {
  const t = useTestApp(factory, { staticPaths: { widgetDist, demoDir } });

  // 40 scrypt hashes (32 MiB and ~100 ms of a core each): seconds when quiet, over 60 s seen under stress-ng --cpu 2
  // with other suites running. The limit catches a hang; what the test checks (files served first) holds either way.
  it('leaves files served while 40 logins hash, and answers the 41st with 429', { timeout: 240_000 }, async () => {
    const address = '203.0.113.7';
    let finished = 0;
    const attempt = (email: string) => t.request('POST', '/api/v1/auth/login', { body: { email, password: 'a guess of a password' }, address });
    const logins = Array.from({ length: 40 }, async (_, i) => {
      const res = await attempt(`new-${i}@example.org`);
      finished++;
      return res;
    });
    // Each request is read in order; give the logins a start, so the files are asked for behind all 40 of them.
    await new Promise((resolve) => setImmediate(resolve));
    const served: Record<string, number> = {};
    const file = async (path: string) => {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
      served[path] = finished;
    };
    await Promise.all([file('/widget/reelback-flow.js'), file('/demo/media/welcome.jpg')]);
    const answers = await Promise.all(logins);

    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(401));
    // On libuv's threadpool (scrypt's old home) the file reads queued behind the hashes: they came after 37+ logins.
    expect(served, 'logins finished before each file was served').toEqual({ '/widget/reelback-flow.js': expect.any(Number), '/demo/media/welcome.jpg': expect.any(Number) });
    for (const [path, before] of Object.entries(served)) expect(before, `${path} waited for ${before} of 40 logins`).toBeLessThan(10);

    const over = await attempt('new-41@example.org');
    expect(over.status).toBe(429);
    expect((await over.json()) as unknown).toMatchObject({ error: { code: 'too-many-logins' } });
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);

    // Another address still has its budget.
    const other = await t.request('POST', '/api/v1/auth/login', { body: { email: 'new-42@example.org', password: 'a guess of a password' }, address: '198.51.100.4' });
    expect(other.status).toBe(401);
  });
});
