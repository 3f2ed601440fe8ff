import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';

const root = await mkdtemp(join(tmpdir(), 'reelback-nosniff-'));
const widgetDist = join(root, 'widget');
const demoDir = join(root, 'demo');
const dashboardDist = join(root, 'dashboard');
await mkdir(widgetDist, { recursive: true });
await mkdir(join(demoDir, 'media'), { recursive: true });
await mkdir(dashboardDist, { recursive: true });
await writeFile(join(widgetDist, 'embed.js'), 'export {};\n');
await writeFile(join(demoDir, 'index.html'), '<!doctype html><title>Demo</title>');
await writeFile(join(demoDir, 'media', 'welcome.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n');
await writeFile(join(dashboardDist, 'index.html'), '<!doctype html><title>Reelback</title>');
afterAll(() => rm(root, { recursive: true, force: true }));

// Headers do not depend on the storage engine: SQLite alone.
const sqlite = storageFactories.filter((f) => f.name === 'sqlite');

describe.each(sqlite)('X-Content-Type-Options on $name', (factory) => {
  const t = useTestApp(factory, { staticPaths: { widgetDist, demoDir, dashboardDist } });

  it('is nosniff on the answer of every route of the route table, with and without credentials', async () => {
    const missing: string[] = [];
    for (const route of t.reelback.routes) {
      // Any value fills a path parameter: a 400, 404 or 401 answer must carry the header as much as a 200.
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '01900000-0000-7000-8000-000000000000');
      for (const owner of [false, true]) {
        const res = await t.request(route.method.toUpperCase(), path, { owner, ...(route.body ? { body: {} } : {}) });
        // Event streams never end: only the headers are wanted.
        await res.body?.cancel();
        if (res.headers.get('x-content-type-options') !== 'nosniff') missing.push(`${route.method.toUpperCase()} ${path} (${owner ? 'admin key' : 'anonymous'}) → ${res.status}`);
      }
    }
    expect(missing).toEqual([]);
    expect(t.reelback.routes.length).toBeGreaterThan(50);
  });

  it.each([
    ['/demo/media/welcome.vtt', 200, 'text/vtt'],
    ['/demo/', 200, 'text/html'],
    ['/embed.js', 200, 'text/javascript'],
    ['/app/', 200, 'text/html'],
    ['/', 302, null],
    ['/no/such/path', 404, 'application/json'],
    ['/api/v1/openapi.json', 200, 'application/json'],
  ])('is nosniff on %s too', async (path, status, type) => {
    const res = await t.request('GET', path);
    await res.arrayBuffer();
    expect(res.status).toBe(status);
    if (type) expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
