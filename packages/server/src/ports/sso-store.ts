import type { AuditRecord } from './audit-store.js';
import type { UserRecord, UserWithPassword } from './account-store.js';
import type { Role } from './caller.js';
import type { IsoTime } from './store-types.js';

/** A provider's person (`iss` + `sub` of the ID token) linked to an account. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  userId: string;
}

export type SsoJoin =
  | { ok: true; user: UserRecord; role: Role }
  /** Someone made an account with this e-mail, or linked this person, meanwhile: sign in again. */
  | { ok: false; reason: 'taken' };

/** What single sign-on keeps: identity links and each workspace's password switch. */
export interface SsoStore {
  findIdentity(issuer: string, subject: string): Promise<SsoIdentity | undefined>;
  /** Links the person to an existing account (first SSO sign-in of someone who had a password account). */
  linkIdentity(identity: SsoIdentity & { email: string; at: IsoTime }): Promise<void>;
  touchIdentity(issuer: string, subject: string, at: IsoTime): Promise<void>;
  /**
   * In one transaction: a new user, their membership of `workspaceId` with `role`, the identity link and the audit
   * entry. `taken` (nothing written) when the e-mail has an account or the person a link by then.
   */
  createSsoUser(input: { user: UserWithPassword; issuer: string; subject: string; workspaceId: string; role: Role; at: IsoTime; audit: AuditRecord }): Promise<SsoJoin>;
  /** Adds an existing user to the workspace with `role` (no-op when a member already); audited in the same transaction. */
  addMember(input: { userId: string; workspaceId: string; role: Role; at: IsoTime; audit: AuditRecord }): Promise<void>;
  /** When the workspace turned passwords off, or null while they are on (and for an unknown workspace). */
  passwordsOffAt(workspaceId: string): Promise<IsoTime | null>;
  /** Whether any workspace the user belongs to has passwords off. */
  passwordsOffForUser(userId: string): Promise<boolean>;
  /** Sets the switch; writes `audit` in the same transaction when it changes. `false` for an unknown workspace. */
  setPasswordsOff(workspaceId: string, offAt: IsoTime | null, audit: AuditRecord): Promise<boolean>;
}
