import * as z from 'zod';
import { BootstrapRequest } from './accounts.schemas.js';

export const SetupStatus = z.object({
  pending: z.boolean().meta({ description: 'true while the server has no account: the setup page (or the admin key\'s bootstrap) makes the first' }),
});

export const SetupRequest = BootstrapRequest.extend({
  code: z
    .string()
    .min(1)
    .max(64)
    .meta({ description: 'The one-time setup code from the server\'s start-up log (`ABCD-EFGH-JKMN-PQRS`; case, spaces and dashes do not matter)' }),
});
