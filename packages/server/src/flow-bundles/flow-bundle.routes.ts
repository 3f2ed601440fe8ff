import type { IncomingMessage } from 'node:http';
import { FlowBundleImportResult, FlowId } from '@reelback/shared';
import type { Context } from 'hono';
import * as z from 'zod';
import { HttpError } from '../http/api-error.js';
import type { Logger } from '../ports/logger.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { archiveStream } from './bundle-archive-writer.js';
import type { FlowBundleExporter } from './flow-bundle-export.service.js';
import type { FlowBundleImporter } from './flow-bundle-import.service.js';

const tag = 'Flows';

const LAYOUT =
  'A tar archive: `manifest.json` (format, format version, exported at/by, the flow\'s name, its draft and latest published ' +
  'definition — variables and theme are part of each definition), then for each library asset the definitions use ' +
  '`assets/<assetId>/asset.json` (name, kind, poster time, captions with their source, language and cues), its largest ' +
  'rendition as `source.mp4`, `source.m4a` or `source.jpg`, and the captions shown as `captions.vtt`. Schemas: ' +
  '`FlowBundleManifest` and `FlowBundleAsset` in @reelback/shared; docs/flow-bundles.md.';

/** The request body as it arrives: Node's own stream under @hono/node-server (no WHATWG copy), else the Request's. */
function bodyOf(c: Context): AsyncIterable<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // (Node's WHATWG streams are async-iterable; the DOM typings do not say so.)
  const source = (incoming?.readable ? incoming : c.req.raw.body) as AsyncIterable<Uint8Array> | null;
  return source ?? (async function* () {})();
}

export interface FlowBundleRouteDeps {
  exporter: FlowBundleExporter;
  importer: FlowBundleImporter;
  logError: Logger;
}

/** A flow's export as a bundle with its media, and the import of one as a new flow. */
export function flowBundleRoutes({ exporter, importer, logError }: FlowBundleRouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/bundle',
      operationId: 'exportFlowBundle',
      summary: 'Export a flow with the media library assets it uses, as a tar archive another workspace or server imports',
      description:
        `${LAYOUT} Streamed as it is read (a large video never sits in memory); \`Content-Length\` is exact, so a ` +
        'download cut short shows. Managers may export too.',
      tag,
      access: 'owner',
      params: z.object({ flowId: FlowId }),
      responses: {
        200: { description: 'The bundle (`application/x-tar`)', contentType: 'application/x-tar' },
        404: { description: 'No such flow in this workspace' },
        409: { description: 'A media asset the flow uses is missing or not ready (`bundle-media-unavailable`, each named in `issues`)' },
      },
      handler: async ({ params, c }) => {
        const bundle = await exporter.prepare(scopeOf(c), c.var.caller, params.flowId);
        const body = archiveStream(bundle.members, bundle.exportedAt, (error) => logError(`flow bundle export of ${params.flowId} failed while streaming`, error));
        return c.body(body, 200, {
          'Content-Type': 'application/x-tar',
          'Content-Disposition': `attachment; filename="${bundle.filename}"`,
          ...(bundle.sizeBytes !== null ? { 'Content-Length': String(bundle.sizeBytes) } : {}),
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/bundle',
      operationId: 'importFlowBundle',
      summary: 'Import a flow bundle as a new flow of this workspace, with its media as new library assets',
      description:
        'Send the archive `GET /flows/:flowId/bundle` made as the body itself (`.tar`, or gzip-compressed `.tar.gz`), e.g. ' +
        '`curl --data-binary @flow.tar -H "Content-Type: application/x-tar"`. The new flow\'s draft is the bundle\'s draft with ' +
        'the new asset ids; it is named "… (imported)" when the name is taken. **Nothing is published**: the bundle\'s ' +
        'published definition comes back as `bundlePublished`, and `notes` say so. Each asset\'s file goes through the same ' +
        'checks and processing as an upload (a file that is not media is refused), captions are restored as they were ' +
        '(never replaced by machine captions) and the poster is taken at the same time. Anything wrong with the bundle is ' +
        'a 4xx naming the member at fault, and nothing is created.',
      tag,
      access: 'owner',
      rawBody: { contentTypes: ['application/x-tar', 'application/gzip'], description: LAYOUT },
      responses: {
        201: { description: 'The new flow, its assets (being processed) and what to know', schema: FlowBundleImportResult },
        400: {
          description:
            'Not a tar archive, cut short, a member with an absolute or `..` path, a link or device, a member not part of the format, a duplicate, or too many members (`bundle-…`)',
        },
        413: { description: 'The body, or a member, is over its limit (`bundle-too-large`, `bundle-member-too-large`)' },
        415: { description: 'Sent as a form or JSON rather than the archive itself (`unsupported-media-type`)' },
        422: {
          description:
            'The manifest or an asset.json fails its schema (`bundle-manifest-invalid`, `bundle-asset-invalid`, issues name the fields), an asset a step uses is not in the bundle (`bundle-asset-missing`), a file is not usable media (`media-rejected`), or captions are invalid',
        },
      },
      handler: async ({ c }) => {
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (type.startsWith('multipart/') || type === 'application/x-www-form-urlencoded' || type === 'application/json') {
          throw new HttpError(
            415,
            'unsupported-media-type',
            `send the archive itself as the body (Content-Type: application/x-tar), not ${type}: e.g. curl --data-binary @flow.tar -H "Content-Type: application/x-tar"`,
          );
        }
        const declared = Number(c.req.header('content-length'));
        if (declared > importer.maxBytes) {
          throw new HttpError(413, 'bundle-too-large', `the bundle is ${declared} bytes, larger than the limit of ${importer.maxBytes} bytes`);
        }
        const result = await importer.import(scopeOf(c), c.var.caller, bodyOf(c));
        c.header('Location', `/api/v1/flows/${result.flow.id}`);
        return c.json(result, 201);
      },
    }),
  ];
}
