import type { CreatedTeamInvite, TeamInvite, TeamInviteList, TeamMember, TeamRole } from '@reelback/shared';
import type { AuditLog } from '../audit/audit-log.js';
import { ServiceError } from '../errors/service-error.js';
import type { Caller } from '../ports/caller.js';
import { inviteMessage } from '../mail/mail-messages.js';
import type { MailDeliveryStore } from '../ports/mail-delivery-store.js';
import { deliveryView, type MailOutbox, NOT_CONFIGURED } from '../mail/mail-outbox.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore, InviteRecord } from '../ports/account-store.js';
import type { Role } from '../ports/caller.js';
import { type AccountsService, normaliseEmail, workspaceOf } from './accounts.service.js';
import type { TeamStore } from '../ports/team-store.js';
import { sha256Hex } from './tokens.js';

/** Expired invites stay listed this long (so an admin sees that one lapsed, and can make it again). */
const SHOW_EXPIRED_MS = 30 * 24 * 60 * 60 * 1000;

export interface MembersServiceOptions {
  accounts: AccountStore;
  team: TeamStore;
  deliveries: MailDeliveryStore;
  outbox: MailOutbox;
  /** Makes and accepts invites (the invite record, its token and expiry). */
  accountsService: AccountsService;
  /** Revoking an invite is audited with the revocation (the store writes both in one transaction). */
  audit: AuditLog;
  clock: Clock;
}

/**
 * Settings → Members: the workspace's members with their last activity, its open invites with how their e-mail went,
 * inviting (e-mailed when the server sends e-mail; the link is always given back to copy), making an invite again,
 * revoking one, changing roles and removing members (never the last admin: the store refuses).
 */
export class MembersService {
  constructor(private readonly options: MembersServiceOptions) {}

  async listMembers(workspaceId: string): Promise<TeamMember[]> {
    const members = await this.options.team.listMembers(workspaceId);
    return members.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.joinedAt, lastActiveAt: m.lastActiveAt }));
  }

  async listInvites(workspaceId: string): Promise<TeamInviteList> {
    const now = this.options.clock.now();
    const since = new Date(now.getTime() - SHOW_EXPIRED_MS).toISOString();
    const invites = await this.options.team.listOpenInvites(workspaceId, since);
    const deliveries = await this.options.deliveries.latestFor('invite', invites.map((i) => i.id));
    const names = await this.namesOf(invites.map((i) => i.createdBy));
    return {
      invites: invites.map((invite) => ({
        ...this.inviteView(invite, now.toISOString(), names),
        // An invite with an address and no delivery was made while the server sent no e-mail (deliveries outlive the list).
        delivery: invite.email === null ? null : (deliveryView(deliveries.get(invite.id)) ?? NOT_CONFIGURED),
      })),
      mail: { configured: this.options.outbox.configured },
    };
  }

  /** A new invite; e-mailed when it names an e-mail and the server sends e-mail. `baseUrl` is where the link points. */
  async invite(caller: Caller, input: { role: TeamRole; email?: string | undefined }, baseUrl: string): Promise<CreatedTeamInvite> {
    const workspaceId = workspaceOf(caller);
    if (input.email !== undefined) {
      const user = await this.options.accounts.findUserByEmail(normaliseEmail(input.email));
      if (user && (await this.options.accounts.getMember(workspaceId, user.id))) {
        throw new ServiceError('conflict', 'already-member', `a member of this workspace uses ${normaliseEmail(input.email)} already`, [
          { path: ['email'], message: 'already a member' },
        ]);
      }
    }
    const made = await this.options.accountsService.createInvite(caller, input);
    return this.handOver(caller, workspaceId, made, baseUrl);
  }

  /**
   * The invite again, with a new link (only the old token's hash is kept, so the old link cannot be shown again):
   * the old one stops working, the new one is e-mailed like a new invite, valid 7 days from now.
   */
  async reinvite(caller: Caller, inviteId: string, baseUrl: string): Promise<CreatedTeamInvite> {
    const workspaceId = workspaceOf(caller);
    const old = await this.options.team.getInvite(workspaceId, inviteId);
    if (!old || old.acceptedAt !== null || old.revokedAt !== null) throw noInvite();
    const made = await this.options.accountsService.createInvite(caller, { role: old.role, ...(old.email !== null ? { email: old.email } : {}) });
    const revoked = await this.revokedEntry(caller, old, { reason: 'made again' });
    await this.options.team.revokeInvite(workspaceId, inviteId, this.options.clock.now().toISOString(), revoked);
    return this.handOver(caller, workspaceId, made, baseUrl);
  }

  async revoke(caller: Caller, inviteId: string): Promise<void> {
    const workspaceId = workspaceOf(caller);
    const invite = await this.options.team.getInvite(workspaceId, inviteId);
    if (!invite) throw noInvite();
    const revoked = await this.revokedEntry(caller, invite, { reason: 'revoked' });
    if ((await this.options.team.revokeInvite(workspaceId, inviteId, this.options.clock.now().toISOString(), revoked)) === 'not-found') throw noInvite();
  }

  private revokedEntry(caller: Caller, invite: InviteRecord, detail: { reason: 'revoked' | 'made again' }) {
    return this.options.audit.entry({ workspaceId: invite.workspaceId }, caller, 'invite.revoked', { type: 'invite', id: invite.id, label: invite.email }, {
      role: invite.role,
      ...detail,
    });
  }

  private async handOver(
    caller: Caller,
    workspaceId: string,
    made: { token: string; role: Role; email: string | null; expiresAt: string },
    baseUrl: string,
  ): Promise<CreatedTeamInvite> {
    const url = `${baseUrl}/app/invite#token=${made.token}`;
    const record = await this.options.team.getInvite(workspaceId, sha256Hex(made.token));
    if (!record) throw new Error('the invite just made is not there');
    const names = await this.namesOf([record.createdBy]);
    let delivery = null;
    if (made.email !== null) {
      const workspace = await this.options.accounts.getWorkspace(workspaceId);
      const sent = await this.options.outbox.send(
        inviteMessage({
          to: made.email,
          workspaceName: workspace?.name ?? 'a workspace',
          invitedBy: record.createdBy === null ? null : (names.get(record.createdBy) ?? null),
          role: made.role,
          url,
          expiresAt: made.expiresAt,
        }),
        { workspaceId, topic: 'invite', topicId: record.id },
      );
      delivery = deliveryView(sent) ?? NOT_CONFIGURED;
    }
    return { ...this.inviteView(record, this.options.clock.now().toISOString(), names), delivery, url, token: made.token };
  }

  private inviteView(invite: InviteRecord, now: string, names: Map<string, string>): Omit<TeamInvite, 'delivery'> {
    return {
      id: invite.id,
      role: invite.role,
      email: invite.email,
      state: invite.expiresAt > now ? 'pending' : 'expired',
      createdAt: invite.createdAt,
      expiresAt: invite.expiresAt,
      invitedBy: invite.createdBy === null ? null : (names.get(invite.createdBy) ?? null),
    };
  }

  /** Each user's name (or e-mail when it has none). */
  private async namesOf(userIds: (string | null)[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(userIds)) {
      if (id === null) continue;
      const user = await this.options.accounts.getUser(id);
      if (user) names.set(id, user.name || user.email);
    }
    return names;
  }
}

const noInvite = () => new ServiceError('not-found', 'invite-not-found', 'no open invite with this id in this workspace (it was accepted, revoked, or made again)');
