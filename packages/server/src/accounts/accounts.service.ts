import { uuidv7 } from '@reelback/shared';
import type { AuditLog } from '../audit/audit-log.js';
import { ServiceError } from '../errors/service-error.js';
import type { Caller } from '../ports/caller.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore, MemberRecord, UserRecord, WorkspaceRecord } from '../ports/account-store.js';
import type { Role } from '../ports/caller.js';
import type { IsoTime } from '../ports/store-types.js';
import { AccountDelay } from './account-delay.js';
import { LoginBudget } from './login-budget.js';
import { LoginThrottle } from './login-throttle.js';
import { HashQueueFull } from './password-pool.js';
import { DummyPassword, hashPassword, verifyPassword } from './passwords.js';
import { csrfTokenFor, randomToken, sha256Hex } from './tokens.js';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A session's `last_seen_at` is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface NewSession {
  /** The cookie's value; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: IsoTime;
  user: UserRecord;
  workspace: WorkspaceRecord;
  role: Role;
}

export type LoginOutcome =
  | ({ ok: true } & NewSession)
  | { ok: false; reason: 'bad-credentials' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  /** A budget of password checks is spent (this address's or the server's): try later. */
  | { ok: false; reason: 'over-budget'; retryAfterSeconds: number }
  /** The hashing queue is full. */
  | { ok: false; reason: 'busy'; retryAfterSeconds: number }
  /** The password was right, but a workspace of the account signs in with single sign-on only. */
  | { ok: false; reason: 'passwords-off' };

/** What stands between a caller without a session and a password check. */
export interface LoginGuards {
  /** Failures per e-mail and address. */
  throttle?: LoginThrottle;
  /** Password checks per address and in all. */
  budget?: LoginBudget;
  /** A growing wait per e-mail after repeated failures from any addresses. */
  accountDelay?: AccountDelay;
}

/**
 * Whether passwords are refused (a workspace turned them off for single sign-on): for a user (any workspace of
 * theirs) or for one workspace (an invite into it).
 */
export interface PasswordsOff {
  forUser(userId: string): Promise<boolean>;
  inWorkspace(workspaceId: string): Promise<boolean>;
}

/** The workspace a caller acts in; the admin key has none until the bootstrap made one. */
export function workspaceOf(caller: Caller): string {
  if (caller.workspaceId === null) throw new ServiceError('conflict', 'not-bootstrapped', 'there is no workspace yet: finish the setup at /app/setup, or call POST /api/v1/auth/bootstrap with the admin key');
  return caller.workspaceId;
}

/** Users, workspaces, memberships, cookie sessions and invites. */
export class AccountsService {
  private readonly dummy = new DummyPassword();
  private bootstrapWorkspaceId: string | undefined;
  private readonly throttle: LoginThrottle;
  private readonly budget: LoginBudget;
  private readonly accountDelay: AccountDelay;

  constructor(
    private readonly accounts: AccountStore,
    private readonly clock: Clock,
    /** Invites, joining, role changes and removals are audited in the same transaction as the change. */
    private readonly audit: AuditLog,
    guards: LoginGuards = {},
    /** Set once single sign-on is composed (it owns the switch); until then passwords always work. */
    public passwordsOff: PasswordsOff = { forUser: async () => false, inWorkspace: async () => false },
  ) {
    this.throttle = guards.throttle ?? new LoginThrottle(clock);
    this.budget = guards.budget ?? new LoginBudget();
    this.accountDelay = guards.accountDelay ?? new AccountDelay();
  }

  private now(): IsoTime {
    return this.clock.now().toISOString();
  }

  /** The first workspace and its first admin; once only. The new workspace takes every flow that has none. */
  async bootstrap(input: { workspaceName: string; email: string; name: string; password: string; timeZone?: string | undefined }) {
    if ((await this.accounts.countUsers()) > 0) throw alreadyBootstrapped();
    const at = this.now();
    const workspace: WorkspaceRecord = { id: uuidv7(), name: input.workspaceName, timeZone: input.timeZone ?? 'UTC', createdAt: at };
    const user = { id: uuidv7(), email: normaliseEmail(input.email), name: input.name, createdAt: at };
    const passwordHash = await hashPassword(input.password);
    if (!(await this.accounts.bootstrap({ workspace, user: { ...user, passwordHash }, at }))) throw alreadyBootstrapped();
    this.bootstrapWorkspaceId = workspace.id;
    return { user, workspace, role: 'admin' as const };
  }

  /**
   * E-mail and password. Unknown e-mails cost the same scrypt work as wrong passwords, and both get the same answer.
   * `clientAddress` keys the failure count with the e-mail, so one attacker cannot lock a user out everywhere.
   * The cheap refusals come first (the e-mail's wait, the e-mail and address's failures), then the budgets of
   * password checks, so a refused attempt never reaches scrypt.
   */
  async login(input: { email: string; password: string; workspaceId?: string | undefined }, clientAddress: string): Promise<LoginOutcome> {
    const email = normaliseEmail(input.email);
    const key = `${email}|${clientAddress}`;
    const refused = await this.refuseBeforeCheck(email, key, clientAddress);
    if (refused) return refused;
    const user = await this.accounts.findUserByEmail(email);
    let ok: boolean;
    try {
      ok = user ? await verifyPassword(input.password, user.passwordHash) : await this.dummy.verify(input.password);
    } catch (error) {
      return this.notChecked(error, clientAddress);
    }
    const memberships = user && ok ? await this.accounts.membershipsOf(user.id) : [];
    const membership = input.workspaceId === undefined ? memberships[0] : memberships.find((m) => m.workspaceId === input.workspaceId);
    if (!user || !ok || !membership) {
      await this.failed(email, key);
      return { ok: false, reason: 'bad-credentials' };
    }
    await this.succeeded(email, key, clientAddress);
    // Checked after the password, so the refusal tells nothing to someone who does not know it.
    if (await this.passwordsOff.forUser(user.id)) return { ok: false, reason: 'passwords-off' };
    const { passwordHash: _, ...publicUser } = user;
    return { ok: true, ...(await this.startSession(publicUser, membership.workspaceId, membership.role)) };
  }

  /** A refusal without a password check, or undefined when the check may run (its budget is then spent). */
  private async refuseBeforeCheck(email: string, key: string, clientAddress: string): Promise<LoginOutcome | undefined> {
    const wait = Math.max(await this.accountDelay.retryAfter(email), this.throttle.retryAfter(key));
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
    const overBudget = await this.budget.take(clientAddress);
    if (overBudget > 0) return { ok: false, reason: 'over-budget', retryAfterSeconds: overBudget };
    return undefined;
  }

  /** The check did not run (the hashing queue is full): its budget is given back. */
  private async notChecked(error: unknown, clientAddress: string): Promise<LoginOutcome> {
    if (!(error instanceof HashQueueFull)) throw error;
    await this.budget.giveBack(clientAddress);
    return { ok: false, reason: 'busy', retryAfterSeconds: 1 };
  }

  private async failed(email: string, key: string): Promise<void> {
    this.throttle.fail(key);
    await this.accountDelay.failed(email);
  }

  private async succeeded(email: string, key: string, clientAddress: string): Promise<void> {
    this.throttle.succeed(key);
    await this.accountDelay.succeeded(email);
    await this.budget.giveBack(clientAddress);
  }

  /**
   * A new cookie session; it ends `SESSION_TTL_MS` from now unless `endsAt` (a switch keeps the old end) says. For
   * every way in that has proved who the user is (login, invites, the first run's setup).
   */
  async startSession(user: UserRecord, workspaceId: string, role: Role, endsAt?: IsoTime): Promise<NewSession> {
    const workspace = await this.accounts.getWorkspace(workspaceId);
    if (!workspace) throw new Error(`workspace ${workspaceId} vanished`);
    const token = randomToken();
    const csrfToken = csrfTokenFor(token);
    const now = this.clock.now();
    const at = now.toISOString();
    const expiresAt = endsAt ?? new Date(now.getTime() + SESSION_TTL_MS).toISOString();
    // Expired rows are swept here rather than by a timer: logins are rare enough, and this keeps the table small.
    await this.accounts.deleteExpiredSessions(at);
    await this.accounts.insertSession({
      id: sha256Hex(token),
      userId: user.id,
      workspaceId,
      csrfTokenHash: sha256Hex(csrfToken),
      createdAt: at,
      expiresAt,
      lastSeenAt: at,
    });
    return { token, csrfToken, expiresAt, user, workspace, role };
  }

  async logout(caller: Caller): Promise<void> {
    if (caller.sessionId) await this.accounts.deleteSession(caller.sessionId);
  }

  async describe(caller: Caller) {
    const user = caller.userId ? ((await this.accounts.getUser(caller.userId)) ?? null) : null;
    const workspace = caller.workspaceId ? ((await this.accounts.getWorkspace(caller.workspaceId)) ?? null) : null;
    return { user, workspace, role: caller.role, via: caller.via };
  }

  /**
   * A new workspace with the calling user as its only member, an admin. Only people (cookie sessions) make
   * workspaces: the admin key and API keys act for one workspace and are no user to be its admin.
   */
  async createWorkspace(caller: Caller, input: { name: string; timeZone?: string | undefined }): Promise<WorkspaceRecord> {
    if (caller.via !== 'session' || caller.userId === null) {
      throw new ServiceError('forbidden', 'session-required', 'workspaces are made by a logged-in user (cookie session), not with a key');
    }
    const at = this.now();
    const workspace: WorkspaceRecord = { id: uuidv7(), name: input.name, timeZone: input.timeZone ?? 'UTC', createdAt: at };
    await this.accounts.createWorkspace({ workspace, adminUserId: caller.userId, at });
    return workspace;
  }

  /**
   * The workspaces the caller may act in, with its role in each. A person: their memberships, oldest first. A key
   * (API key or the admin key) is bound to its one workspace.
   */
  async listWorkspaces(caller: Caller): Promise<{ workspaces: { id: string; name: string; role: Role }[]; currentWorkspaceId: string }> {
    const currentWorkspaceId = workspaceOf(caller);
    const memberships = caller.via === 'session' && caller.userId !== null ? await this.accounts.membershipsOf(caller.userId) : [{ workspaceId: currentWorkspaceId, role: caller.role }];
    const workspaces = [];
    for (const { workspaceId, role } of memberships) {
      const workspace = await this.accounts.getWorkspace(workspaceId);
      if (workspace) workspaces.push({ id: workspace.id, name: workspace.name, role });
    }
    return { workspaces, currentWorkspaceId };
  }

  /**
   * Moves a cookie session to another workspace of its user. The session is replaced by a new one (new cookie, new
   * CSRF token, the same end): a token never changes what it grants, and pages still holding the old CSRF token
   * get a 403 rather than acting in a workspace they do not show.
   */
  async switchWorkspace(caller: Caller, workspaceId: string): Promise<NewSession & { maxAgeSeconds: number }> {
    if (caller.via !== 'session' || caller.userId === null || caller.sessionId === undefined) {
      throw new ServiceError('invalid', 'key-bound-to-workspace', 'API keys (and the admin key) are bound to one workspace and cannot switch; log in as a person to switch', [
        { path: ['workspaceId'], message: 'keys cannot switch workspace' },
      ]);
    }
    const membership = (await this.accounts.membershipsOf(caller.userId)).find((m) => m.workspaceId === workspaceId);
    const user = membership && (await this.accounts.getUser(caller.userId));
    const current = membership && (await this.accounts.getActiveSession(caller.sessionId, this.now()));
    if (!membership || !user || !current) {
      throw new ServiceError('not-found', 'workspace-not-found', `you are not a member of a workspace "${workspaceId}"`, [{ path: ['workspaceId'], message: 'not one of your workspaces' }]);
    }
    const next = await this.startSession(user, membership.workspaceId, membership.role, current.expiresAt);
    await this.accounts.deleteSession(caller.sessionId);
    return { ...next, maxAgeSeconds: Math.max(0, Math.floor((Date.parse(next.expiresAt) - this.clock.now().getTime()) / 1000)) };
  }

  /** A link for one person to join the caller's workspace with `role`, usable once within 7 days. */
  async createInvite(caller: Caller, input: { role: Role; email?: string | undefined }) {
    const token = randomToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString();
    const email = input.email === undefined ? null : normaliseEmail(input.email);
    const id = sha256Hex(token);
    const workspaceId = workspaceOf(caller);
    const entry = await this.audit.entry({ workspaceId }, caller, 'invite.created', { type: 'invite', id, label: email }, { role: input.role, email, expiresAt });
    const invite = { id, workspaceId, role: input.role, email, createdBy: caller.userId, createdAt: now.toISOString(), expiresAt, acceptedAt: null, acceptedBy: null };
    await this.accounts.insertInvite(invite, entry);
    return { token, role: input.role, email, expiresAt };
  }

  /**
   * Joins the invite's workspace and logs in. A new e-mail gets an account with this password; an e-mail that has
   * an account must give that account's password (checked and throttled like a login).
   */
  async acceptInvite(input: { token: string; email: string; name?: string | undefined; password: string }, clientAddress: string): Promise<LoginOutcome> {
    const inviteId = sha256Hex(input.token);
    const invite = await this.accounts.getInvite(inviteId);
    const at = this.now();
    if (!invite || invite.acceptedAt !== null || invite.expiresAt <= at) throw invalidInvite();
    const email = normaliseEmail(input.email);
    if (invite.email !== null && invite.email !== email) throw emailMismatch();
    // An SSO-only workspace takes no password, old or new: its people join by signing in with SSO.
    if (await this.passwordsOff.inWorkspace(invite.workspaceId)) return { ok: false, reason: 'passwords-off' };
    const existing = await this.accounts.findUserByEmail(email);
    // The person joining is the actor, named once the transaction knows who joined (a new account has no row yet).
    const target = { type: 'invite' as const, id: inviteId, label: invite.email };
    const joined = await this.audit.entry({ workspaceId: invite.workspaceId }, { kind: 'user', id: null, label: email }, 'invite.accepted', target, {
      role: invite.role,
      newAccount: existing === undefined,
    });
    const audit = (user: UserRecord) => ({ ...joined, actor: { kind: 'user' as const, id: user.id, label: user.name.trim() || user.email } });
    let accepted;
    if (existing) {
      const key = `${email}|${clientAddress}`;
      const refused = await this.refuseBeforeCheck(email, key, clientAddress);
      if (refused) return refused;
      let ok: boolean;
      try {
        ok = await verifyPassword(input.password, existing.passwordHash);
      } catch (error) {
        return this.notChecked(error, clientAddress);
      }
      if (!ok) {
        await this.failed(email, key);
        return { ok: false, reason: 'bad-credentials' };
      }
      await this.succeeded(email, key, clientAddress);
      if (await this.passwordsOff.forUser(existing.id)) return { ok: false, reason: 'passwords-off' };
      accepted = await this.accounts.acceptInvite({ inviteId, email, at, existingUserId: existing.id, audit });
    } else {
      if (input.name === undefined) {
        throw new ServiceError('invalid', 'name-required', 'name: a new account needs a name', [{ path: ['name'], message: 'a new account needs a name' }]);
      }
      const newUser = { id: uuidv7(), email, name: input.name, createdAt: at, passwordHash: await hashPassword(input.password) };
      accepted = await this.accounts.acceptInvite({ inviteId, email, at, newUser, audit });
    }
    if (!accepted.ok) {
      if (accepted.reason === 'email-mismatch') throw emailMismatch();
      if (accepted.reason === 'already-member') throw new ServiceError('conflict', 'already-member', 'this account is a member of the workspace already');
      throw invalidInvite();
    }
    return { ok: true, ...(await this.startSession(accepted.user, accepted.workspaceId, accepted.role)) };
  }

  listMembers(workspaceId: string): Promise<MemberRecord[]> {
    return this.accounts.listMembers(workspaceId);
  }

  async setRole(caller: Caller, userId: string, role: Role): Promise<MemberRecord> {
    const workspaceId = workspaceOf(caller);
    const target = await this.memberTarget(workspaceId, userId);
    const entry = await this.audit.entry({ workspaceId }, caller, 'member.role-changed', target, { to: role });
    // Recorded only when the role changes; `from` is the role the change's transaction found.
    const audit = (previous: Role) => (previous === role ? null : { ...entry, detail: { from: previous, to: role } });
    membershipChanged(await this.accounts.setRole(workspaceId, userId, role, audit));
    const member = await this.accounts.getMember(workspaceId, userId);
    if (!member) throw noMember();
    return member;
  }

  async removeMember(caller: Caller, userId: string): Promise<void> {
    const workspaceId = workspaceOf(caller);
    const entry = await this.audit.entry({ workspaceId }, caller, 'member.removed', await this.memberTarget(workspaceId, userId));
    membershipChanged(await this.accounts.removeMember(workspaceId, userId, (previous) => ({ ...entry, detail: { role: previous } })));
  }

  /** A member as an audit target, named as they are now (a missing one is refused by the change itself). */
  private async memberTarget(workspaceId: string, userId: string) {
    const member = await this.accounts.getMember(workspaceId, userId);
    return { type: 'member' as const, id: userId, label: member ? member.user.name.trim() || member.user.email : null };
  }

  /** The admin key acts as an admin of the bootstrap workspace (the first one made). */
  async adminKeyCaller(): Promise<Caller> {
    this.bootstrapWorkspaceId ??= (await this.accounts.firstWorkspace())?.id;
    return { userId: null, workspaceId: this.bootstrapWorkspaceId ?? null, role: 'admin', via: 'admin-key' };
  }

  async sessionCaller(token: string): Promise<{ caller: Caller; csrfTokenHash: string } | undefined> {
    if (token.length > 200) return undefined;
    const id = sha256Hex(token);
    const now = this.clock.now();
    const session = await this.accounts.getActiveSession(id, now.toISOString());
    if (!session) return undefined;
    if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) await this.accounts.touchSession(id, now.toISOString());
    return {
      caller: { userId: session.userId, workspaceId: session.workspaceId, role: session.role, via: 'session', sessionId: id },
      csrfTokenHash: session.csrfTokenHash,
    };
  }
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const alreadyBootstrapped = () => new ServiceError('conflict', 'already-bootstrapped', 'the first admin exists already; log in, or ask an admin for an invite');
const invalidInvite = () => new ServiceError('not-found', 'invite-invalid', 'this invite does not exist, was used already, or has expired');
const emailMismatch = () => new ServiceError('forbidden', 'invite-email-mismatch', 'this invite is for another e-mail address');
const noMember = () => new ServiceError('not-found', 'member-not-found', 'no such member in this workspace');

function membershipChanged(change: 'ok' | 'not-found' | 'last-admin'): void {
  if (change === 'not-found') throw noMember();
  if (change === 'last-admin') throw new ServiceError('conflict', 'last-admin', 'a workspace keeps at least one admin: make someone else admin first');
}
