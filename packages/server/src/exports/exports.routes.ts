import { AnswerExportQuery, AnswerExportRow, ClipId, EventExportQuery, EXPORT_TOTAL_HEADER, SessionExportQuery, SessionExportRow } from '@reelback/shared';
import * as z from 'zod';
import { sendBlob } from '../clips/send-blob.js';
import type { Logger } from '../ports/logger.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { ExportsService } from './exports.service.js';
import { sendExport as send } from './send-export.js';
import { publicBaseUrl } from '../http/public-base-url.js';
import { LINKABLE_RENDITIONS } from './media-links.js';

const tag = 'Exports';

const PROGRESS =
  `The body is streamed as the rows are read (constant memory on the server), so it has no Content-Length; ` +
  `\`${EXPORT_TOTAL_HEADER}\` gives the number of rows (records, not counting the CSV header) counted with the same ` +
  'filters when the export started, for a progress bar: count records as they arrive (`ExportRecordCounter` in ' +
  '@reelback/shared: NDJSON lines, or CSV newlines outside quotes). A body that ends early (the connection broke, the ' +
  'server failed mid-way) holds fewer rows than that header says. CSV: RFC 4180, UTF-8 without BOM, CRLF, a header ' +
  "row; text cells starting with = + - @ tab or CR get a leading ' (formula injection), numbers stay numbers.";

const responses = (row: z.ZodType | undefined, what: string) => ({
  200: { description: `${what}: \`text/csv\` or \`application/x-ndjson\` (one object a line${row ? ', this schema' : ''})`, contentType: 'application/x-ndjson', ...(row ? { schema: row } : {}) },
  400: { description: 'A bad filter, or an unknown parameter' },
  404: { description: 'No such flow in this workspace' },
});

export function exportsRoutes(exports: ExportsService, blobs: BlobStore, logError: Logger, publicUrl: string | null = null): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/exports/answers',
      operationId: 'exportAnswers',
      summary: 'Answers as CSV or NDJSON, one row per answer, with the inbox filters',
      description:
        'Rows newest first (as the inbox), with transcript (edited text when corrected), tags (`;`-joined in CSV), review ' +
        'status, star, note, the path the viewer took before the answer, and contact fields only when the viewer ' +
        'consented. `mediaUrl` is absolute (on REELBACK_PUBLIC_URL, else the origin the request came to): with `links=member` (default) the clip media route, which never expires and ' +
        'needs a member’s credentials; with `links=signed` a link anyone holding it may open for `linkExpiresIn` seconds ' +
        `(default 7 days). ${PROGRESS}`,
      tag,
      access: 'owner',
      query: AnswerExportQuery,
      responses: responses(AnswerExportRow, 'The answers'),
      handler: async ({ query, c }) => send(c, await exports.answers(scopeOf(c), query, publicBaseUrl(publicUrl, c)), logError),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/exports/sessions',
      operationId: 'exportSessions',
      summary: 'Sessions as CSV or NDJSON: context, UTM, device, last step, answer count',
      description: `Newest first; \`from\`/\`to\` bound the start. ${PROGRESS}`,
      tag,
      access: 'owner',
      query: SessionExportQuery,
      responses: responses(SessionExportRow, 'The sessions'),
      handler: async ({ query, c }) => send(c, await exports.sessions(scopeOf(c), query), logError),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/exports/events',
      operationId: 'exportEvents',
      summary: 'The raw event log (CloudEvents) as NDJSON, or CSV with the data as JSON',
      description:
        'In the order the server accepted them; viewer and server events. NDJSON lines are the stored CloudEvents; CSV ' +
        `columns are id, type, time (the sender's clock), receivedAt, sessionId, data (JSON). \`from\`/\`to\` bound the time received. ${PROGRESS}`,
      tag,
      access: 'owner',
      query: EventExportQuery,
      responses: responses(undefined, 'The events'),
      handler: async ({ query, c }) => send(c, await exports.events(scopeOf(c), query), logError),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/media-links/:clipId/:rendition',
      operationId: 'getSignedClipMedia',
      summary: "A clip's video, audio or poster through a signed link from an export (no credentials)",
      description:
        'The link carries `expires` (Unix seconds) and `signature` (HMAC-SHA256 under a key derived from the server’s ' +
        'secret key). 403 `link-expired` (naming when) after expiry, 403 `bad-signature` when any part was changed. ' +
        'Supports HTTP Range like the member route. Rotating REELBACK_SECRET_KEY revokes every signed link.',
      tag,
      access: 'public',
      params: z.object({ clipId: ClipId, rendition: z.enum(LINKABLE_RENDITIONS) }),
      query: z.object({ expires: z.coerce.number().int().min(0).max(1e11), signature: z.string().min(1).max(100) }),
      responses: {
        200: { description: 'The whole file', contentType: 'application/octet-stream' },
        206: { description: 'The requested range', contentType: 'application/octet-stream' },
        403: { description: 'The link expired, or its signature does not match' },
        404: { description: 'The clip or its file is gone' },
      },
      handler: async ({ params, query, c }) => {
        const file = await exports.signedMedia(params.clipId, params.rendition, query.expires, query.signature);
        return sendBlob(c, blobs, file, `${params.clipId}/${params.rendition}/${file.sizeBytes}`);
      },
    }),
  ];
}
