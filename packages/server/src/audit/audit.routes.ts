import { AuditEntryList, AuditExportQuery, AuditExportRow, AuditListQuery } from '@reelback/shared';
import type { Logger } from '../ports/logger.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { sendExport } from '../exports/send-export.js';
import type { AuditReads } from './audit-reads.service.js';

const tag = 'Audit log';

const WHAT =
  "The workspace's record of who did what: invites made and accepted, role changes and removals, API keys made and " +
  'revoked, tracker and webhook changes, viewers erased, flows published, archived, unarchived and restored. Each ' +
  'entry: when, the action, the actor (a person, an API key or the admin key, named as they were then), the target, ' +
  'and a small JSON detail (never a secret: URLs are kept as their origin).';

/** Admins read and export the audit log; the services that act write it (see `AuditLog`). */
export function auditRoutes(reads: AuditReads, logError: Logger): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/workspace/audit-log',
      operationId: 'listAuditLog',
      summary: "The workspace's audit log, newest first, filtered by action or actor",
      description: `${WHAT} Paged with \`cursor\` (the previous page's \`nextCursor\`).`,
      tag,
      access: 'owner',
      minRole: 'admin',
      query: AuditListQuery,
      responses: { 200: { description: 'A page of entries', schema: AuditEntryList }, 400: { description: 'A bad filter or cursor, or an unknown parameter' } },
      handler: async ({ query, c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await reads.list(scopeOf(c), query), 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/workspace/audit-log/export',
      operationId: 'exportAuditLog',
      summary: 'The audit log as CSV or NDJSON (streamed), with the same filters',
      description:
        `${WHAT} Newest first. CSV: RFC 4180, UTF-8, CRLF, a header row, \`detail\` as JSON text; text cells starting with ` +
        "= + - @ tab or CR get a leading ' (formula injection). `X-Total-Count` is the number of entries.",
      tag,
      access: 'owner',
      minRole: 'admin',
      query: AuditExportQuery,
      responses: {
        200: { description: 'The entries: `text/csv` or `application/x-ndjson` (one object a line, this schema)', contentType: 'application/x-ndjson', schema: AuditExportRow },
        400: { description: 'A bad filter, or an unknown parameter' },
      },
      handler: async ({ query, c }) => sendExport(c, await reads.export(scopeOf(c), query), logError),
    }),
  ];
}
