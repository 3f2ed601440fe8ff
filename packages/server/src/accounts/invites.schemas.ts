import * as z from 'zod';
import { RoleSchema } from './accounts.schemas.js';

export const InviteTokenRequest = z.object({
  token: z.string().min(1).max(200).meta({ description: 'The token from the invite link (`/app/invite#token=…`)' }),
});

export const InvitePreview = z.object({
  workspace: z.object({ name: z.string() }),
  role: RoleSchema,
  email: z.string().nullable().meta({ description: 'Only this e-mail may accept; null: whoever has the link' }),
  invitedBy: z.string().nullable().meta({ description: 'The name of the admin who made the invite, while they have an account' }),
  state: z.enum(['pending', 'expired', 'used']).meta({ description: 'pending: it can be accepted; expired (after 7 days) and used: it cannot' }),
  expiresAt: z.string(),
  hasAccount: z
    .boolean()
    .nullable()
    .meta({ description: 'Whether the invited e-mail has an account already (then accepting takes its password); null for an invite without an e-mail' }),
});
