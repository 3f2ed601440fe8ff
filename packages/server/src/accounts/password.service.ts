import type { AuditLog } from '../audit/audit-log.js';
import type { MemberResetLink, PasswordResetLinkInfo } from '@reelback/shared';
import * as z from 'zod';
import { ServiceError } from '../errors/service-error.js';
import type { Logger } from '../ports/logger.js';
import type { Caller } from '../ports/caller.js';
import { passwordResetMessage } from '../mail/mail-messages.js';
import { deliveryView, type MailOutbox, NOT_CONFIGURED } from '../mail/mail-outbox.js';
import type { Clock } from '../ports/clock.js';
import type { JobContext, JobQueue } from '../ports/job-queue.js';
import type { AccountStore } from '../ports/account-store.js';
import { normaliseEmail, workspaceOf } from './accounts.service.js';
import { LoginThrottle } from './login-throttle.js';
import { HashQueueFull } from './password-pool.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { TeamStore } from '../ports/team-store.js';
import { randomToken, sha256Hex } from './tokens.js';

export const PASSWORD_RESET_REQUEST_QUEUE = 'password-reset-request';
/** A link someone asked for by e-mail: short, since it only has to cross one inbox. */
export const RESET_TTL_MS = 30 * 60 * 1000;
/** A link an admin made: it is handed over by hand, so it lasts a day. */
export const ADMIN_RESET_TTL_MS = 24 * 60 * 60 * 1000;
/** Reset links made for one person per hour, by asking (silently dropped past it) — a mailbox is not a target. */
const MAX_RESETS_PER_HOUR = 3;

const ResetRequestPayload = z.object({ email: z.string() });

export type PasswordChangeOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface PasswordServiceOptions {
  accounts: AccountStore;
  team: TeamStore;
  outbox: MailOutbox;
  queue: JobQueue;
  /** An admin's reset link for a member is audited (who made one for whom; never the link). */
  audit: AuditLog;
  clock: Clock;
  /** REELBACK_PUBLIC_URL: the only base for links in e-mails a stranger can ask for (never a request's Host). */
  publicUrl: string | null;
  logError: Logger;
  /** Wrong current passwords per user; 10 in 15 minutes by default. */
  throttle?: LoginThrottle;
  /** Whether the user belongs to a workspace that turned passwords off (single sign-on only): no resets then. */
  passwordsOff?: (userId: string) => Promise<boolean>;
}

/**
 * Passwords: a signed-in person changes theirs (with the current one; their other sessions end); anyone may ask for a
 * reset link by e-mail (the answer never says whether the address has an account: the work happens in a job); a
 * link is one-time and short-lived; an admin may make a link for a member when no e-mail can be sent.
 */
export class PasswordService {
  private readonly throttle: LoginThrottle;

  constructor(private readonly options: PasswordServiceOptions) {
    this.throttle = options.throttle ?? new LoginThrottle(options.clock);
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }

  async change(caller: Caller, input: { currentPassword: string; newPassword: string }): Promise<PasswordChangeOutcome> {
    if (caller.via !== 'session' || caller.userId === null) {
      throw new ServiceError('forbidden', 'session-required', "a password is changed by its owner, logged in (cookie session), not with a key");
    }
    const wait = this.throttle.retryAfter(caller.userId);
    if (wait > 0) return { ok: false, retryAfterSeconds: wait };
    if (input.newPassword === input.currentPassword) {
      throw new ServiceError('invalid', 'same-password', 'the new password is the current one: choose another', [{ path: ['newPassword'], message: 'same as the current password' }]);
    }
    const hash = await this.options.team.passwordHashOf(caller.userId);
    if (hash === undefined || !(await busyAsError(verifyPassword(input.currentPassword, hash)))) {
      this.throttle.fail(caller.userId);
      throw new ServiceError('forbidden', 'wrong-password', 'the current password is wrong', [{ path: ['currentPassword'], message: 'wrong password' }]);
    }
    this.throttle.succeed(caller.userId);
    const newHash = await busyAsError(hashPassword(input.newPassword));
    await this.options.team.changePassword(caller.userId, newHash, caller.sessionId ?? null, this.now());
    return { ok: true };
  }

  /**
   * Someone asked for a reset link for `email`. Whether or not it has an account, the same job is queued (or, without
   * e-mail, nothing happens), so neither the answer nor its timing tells.
   */
  async requestReset(email: string): Promise<void> {
    if (!this.options.outbox.configured || this.options.publicUrl === null) return;
    await this.options.queue.enqueue(PASSWORD_RESET_REQUEST_QUEUE, { email: normaliseEmail(email) }, { maxAttempts: 3 });
  }

  /** The `password-reset-request` job: a link for an account that exists and is in a workspace, e-mailed. */
  readonly handleResetRequest = async (payload: unknown, _context: JobContext): Promise<void> => {
    const { email } = ResetRequestPayload.parse(payload);
    const { accounts, team, publicUrl, logError, clock } = this.options;
    const user = await accounts.findUserByEmail(email);
    if (!user || publicUrl === null || (await accounts.membershipsOf(user.id)).length === 0) return;
    // Same silence as for an unknown address: the answer was given already, and says nothing either way.
    if (await this.passwordsOff(user.id)) return;
    const hourAgo = new Date(clock.now().getTime() - 60 * 60 * 1000).toISOString();
    if ((await team.countPasswordResetsSince(user.id, hourAgo)) >= MAX_RESETS_PER_HOUR) {
      logError('password reset link not made', new Error(`password reset for ${email} not sent: ${MAX_RESETS_PER_HOUR} links were made for it in the last hour`));
      return;
    }
    const { id, url, expiresAt } = await this.makeLink(user.id, null, RESET_TTL_MS, publicUrl);
    await this.options.outbox.send(passwordResetMessage({ to: user.email, url, expiresAt, madeBy: null }), { workspaceId: null, topic: 'password-reset', topicId: id });
  };

  /** What a reset link is for, before its new password is typed; a clear refusal for a used, expired or unknown link. */
  async checkReset(token: string): Promise<PasswordResetLinkInfo> {
    const reset = await this.options.team.getPasswordReset(sha256Hex(token));
    const at = this.now();
    if (!reset) throw unknownLink();
    if (reset.usedAt !== null) throw usedLink();
    if (reset.expiresAt <= at) throw expiredLink();
    const user = await this.options.accounts.getUser(reset.userId);
    if (!user) throw unknownLink();
    if (await this.passwordsOff(user.id)) throw passwordsDisabled();
    return { email: user.email, expiresAt: reset.expiresAt };
  }

  /** Sets the password with a live link (once); every session of the account ends, and its other links with them. */
  async confirmReset(input: { token: string; newPassword: string }): Promise<void> {
    await this.checkReset(input.token);
    const passwordHash = await busyAsError(hashPassword(input.newPassword));
    const used = await this.options.team.usePasswordReset({ id: sha256Hex(input.token), at: this.now(), passwordHash });
    if (used.ok) return;
    throw used.reason === 'used' ? usedLink() : used.reason === 'expired' ? expiredLink() : unknownLink();
  }

  /**
   * An admin's reset link for a member of their workspace. The link itself is given to the admin only when every
   * workspace the member belongs to is one the caller administers (else an admin here could take over an account that
   * also works elsewhere); otherwise it can only go to the member's own inbox.
   */
  async makeResetFor(caller: Caller, userId: string, input: { send?: boolean | undefined }, baseUrl: string): Promise<MemberResetLink> {
    const workspaceId = workspaceOf(caller);
    const { accounts, outbox } = this.options;
    const member = await accounts.getMember(workspaceId, userId);
    if (!member) throw new ServiceError('not-found', 'member-not-found', 'no such member in this workspace');
    if (await this.passwordsOff(userId)) throw passwordsDisabled();
    const showable = await this.administersAllOf(caller, userId);
    const send = showable ? (input.send ?? outbox.configured) : true;
    if (!showable && (!outbox.configured || input.send === false)) {
      throw new ServiceError(
        'conflict',
        'member-in-other-workspaces',
        'this member also belongs to workspaces you do not administer, so their reset link can only be e-mailed to them ' +
          (outbox.configured ? '(leave "send" on)' : '(this server sends no e-mail: an admin of all their workspaces, or the server admin key, can make one)'),
      );
    }
    const { id, url, expiresAt } = await this.makeLink(userId, caller.userId, ADMIN_RESET_TTL_MS, baseUrl);
    await this.options.audit.record({ workspaceId }, caller, 'member.reset-link-created', { type: 'member', id: userId, label: member.user.email }, { emailed: send, expiresAt });
    let delivery = null;
    if (send) {
      const madeBy = caller.userId === null ? null : await accounts.getUser(caller.userId);
      const sent = await outbox.send(passwordResetMessage({ to: member.user.email, url, expiresAt, madeBy: madeBy ? madeBy.name || madeBy.email : 'An admin' }), {
        workspaceId,
        topic: 'password-reset',
        topicId: id,
      });
      delivery = deliveryView(sent) ?? NOT_CONFIGURED;
    }
    return { url: showable ? url : null, expiresAt, delivery };
  }

  private passwordsOff(userId: string): Promise<boolean> {
    return this.options.passwordsOff?.(userId) ?? Promise.resolve(false);
  }

  private async administersAllOf(caller: Caller, userId: string): Promise<boolean> {
    if (caller.via === 'admin-key') return true;
    const administered = new Set(
      caller.userId === null
        ? [workspaceOf(caller)]
        : (await this.options.accounts.membershipsOf(caller.userId)).filter((m) => m.role === 'admin').map((m) => m.workspaceId),
    );
    return (await this.options.accounts.membershipsOf(userId)).every((m) => administered.has(m.workspaceId));
  }

  private async makeLink(userId: string, createdBy: string | null, ttlMs: number, baseUrl: string) {
    const token = randomToken();
    const now = this.options.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const id = sha256Hex(token);
    await this.options.team.insertPasswordReset({ id, userId, createdBy, createdAt: now.toISOString(), expiresAt, usedAt: null });
    return { id, url: `${baseUrl}/app/reset#token=${token}`, expiresAt };
  }
}

/** A full hashing queue is a "try again shortly", not a server error. */
/** A member of a workspace that signs in with single sign-on only has no password to reset. */
export const passwordsDisabled = () =>
  new ServiceError('forbidden', 'passwords-disabled', 'passwords are turned off for this workspace: sign in with single sign-on (SSO) instead');

async function busyAsError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof HashQueueFull) throw new ServiceError('too-many', 'busy', 'too many passwords are being checked right now; try again in a few seconds');
    throw error;
  }
}

const unknownLink = () => new ServiceError('not-found', 'reset-invalid', 'this password reset link is not valid: ask for a new one');
const usedLink = () => new ServiceError('gone', 'reset-used', 'this password reset link was used already: ask for a new one if you need to');
const expiredLink = () => new ServiceError('gone', 'reset-expired', 'this password reset link has expired: ask for a new one');
