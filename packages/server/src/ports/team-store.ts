import type { AuditRecord } from './audit-store.js';
import type { InviteRecord, MemberRecord, UserRecord } from './account-store.js';
import type { IsoTime } from './store-types.js';

/** A member with when they last used the dashboard in this workspace (null: not since activity was recorded). */
export interface MemberWithActivity extends MemberRecord {
  lastActiveAt: IsoTime | null;
}

export interface PasswordResetRecord {
  /** SHA-256 (hex) of the token in the link. */
  id: string;
  userId: string;
  /** The admin who made it for the user; null when the user asked for it. */
  createdBy: string | null;
  createdAt: IsoTime;
  expiresAt: IsoTime;
  usedAt: IsoTime | null;
}

export type PasswordResetUse = { ok: true; user: UserRecord } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** What the members page and passwords need of the accounts tables, beyond `AccountStore`. */
export interface TeamStore {
  /** The workspace's members, oldest membership first, with their last activity. */
  listMembers(workspaceId: string): Promise<MemberWithActivity[]>;
  /** Invites of the workspace neither accepted nor revoked whose link expires after `since`, newest first. */
  listOpenInvites(workspaceId: string, since: IsoTime): Promise<InviteRecord[]>;
  /** An invite of this workspace (accepted or not); `undefined` for another workspace's. */
  getInvite(workspaceId: string, id: string): Promise<(InviteRecord & { revokedAt: IsoTime | null }) | undefined>;
  /**
   * Revokes an invite of this workspace nobody accepted: it expires at `at` (so acceptance refuses it) and leaves the
   * list. `not-found` for another workspace's, an accepted or an already revoked one.
   */
  /** Revokes an open invite; `audit` (when given) is written in the same transaction, only when it was revoked. */
  revokeInvite(workspaceId: string, id: string, at: IsoTime, audit?: AuditRecord): Promise<'ok' | 'not-found'>;

  passwordHashOf(userId: string): Promise<string | undefined>;
  /**
   * Sets a new password hash and, in the same transaction, ends every session of the user but `keepSessionId`
   * (in all workspaces) and voids their unused reset links.
   */
  changePassword(userId: string, passwordHash: string, keepSessionId: string | null, at: IsoTime): Promise<void>;
  insertPasswordReset(reset: PasswordResetRecord): Promise<void>;
  getPasswordReset(id: string): Promise<PasswordResetRecord | undefined>;
  /**
   * Uses a live link once, in one transaction: marks it used, sets the password, ends every session of the user and
   * voids their other unused links. Otherwise says why not (and changes nothing).
   */
  usePasswordReset(input: { id: string; at: IsoTime; passwordHash: string }): Promise<PasswordResetUse>;
  /** Reset links made for the user (by anyone) since `since`. */
  countPasswordResetsSince(userId: string, since: IsoTime): Promise<number>;
}
