// How the audit log reads in the dashboard: each action in words, and an entry's detail as short text.
import type { AuditActionName } from '@reelback/shared/audit-actions';

/** Every action the server records, in words. A new action name without words here fails the type check. */
export const ACTION_WORDS: Record<AuditActionName, string> = {
  'invite.created': 'Invited someone',
  'invite.accepted': 'Joined with an invite',
  'invite.revoked': 'Revoked an invite',
  'member.role-changed': 'Changed a role',
  'member.removed': 'Removed a member',
  'member.reset-link-created': 'Made a password reset link for a member',
  'api-key.created': 'Made an API key',
  'api-key.revoked': 'Revoked an API key',
  'tracker.set': 'Set up the backlog tracker',
  'tracker.removed': 'Removed the backlog tracker',
  'webhook.created': 'Added a webhook',
  'webhook.updated': 'Changed a webhook',
  'webhook.secret-rotated': "Rotated a webhook's signing secret",
  'webhook.deleted': 'Deleted a webhook',
  'viewer.erased': "Erased a viewer's data",
  'flow.published': 'Published a flow',
  'flow.archived': 'Archived a flow',
  'flow.unarchived': 'Unarchived a flow',
  'flow.version-restored': 'Restored a version as the draft',
  'flow.imported': 'Imported a flow from a bundle',
  'workspace.sign-in-changed': 'Changed how members sign in',
  'member.joined-via-sso': 'Joined with single sign-on',
};

/** An action in words; an action this dashboard does not know yet (a newer server) as its name. */
export const actionWords = (action: string): string => ACTION_WORDS[action as AuditActionName] ?? action;

function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(value).join(', ') : '—';
  if (typeof v === 'object') return detailText(v as Record<string, unknown>);
  return String(v);
}

/**
 * An entry's detail as one line: `role: manager`, a change as `from → to` (`enabled: true → false`), lists joined with
 * commas, nested facts in parentheses.
 */
export function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([name, v]) => {
      if (v && typeof v === 'object' && !Array.isArray(v) && 'from' in v && 'to' in v) {
        const change = v as { from: unknown; to: unknown };
        return `${name}: ${value(change.from)} → ${value(change.to)}`;
      }
      if (v && typeof v === 'object' && !Array.isArray(v)) return `${name} (${value(v)})`;
      return `${name}: ${value(v)}`;
    })
    .join('; ');
}
