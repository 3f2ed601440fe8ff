import type { AuditAction, AuditDetail, AuditTarget, Editor } from '@reelback/shared';
import type { IsoTime, Scope } from './store-types.js';

/** One entry of a workspace's audit log as stored. */
export interface AuditRecord {
  id: string;
  /** Null only for what the admin key did before the bootstrap made a workspace. */
  workspaceId: string | null;
  at: IsoTime;
  action: AuditAction;
  actor: Editor;
  target: AuditTarget;
  detail: AuditDetail;
}

export interface AuditFilter {
  action?: AuditAction | undefined;
  /** A user's or API key's id, or `admin-key`. */
  actor?: string | undefined;
}

/** Newest first: the entries strictly older than the cursor's (time, id). */
export interface AuditPage extends AuditFilter {
  limit: number;
  before?: { time: IsoTime; id: string } | undefined;
}

/**
 * The audit log's store. Stores that change what is audited write their entry in their own transaction where they
 * run one (they take an `AuditRecord` and the Kysely adapter's `insertAuditEntry`); otherwise the service appends
 * it here right after the change.
 */
export interface AuditStore {
  append(entry: AuditRecord): Promise<void>;
  /** The scope's entries, newest first (by time, then id). */
  list(scope: Scope, page: AuditPage): Promise<AuditRecord[]>;
  count(scope: Scope, filter: AuditFilter): Promise<number>;
}
