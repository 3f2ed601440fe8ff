// Settings → Members (admins): the members with their last activity, open invites with how their e-mail went,
// inviting, making an invite again, revoking, roles, removal and reset links. Types from @reelback/shared (types only).
import type { CreatedTeamInvite, CreateTeamInvite, MemberResetLink, TeamInviteList, TeamMember, TeamRole } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';

const member = (userId: string) => `/workspace/members/${encodeURIComponent(userId)}`;
const invite = (inviteId: string) => `/workspace/invites/${encodeURIComponent(inviteId)}`;

export async function listMembers(api: ApiClient): Promise<TeamMember[]> {
  return (await api.get<{ members: TeamMember[] }>('/workspace/members')).members;
}

export function listInvites(api: ApiClient): Promise<TeamInviteList> {
  return api.get<TeamInviteList>('/workspace/invites');
}

/** 409 `already-member` when the e-mail is in the workspace already. */
export async function createInvite(api: ApiClient, body: CreateTeamInvite): Promise<CreatedTeamInvite> {
  return (await api.send<CreatedTeamInvite>('POST', '/workspace/invites', body))!;
}

/** A new link for an open invite (the old one stops working), e-mailed like a new invite. */
export async function resendInvite(api: ApiClient, inviteId: string): Promise<CreatedTeamInvite> {
  return (await api.send<CreatedTeamInvite>('POST', `${invite(inviteId)}/resend`))!;
}

export async function revokeInvite(api: ApiClient, inviteId: string): Promise<void> {
  await api.send('DELETE', invite(inviteId));
}

/** 409 `last-admin` when it would leave no admin. */
export async function setRole(api: ApiClient, userId: string, role: TeamRole): Promise<TeamMember> {
  return (await api.send<TeamMember>('PATCH', member(userId), { role }))!;
}

export async function removeMember(api: ApiClient, userId: string): Promise<void> {
  await api.send('DELETE', member(userId));
}

/** `url` null: it could only be e-mailed (the member is in workspaces this admin does not run). */
export async function makeResetLink(api: ApiClient, userId: string): Promise<MemberResetLink> {
  return (await api.send<MemberResetLink>('POST', `${member(userId)}/password-reset`, {}))!;
}
