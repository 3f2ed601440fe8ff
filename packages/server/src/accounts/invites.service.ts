import { ServiceError } from '../errors/service-error.js';
import type { Caller } from '../ports/caller.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore, InviteRecord } from '../ports/account-store.js';
import type { Role } from '../ports/caller.js';
import type { AccountsService, NewSession } from './accounts.service.js';
import { sha256Hex } from './tokens.js';

export interface InvitePreview {
  workspace: { name: string };
  role: Role;
  email: string | null;
  invitedBy: string | null;
  state: 'pending' | 'expired' | 'used';
  expiresAt: string;
  hasAccount: boolean | null;
}

/**
 * What the invite page needs besides accepting with a password (`AccountsService.acceptInvite`): what an invite
 * is for, shown to whoever holds its token, and joining with the session one is already logged in with.
 */
export class InvitesService {
  constructor(
    private readonly store: AccountStore,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
  ) {}

  private async find(token: string): Promise<InviteRecord> {
    const invite = await this.store.getInvite(sha256Hex(token));
    if (!invite) {
      throw new ServiceError('not-found', 'invite-not-found', 'there is no such invite: the link may be incomplete, or the invite was withdrawn', [
        { path: ['token'], message: 'no such invite' },
      ]);
    }
    return invite;
  }

  private stateOf(invite: InviteRecord): InvitePreview['state'] {
    if (invite.acceptedAt !== null) return 'used';
    return invite.expiresAt <= this.clock.now().toISOString() ? 'expired' : 'pending';
  }

  /** The token is the proof: its holder may see the workspace's name, the role, and whom it is for. */
  async preview(token: string): Promise<InvitePreview> {
    const invite = await this.find(token);
    const [workspace, inviter, account] = await Promise.all([
      this.store.getWorkspace(invite.workspaceId),
      invite.createdBy ? this.store.getUser(invite.createdBy) : undefined,
      invite.email ? this.store.findUserByEmail(invite.email) : undefined,
    ]);
    if (!workspace) throw new Error(`invite of a workspace that is gone: ${invite.workspaceId}`);
    return {
      workspace: { name: workspace.name },
      role: invite.role,
      email: invite.email,
      invitedBy: inviter?.name ?? null,
      state: this.stateOf(invite),
      expiresAt: invite.expiresAt,
      hasAccount: invite.email === null ? null : account !== undefined,
    };
  }

  /**
   * The logged-in user joins the invite's workspace, and the cookie session moves there (a new session, as a
   * workspace switch makes). Keys cannot join: an invite is for a person.
   */
  async join(caller: Caller, token: string): Promise<NewSession> {
    if (caller.via !== 'session' || caller.userId === null || caller.sessionId === undefined) {
      throw new ServiceError('forbidden', 'session-required', 'an invite is joined by a logged-in person (cookie session), not with a key');
    }
    const invite = await this.find(token);
    const state = this.stateOf(invite);
    if (state === 'used') throw new ServiceError('gone', 'invite-used', 'this invite was used already; ask an admin of the workspace for a new one');
    if (state === 'expired') throw new ServiceError('gone', 'invite-expired', 'this invite has expired; ask an admin of the workspace for a new one');
    const user = await this.store.getUser(caller.userId);
    if (!user) throw new Error(`the session's user ${caller.userId} is gone`);
    const accepted = await this.store.acceptInvite({ inviteId: invite.id, email: user.email, at: this.clock.now().toISOString(), existingUserId: user.id });
    if (!accepted.ok) {
      if (accepted.reason === 'email-mismatch') {
        throw new ServiceError('forbidden', 'invite-email-mismatch', `this invite is for ${invite.email}, and you are logged in as ${user.email}: log out and accept it as ${invite.email}`);
      }
      if (accepted.reason === 'already-member') throw new ServiceError('conflict', 'already-member', 'you are a member of this workspace already');
      // Used or expired between the look above and the transaction.
      throw new ServiceError('gone', 'invite-used', 'this invite was used already or has just expired; ask an admin of the workspace for a new one');
    }
    const session = await this.accounts.startSession(accepted.user, accepted.workspaceId, accepted.role);
    await this.accounts.logout(caller);
    return session;
  }
}
