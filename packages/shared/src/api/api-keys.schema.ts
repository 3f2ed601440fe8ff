import * as z from 'zod';
import { Editor } from './flow-authoring.schema.js';
import { UtcDateTime } from './time.schema.js';

/**
 * What a workspace API key may do. Each scope includes the weaker ones (`admin` ⊃ `write` ⊃ `read`) and matches a
 * role: `read` does what a manager may (read flows, answers, analytics, exports, streams), `write` what an owner may
 * (also change flows, answers, transcripts, media; delete a session), `admin` what an admin may (also members,
 * invites, keys, tracker, webhooks, erasure, the audit log). Every owner route names the scope it needs.
 */
export const ApiKeyScope = z.enum(['read', 'write', 'admin']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const CreateApiKeyRequest = z.object({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(ApiKeyScope).min(1).max(3).meta({ description: 'Usually one: the strongest one given decides (a stronger scope covers the weaker ones)' }),
  expiresAt: UtcDateTime.nullable()
    .optional()
    .meta({ description: 'When the key stops working (ISO date-time, in the future); absent or null: it never expires' }),
});
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

export const ApiKeyStatus = z.enum(['active', 'expired', 'revoked']);
export type ApiKeyStatus = z.infer<typeof ApiKeyStatus>;

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'The public start of the key (`rb_<prefix>_…`), to recognise it' }),
  scopes: z.array(ApiKeyScope),
  /** Who made it, as named then; null for keys made before this was recorded by the admin key or another key. */
  createdBy: Editor.nullable(),
  createdAt: z.string(),
  /** Recorded at most once a minute per key, so up to a minute behind. */
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** At the time of the answer: revoked wins over expired. */
  status: ApiKeyStatus,
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyView) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const CreatedApiKey = ApiKeyView.extend({
  key: z.string().meta({ description: 'The whole key, `rb_<prefix>_<secret>`: shown this once, stored hashed' }),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
