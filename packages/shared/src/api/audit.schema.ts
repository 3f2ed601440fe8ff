import * as z from 'zod';
import { ADMIN_KEY_ACTOR, AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../audit/audit-actions.js';
import { ExportFormat } from './exports.schema.js';
import { Editor } from './flow-authoring.schema.js';

/**
 * A workspace's audit log: who did what to what, and when. Entries are written by the services that act (never by
 * the HTTP routes), read by admins (`GET /workspace/audit-log`) and exported (`GET /workspace/audit-log/export`).
 */
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditTargetType = z.enum(AUDIT_TARGET_TYPES);
export type AuditTargetType = z.infer<typeof AuditTargetType>;

/** What was acted on: its kind, its id (a member's user id, a key's id, a flow id …) and a name to show. */
export const AuditTarget = z.object({
  type: AuditTargetType,
  id: z.string().nullable(),
  /** As it read at the time (a member's name or e-mail, a key's name, a webhook's URL); null when it has none. */
  label: z.string().nullable(),
});
export type AuditTarget = z.infer<typeof AuditTarget>;

/** Small facts about the action (a role before and after, a key's scopes, a count of sessions); never a secret. */
// JSON values (not `z.json()`: its recursive schema has no place in the OpenAPI document).
export const AuditDetail = z.record(z.string(), z.unknown());
export type AuditDetail = z.infer<typeof AuditDetail>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: AuditAction,
  /** Who did it: a person (by name, else e-mail), an API key (by name) or the server admin key, as named at the time. */
  actor: Editor,
  target: AuditTarget,
  detail: AuditDetail,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditEntryList = z.object({
  /** Newest first. */
  entries: z.array(AuditEntry),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditEntryList = z.infer<typeof AuditEntryList>;

const AuditFilters = {
  action: AuditAction.optional().meta({ description: 'Only entries of this action' }),
  actor: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: `Only entries by this user id or API key id, or \`${ADMIN_KEY_ACTOR}\` for the server admin key` }),
};

export const AuditListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(512).optional(),
    ...AuditFilters,
  })
  .strict();
export type AuditListQuery = z.infer<typeof AuditListQuery>;

export const AuditExportQuery = z.object({ format: ExportFormat.default('csv'), ...AuditFilters }).strict();
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** One NDJSON line of an audit export; the CSV has these columns, `detail` as JSON text. */
export const AuditExportRow = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: AuditAction,
  actorKind: Editor.shape.kind,
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  targetType: AuditTargetType,
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  detail: AuditDetail,
});
export type AuditExportRow = z.infer<typeof AuditExportRow>;
