import type { Editor } from '@reelback/shared';
import type { AuditRecord } from './audit-store.js';
import type { ApiKeyScope, Role } from './caller.js';
import type { IsoTime } from './store-types.js';

export interface WorkspaceRecord {
  id: string;
  name: string;
  timeZone: string;
  createdAt: IsoTime;
}

export interface UserRecord {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  createdAt: IsoTime;
}

export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}

export interface MemberRecord {
  user: UserRecord;
  workspaceId: string;
  role: Role;
  joinedAt: IsoTime;
}

export interface AuthSessionRecord {
  /** SHA-256 (hex) of the cookie's token. */
  id: string;
  userId: string;
  workspaceId: string;
  csrfTokenHash: string;
  createdAt: IsoTime;
  expiresAt: IsoTime;
  lastSeenAt: IsoTime;
}

/** A live session with the role its user holds now (not when they logged in). */
export interface ActiveAuthSession extends AuthSessionRecord {
  role: Role;
}

export interface InviteRecord {
  /** SHA-256 (hex) of the invite token. */
  id: string;
  workspaceId: string;
  role: Role;
  email: string | null;
  createdBy: string | null;
  createdAt: IsoTime;
  expiresAt: IsoTime;
  acceptedAt: IsoTime | null;
  acceptedBy: string | null;
}

export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  keyHash: string;
  scopes: ApiKeyScope[];
  /** The user who made it, when a person did. */
  createdBy: string | null;
  /** Who made it as named then (a person, a key or the admin key); null for keys made before this was kept. */
  creator: Editor | null;
  createdAt: IsoTime;
  lastUsedAt: IsoTime | null;
  /** When it stops working; null: never. */
  expiresAt: IsoTime | null;
  revokedAt: IsoTime | null;
}

/**
 * The audit entry of a membership change, given the member's role the change's transaction found; null when the
 * change changes nothing worth recording.
 */
export type MembershipAudit = (previousRole: Role) => AuditRecord | null;

/** Whether a membership change went through, or why not. */
export type MembershipChange = 'ok' | 'not-found' | 'last-admin';

export type InviteAcceptance =
  | { ok: true; user: UserRecord; workspaceId: string; role: Role }
  | { ok: false; reason: 'invalid' | 'email-mismatch' | 'already-member' };

export interface AccountStore {
  countUsers(): Promise<number>;
  /**
   * Creates the first workspace, its first user as admin, and gives the workspace every flow that has none,
   * in one transaction. `false` (and nothing written) when any user exists already.
   */
  bootstrap(input: { workspace: WorkspaceRecord; user: UserWithPassword; at: IsoTime }): Promise<boolean>;
  /** A further workspace with `adminUserId` as its first admin, in one transaction. */
  createWorkspace(input: { workspace: WorkspaceRecord; adminUserId: string; at: IsoTime }): Promise<void>;
  /** The oldest workspace: the one the bootstrap made. */
  firstWorkspace(): Promise<WorkspaceRecord | undefined>;
  getWorkspace(id: string): Promise<WorkspaceRecord | undefined>;
  findUserByEmail(email: string): Promise<UserWithPassword | undefined>;
  getUser(id: string): Promise<UserRecord | undefined>;
  /** The user's memberships, oldest first. */
  membershipsOf(userId: string): Promise<{ workspaceId: string; role: Role }[]>;
  getMember(workspaceId: string, userId: string): Promise<MemberRecord | undefined>;
  listMembers(workspaceId: string): Promise<MemberRecord[]>;
  /** Never leaves a workspace without an admin. Writes `audit`'s entry in the same transaction when it changes. */
  setRole(workspaceId: string, userId: string, role: Role, audit?: MembershipAudit): Promise<MembershipChange>;
  /** Removes the membership and the member's sessions in that workspace; never the last admin. Audited as `setRole`. */
  removeMember(workspaceId: string, userId: string, audit?: MembershipAudit): Promise<MembershipChange>;

  insertSession(session: AuthSessionRecord): Promise<void>;
  /** The session if it exists, has not expired at `now`, and its user is still a member of its workspace. */
  getActiveSession(id: string, now: IsoTime): Promise<ActiveAuthSession | undefined>;
  touchSession(id: string, at: IsoTime): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(now: IsoTime): Promise<number>;

  /** With `audit`, its entry is written in the same transaction. */
  insertInvite(invite: InviteRecord, audit?: AuditRecord): Promise<void>;
  /**
   * Accepts a live invite (not accepted, not expired at `at`) in one transaction: creates the user when `newUser`
   * is given (else `existingUserId` joins), adds the membership and marks the invite used.
   */
  acceptInvite(input: {
    inviteId: string;
    email: string;
    at: IsoTime;
    newUser?: UserWithPassword;
    existingUserId?: string;
    /** Written in the same transaction when the invite is accepted, given who joined. */
    audit?: (joined: UserRecord) => AuditRecord;
  }): Promise<InviteAcceptance>;
  /** Reads an invite without using it. */
  getInvite(id: string): Promise<InviteRecord | undefined>;

  /** With `audit`, its entry is written in the same transaction. */
  insertApiKey(key: ApiKeyRecord, audit?: AuditRecord): Promise<void>;
  /** Newest first. */
  listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]>;
  getApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined>;
  /**
   * Sets the key's last use to `at` when it is unset or before `staleBefore`: one write per key per interval, however
   * many requests or processes race to make it.
   */
  touchApiKey(id: string, at: IsoTime, staleBefore: IsoTime): Promise<void>;
  /**
   * `false` when the workspace has no such key; revoking twice keeps the first time. `audit`'s entry is written in
   * the same transaction, and only by the call that revokes.
   */
  revokeApiKey(workspaceId: string, id: string, at: IsoTime, audit?: AuditRecord): Promise<boolean>;
}
