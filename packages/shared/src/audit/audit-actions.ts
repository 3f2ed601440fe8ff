// The audit log's vocabulary as plain constants (no zod), so the dashboard can list them without the schema library.
// To record a new kind of action: add its name here (`<target type>.<past-tense verb>`), then call
// `audit.record(scope, actor, '<name>', target, detail)` in the service that does it (packages/server/src/audit/).

/** Every action the audit log records. Names are stable: stored rows and exports keep them. */
export const AUDIT_ACTIONS = [
  'invite.created',
  'invite.accepted',
  'invite.revoked',
  'member.role-changed',
  'member.removed',
  'member.reset-link-created',
  'api-key.created',
  'api-key.revoked',
  'tracker.set',
  'tracker.removed',
  'webhook.created',
  'webhook.updated',
  'webhook.secret-rotated',
  'webhook.deleted',
  'viewer.erased',
  'flow.published',
  'flow.archived',
  'flow.unarchived',
  'flow.version-restored',
  'flow.imported',
  'workspace.sign-in-changed',
  'member.joined-via-sso',
] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];

/** What an action was done to. */
export const AUDIT_TARGET_TYPES = ['invite', 'member', 'api-key', 'tracker', 'webhook', 'viewer', 'flow', 'workspace'] as const;
export type AuditTargetTypeName = (typeof AUDIT_TARGET_TYPES)[number];

/** The `actor` filter's value for the server admin key, which has no id. */
export const ADMIN_KEY_ACTOR = 'admin-key';
