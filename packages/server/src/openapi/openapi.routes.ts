import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { notFound } from '../errors/service-error.js';
import { publicBaseUrl } from '../http/public-base-url.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { buildOpenApiDocument } from './openapi.js';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The few swagger-ui files the page uses, served from node_modules so the docs work offline. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Reelback API</title>
  <link rel="icon" type="image/png" href="/api/v1/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/v1/docs/assets/init.js"></script>
</body>
</html>
`;

// A file rather than an inline script, so a strict Content-Security-Policy can allow 'self' only.
const INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/**
 * The docs page runs only our own files: Swagger UI's bundle and init.js ('self'), its inline style attributes and
 * data: images, and fetches of the document ('self'). No page may frame it (clickjacking of "Try it out").
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const tag = 'Documentation';

/** `allRoutes` is read on first request, so the document includes these routes too. */
export function openApiRoutes(allRoutes: () => readonly ApiRoute[], version: string, publicUrl: string | null = null): ApiRoute[] {
  // The document names the server it was asked at; one server almost always is asked at one origin, so the last
  // one's text is kept (a Host header that changes on every request only costs a rebuild each time).
  let document: { base: string; text: string } | undefined;
  const assetCache = new Map<string, Buffer>();
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This API as an OpenAPI 3.1 document',
      tag,
      access: 'public',
      responses: { 200: { description: 'The OpenAPI document', contentType: 'application/json' } },
      handler: ({ c }) => {
        const base = publicBaseUrl(publicUrl, c);
        if (document?.base !== base) document = { base, text: JSON.stringify(buildOpenApiDocument(allRoutes(), version, base)) };
        return c.body(document.text, 200, { 'Content-Type': 'application/json; charset=utf-8' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/docs',
      operationId: 'getDocsPage',
      summary: 'Browsable API documentation (Swagger UI)',
      tag,
      access: 'public',
      responses: { 200: { description: 'The docs page', contentType: 'text/html' } },
      handler: ({ c }) => {
        c.header('Content-Security-Policy', DOCS_CSP);
        // For browsers without frame-ancestors.
        c.header('X-Frame-Options', 'DENY');
        return c.html(DOCS_HTML);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/docs/assets/:file',
      operationId: 'getDocsAsset',
      summary: "A file of the docs page's Swagger UI",
      tag,
      access: 'public',
      params: z.object({ file: z.string() }),
      responses: {
        200: { description: 'The file', contentType: 'application/octet-stream' },
        404: { description: 'No such file' },
      },
      handler: async ({ params, c }) => {
        c.header('Cache-Control', 'public, max-age=3600');
        if (params.file === 'init.js') return c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        const type = Object.hasOwn(ASSETS, params.file) ? ASSETS[params.file] : undefined;
        if (!type) throw notFound('not-found', `there is no docs asset "${params.file}"`);
        let content = assetCache.get(params.file);
        if (!content) {
          content = await readFile(join(swaggerDir, params.file));
          assetCache.set(params.file, content);
        }
        return c.body(new Uint8Array(content), 200, { 'Content-Type': type });
      },
    }),
  ];
}
