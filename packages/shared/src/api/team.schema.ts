import * as z from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-limits.js';

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

export const TeamRole = z.enum(['manager', 'owner', 'admin']).meta({ description: 'manager: reads and analyses; owner: also edits; admin: also runs the workspace' });
export type TeamRole = z.infer<typeof TeamRole>;

const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `use at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH, { message: `use at most ${MAX_PASSWORD_LENGTH} characters` });

/**
 * How an e-mail the server sent (an invite, a reset link) went. `not-configured`: the server has no SMTP
 * (REELBACK_SMTP_URL), so nothing was sent: hand the link over yourself.
 */
export const MailDelivery = z.object({
  status: z.enum(['not-configured', 'queued', 'retrying', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  error: z.string().nullable().meta({ description: "Why the last try failed (the mail server's answer or the connection problem)" }),
  sentAt: z.string().nullable(),
});
export type MailDelivery = z.infer<typeof MailDelivery>;

export const TeamMember = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: TeamRole,
  joinedAt: z.string(),
  lastActiveAt: z.string().nullable().meta({ description: 'Last use of the dashboard in this workspace (to within 5 minutes); null: not since activity was recorded' }),
});
export type TeamMember = z.infer<typeof TeamMember>;
export const TeamMemberList = z.object({ members: z.array(TeamMember) });
export type TeamMemberList = z.infer<typeof TeamMemberList>;

export const TeamInvite = z.object({
  id: z.string().meta({ description: "The invite's id (the SHA-256 of its token: the token itself is never kept)" }),
  role: TeamRole,
  email: z.string().nullable().meta({ description: 'Only this e-mail may accept it; null: anyone with the link' }),
  state: z.enum(['pending', 'expired']),
  createdAt: z.string(),
  expiresAt: z.string(),
  invitedBy: z.string().nullable().meta({ description: "Who made it (name or e-mail); null for a key's" }),
  delivery: MailDelivery.nullable().meta({ description: 'How its e-mail went; null when it has no e-mail address' }),
});
export type TeamInvite = z.infer<typeof TeamInvite>;

export const TeamInviteList = z.object({
  invites: z.array(TeamInvite).meta({ description: 'Invites not accepted or revoked: pending ones, and those that expired in the last 30 days' }),
  mail: z.object({ configured: z.boolean().meta({ description: 'Whether this server sends e-mail (REELBACK_SMTP_URL)' }) }),
});
export type TeamInviteList = z.infer<typeof TeamInviteList>;

export const CreateTeamInvite = z.object({
  role: TeamRole,
  email: z.email().max(320).optional().meta({ description: 'Only this e-mail may accept the invite; the invite is e-mailed there when the server sends e-mail' }),
});
export type CreateTeamInvite = z.infer<typeof CreateTeamInvite>;

/** An invite just made (or made again): its link, shown this once. */
export const CreatedTeamInvite = TeamInvite.extend({
  url: z.string().meta({ description: 'The link to hand over (`/app/invite#token=…`): shown this once, only its hash is kept' }),
  token: z.string(),
});
export type CreatedTeamInvite = z.infer<typeof CreatedTeamInvite>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().max(MAX_PASSWORD_LENGTH),
  newPassword: NewPassword,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const PasswordResetRequest = z.object({ email: z.string().trim().max(320) });
export const PasswordResetToken = z.object({ token: z.string().min(1).max(200) });
export const PasswordResetConfirm = z.object({ token: z.string().min(1).max(200), newPassword: NewPassword });
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirm>;

export const PasswordResetLinkInfo = z.object({
  email: z.string().meta({ description: 'The account the link sets a password for' }),
  expiresAt: z.string(),
});
export type PasswordResetLinkInfo = z.infer<typeof PasswordResetLinkInfo>;

export const MemberResetLinkRequest = z.object({
  send: z.boolean().optional().meta({ description: 'E-mail the link to the member (default: yes when the server sends e-mail)' }),
});

/** A reset link an admin made for a member. */
export const MemberResetLink = z.object({
  url: z.string().nullable().meta({ description: "The link (`/app/reset#token=…`), shown this once; null when it was only e-mailed (the member is in workspaces you do not administer)" }),
  expiresAt: z.string(),
  delivery: MailDelivery.nullable().meta({ description: 'How its e-mail went; null when it was not e-mailed' }),
});
export type MemberResetLink = z.infer<typeof MemberResetLink>;
