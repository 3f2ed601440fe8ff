// The invite page's calls: what an invite is for, accepting it with a password, and joining it while logged in.
import type { ApiClient, AuthInfo, Role } from '../api/api-client.js';

export interface InvitePreview {
  workspace: { name: string };
  role: Role;
  /** Only this e-mail may accept; null: whoever has the link. */
  email: string | null;
  invitedBy: string | null;
  state: 'pending' | 'expired' | 'used';
  expiresAt: string;
  /** Whether the invited e-mail has an account (then accepting takes its password); null for an open invite. */
  hasAccount: boolean | null;
}

export async function previewInvite(api: ApiClient, token: string): Promise<InvitePreview> {
  return (await api.send<InvitePreview>('POST', '/auth/invites/preview', { token }))!;
}

/** A new account (with a name) or an existing one (its password) joins, and is logged in. */
export function acceptInvite(api: ApiClient, body: { token: string; email: string; password: string; name?: string }): Promise<AuthInfo> {
  return api.startSession('/auth/invites/accept', body);
}

/** The logged-in person joins; the session moves to the invite's workspace (a new CSRF token). */
export async function joinInvite(api: ApiClient, token: string): Promise<AuthInfo> {
  const info = (await api.send<AuthInfo>('POST', '/auth/invites/join', { token }))!;
  api.csrfToken = info.csrfToken;
  return info;
}
