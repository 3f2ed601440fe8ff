import { CreatedTeamInvite, CreateTeamInvite, MemberResetLink, MemberResetLinkRequest, TeamInviteList, TeamMember, TeamMemberList, TeamRole } from '@reelback/shared';
import * as z from 'zod';
import { publicBaseUrl } from '../http/public-base-url.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { type AccountsService, workspaceOf } from './accounts.service.js';
import type { MembersService } from './members.service.js';
import type { PasswordService } from './password.service.js';

const tag = 'Workspace';

const UserIdParams = z.object({ userId: z.string().min(1).max(100) });
const InviteIdParams = z.object({ inviteId: z.string().min(1).max(100) });
const SetRoleRequest = z.object({ role: TeamRole });

const inviteDelivery =
  'With an `email` and a server that sends e-mail (REELBACK_SMTP_URL) the link is e-mailed by a background job, retried ' +
  'with backoff: `delivery` says how that stands (`queued`, then `sent`, or `retrying`/`failed` with the mail ' +
  "server's reason), and `GET /workspace/invites` follows it. The answer never waits for the mail server.";

/** Settings → Members: members, invites (made, made again, revoked), roles, removal and admins' reset links. */
export function membersRoutes(members: MembersService, accounts: AccountsService, passwords: PasswordService, publicUrl: string | null): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/workspace/members',
      operationId: 'listMembers',
      summary: 'The members of this workspace, their roles and last activity',
      tag,
      access: 'owner',
      responses: { 200: { description: 'The members, oldest first', schema: TeamMemberList } },
      handler: async ({ c }) => c.json({ members: await members.listMembers(workspaceOf(c.var.caller)) }, 200),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/workspace/members/:userId',
      operationId: 'setMemberRole',
      summary: "Change a member's role",
      tag,
      access: 'owner',
      minRole: 'admin',
      params: UserIdParams,
      body: { schema: SetRoleRequest },
      responses: {
        200: { description: 'The member', schema: TeamMember },
        404: { description: 'No such member here (`member-not-found`)' },
        409: { description: 'That would leave the workspace without an admin (`last-admin`)' },
      },
      handler: async ({ params, body, c }) => {
        const workspaceId = workspaceOf(c.var.caller);
        await accounts.setRole(c.var.caller, params.userId, body.role);
        const member = (await members.listMembers(workspaceId)).find((m) => m.userId === params.userId);
        return c.json(member, 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/workspace/members/:userId/password-reset',
      operationId: 'makeMemberResetLink',
      summary: 'Make a password reset link for a member (valid 24 hours, once)',
      description:
        'The link is given back to copy when every workspace the member belongs to is one you administer; otherwise it can ' +
        'only be e-mailed to them. `send` (default: yes when the server sends e-mail) e-mails it too. Using it ends all the ' +
        "member's sessions.",
      tag,
      access: 'owner',
      minRole: 'admin',
      params: UserIdParams,
      body: { schema: MemberResetLinkRequest },
      responses: {
        201: { description: 'The link (shown this once) and its e-mail', schema: MemberResetLink },
        404: { description: 'No such member here (`member-not-found`)' },
        409: { description: 'The member is in workspaces you do not administer and the link cannot be e-mailed (`member-in-other-workspaces`)' },
      },
      handler: async ({ params, body, c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await passwords.makeResetFor(c.var.caller, params.userId, body, publicBaseUrl(publicUrl, c)), 201);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/workspace/members/:userId',
      operationId: 'removeMember',
      summary: 'Remove a member (and end their sessions here)',
      tag,
      access: 'owner',
      minRole: 'admin',
      params: UserIdParams,
      responses: {
        204: { description: 'Removed' },
        404: { description: 'No such member here (`member-not-found`)' },
        409: { description: 'That would leave the workspace without an admin (`last-admin`)' },
      },
      handler: async ({ params, c }) => {
        await accounts.removeMember(c.var.caller, params.userId);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/workspace/invites',
      operationId: 'listInvites',
      summary: 'Open invites of this workspace: pending, or expired in the last 30 days, with how their e-mail went',
      tag,
      access: 'owner',
      minRole: 'admin',
      responses: { 200: { description: 'The invites, newest first, and whether this server sends e-mail', schema: TeamInviteList } },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await members.listInvites(workspaceOf(c.var.caller)), 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/workspace/invites',
      operationId: 'createInvite',
      summary: 'Invite someone to this workspace with a role (link valid 7 days, once)',
      description: inviteDelivery,
      tag,
      access: 'owner',
      minRole: 'admin',
      body: { schema: CreateTeamInvite },
      responses: {
        201: { description: 'The invite; its link is shown this once', schema: CreatedTeamInvite },
        409: { description: 'That e-mail is a member already (`already-member`)' },
      },
      handler: async ({ body, c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await members.invite(c.var.caller, body, publicBaseUrl(publicUrl, c)), 201);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/workspace/invites/:inviteId/resend',
      operationId: 'resendInvite',
      summary: 'Make an open invite again with a new link (the old link stops working), e-mailed like a new one',
      description: `Only the hash of an invite's token is kept, so its link cannot be shown again: this makes a new one, valid 7 days. ${inviteDelivery}`,
      tag,
      access: 'owner',
      minRole: 'admin',
      params: InviteIdParams,
      responses: {
        201: { description: 'The new invite (new id and link)', schema: CreatedTeamInvite },
        404: { description: 'No open invite with this id here (`invite-not-found`)' },
      },
      handler: async ({ params, c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await members.reinvite(c.var.caller, params.inviteId, publicBaseUrl(publicUrl, c)), 201);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/workspace/invites/:inviteId',
      operationId: 'revokeInvite',
      summary: 'Revoke an open invite: its link stops working at once',
      tag,
      access: 'owner',
      minRole: 'admin',
      params: InviteIdParams,
      responses: {
        204: { description: 'Revoked' },
        404: { description: 'No open invite with this id here (`invite-not-found`)' },
      },
      handler: async ({ params, c }) => {
        await members.revoke(c.var.caller, params.inviteId);
        return c.body(null, 204);
      },
    }),
  ];
}
