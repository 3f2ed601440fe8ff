import { EventBatchRequest, FlowBundleImportResult, PublishedFlow } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { requiredRole } from '../http/owner-auth.js';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { DOCS_CSP } from './openapi.routes.js';
import { openApiPath } from './openapi.js';

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  info: { license?: { name: string } };
  servers?: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const strip = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
};

describe.each(storageFactories)('OpenAPI document and docs page on $name', (factory) => {
  const t = useTestApp(factory);

  async function document(): Promise<Document> {
    const res = await t.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return res.json();
  }

  it('describes every registered API route, and only those', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    const headPaths = new Set(t.reelback.routes.filter((r) => r.method === 'head').map((r) => `get ${openApiPath(r.path)}`));
    const registered = t.reelback.app.routes
      .filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS')
      .filter((r) => r.path.startsWith('/api/') || r.path === '/healthz' || r.path === '/readyz')
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`)
      // HEAD routes are registered with Hono as GET (it routes HEAD there) and answer HEAD only.
      .map((key) => (headPaths.has(key) ? key.replace(/^get /, 'head ') : key));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    // A floor, so that a broken route listing (none found) cannot pass; the equality below is the check.
    expect(new Set(registered).size).toBeGreaterThanOrEqual(49);
    expect([...new Set(registered)].sort()).toEqual(documented.sort());
  });

  it('marks owner routes as secured and public ones as open', async () => {
    const doc = await document();
    for (const route of t.reelback.routes) {
      const op = doc.paths[openApiPath(route.path)]?.[route.method];
      expect(op?.operationId).toBe(route.operationId);
      if (route.access === 'owner') {
        expect(op?.security).toEqual([{ ownerKey: [] }, { session: [] }]);
        expect(op?.responses['401']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/ApiError' });
        expect(op?.responses['403']).toBeDefined();
        expect((op as unknown as Record<string, unknown>)['x-min-role']).toBe(requiredRole(route));
      } else {
        expect(op?.security).toEqual([]);
        // Login answers 401 for wrong credentials; no other public route does.
        if (!route.responses[401]) expect(op?.responses['401']).toBeUndefined();
      }
      expect(Object.keys(op?.responses ?? {})).toContain('500');
    }
    expect(doc.components.securitySchemes).toEqual({
      ownerKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'reelback_session' }),
    });
  });

  it('takes request and response schemas from the shared zod vocabulary', async () => {
    const doc = await document();
    const ingest = doc.paths['/api/v1/events']!.post!;
    expect(Object.keys(ingest.requestBody!.content)).toEqual(['application/json', 'text/plain']);
    expect(ingest.requestBody!.content['application/json']!.schema).toEqual(strip(EventBatchRequest, 'input'));
    expect(Object.keys(ingest.responses)).toEqual(['202', '400', '404', '413', '415', '422', '500']);

    const published = doc.paths['/api/v1/flows/{flowId}/published']!.get!;
    expect(published.responses['200']!.content!['application/json']!.schema).toEqual(strip(PublishedFlow, 'output'));
    expect(published.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['flowId', 'path', true],
      ['version', 'query', false],
    ]);

    // A body that is not JSON (a flow bundle) is described as bytes of its types; so is a response that is an archive.
    const bundleImport = doc.paths['/api/v1/flows/bundle']!.post!;
    expect(bundleImport.requestBody!.content).toEqual({ 'application/x-tar': { schema: { type: 'string', format: 'binary' } }, 'application/gzip': { schema: { type: 'string', format: 'binary' } } });
    expect(bundleImport.responses['201']!.content!['application/json']!.schema).toEqual(strip(FlowBundleImportResult, 'output'));
    expect(Object.keys(doc.paths['/api/v1/flows/{flowId}/bundle']!.get!.responses['200']!.content!)).toEqual(['application/x-tar']);

    const list = doc.paths['/api/v1/sessions']!.get!;
    expect(list.parameters.find((p) => p.name === 'limit')).toEqual({
      name: 'limit',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    });
  });

  it("passes redocly's recommended lint, with a 4XX on every operation, described tags, servers and a licence", async () => {
    // Asked at a real host name (redocly warns about localhost and example.com servers).
    const res = await t.reelback.app.request('https://reelback.acme.test/api/v1/openapi.json');
    const source = await res.text();
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
    // Tolerated until the project chooses a licence: info.license can then carry its SPDX identifier (API_LICENSE).
    const tolerated = new Set(['info-license-strict']);
    const found = problems
      .filter((p) => !tolerated.has(p.ruleId))
      .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(found).toEqual([]);

    // The same points checked by hand, so that a change of redocly's ruleset cannot drop one unseen.
    const doc = JSON.parse(source) as Document;
    expect(doc.servers).toEqual([{ url: 'https://reelback.acme.test', description: expect.any(String) }]);
    expect(doc.info.license?.name).toBeTruthy();
    expect(doc.tags.filter((tag) => !tag.description)).toEqual([]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).some((status) => status.startsWith('4')), `${method} ${path} has a 4XX`).toBe(true);
      }
    }
    const answersByKind = (doc.paths['/api/v1/flows/{flowId}/analytics']!.get!.responses['200']!.content!['application/json']!.schema as {
      properties: { answersByKind: { required: string[]; properties: Record<string, unknown> } };
    }).properties.answersByKind;
    expect(Object.keys(answersByKind.properties).sort()).toEqual([...answersByKind.required].sort());
    expect(answersByKind.required.length).toBeGreaterThan(3);
  });

  it('names the server it was asked at', async () => {
    const res = await t.reelback.app.request('https://feedback.example.com/api/v1/openapi.json');
    expect(((await res.json()) as Document).servers).toEqual([{ url: 'https://feedback.example.com', description: expect.any(String) }]);
  });

  it('forbids framing the docs page and lets it run only its own files', async () => {
    const page = await t.request('GET', '/api/v1/docs');
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(DOCS_CSP).toContain("frame-ancestors 'none'");
    expect(DOCS_CSP).toContain("script-src 'self';");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // No inline script: 'self' must be enough (Swagger UI's start is init.js). Checked in headless Chromium too:
    // the page renders every operation with no CSP violation (see docs/api.md).
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves a docs page that needs nothing from another site', async () => {
    const page = await t.request('GET', '/api/v1/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual([
      '/api/v1/docs/assets/favicon-32x32.png',
      '/api/v1/docs/assets/swagger-ui.css',
      '/api/v1/docs/assets/swagger-ui-bundle.js',
      '/api/v1/docs/assets/init.js',
    ]);
    const types = await Promise.all(
      assets.map(async (path) => {
        const res = await t.request('GET', path);
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(50);
        return [res.status, res.headers.get('content-type')];
      }),
    );
    expect(types).toEqual([
      [200, 'image/png'],
      [200, 'text/css; charset=utf-8'],
      [200, 'text/javascript; charset=utf-8'],
      [200, 'text/javascript; charset=utf-8'],
    ]);
    const missing = await t.request('GET', '/api/v1/docs/assets/package.json');
    expect(missing.status).toBe(404);
  });
});
