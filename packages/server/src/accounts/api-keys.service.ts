import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import type { Caller } from '../http/owner-auth.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore, ApiKeyRecord, ApiKeyScope, Role } from '../ports/storage.js';
import { workspaceOf } from './accounts.service.js';
import { matchesHash, randomToken, sha256Hex } from './tokens.js';

/** `rb_<12 hex>_<43 base64url>`: the prefix finds the row, the whole key's SHA-256 proves it. */
const KEY_FORMAT = /^rb_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** `last_used_at` is written at most this often per key. */
const TOUCH_EVERY_MS = 60 * 1000;

/** The role an API key acts with: the strongest its scopes imply. */
export function roleOfScopes(scopes: readonly ApiKeyScope[]): Role {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('write')) return 'owner';
  return 'manager';
}

export const apiKeyView = ({ id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt }: ApiKeyRecord) => ({
  id,
  name,
  prefix,
  scopes,
  createdAt,
  lastUsedAt,
  revokedAt,
});

/** Per-workspace keys for scripts and integrations: scoped, stored hashed, revocable. */
export class ApiKeysService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, input: { name: string; scopes: ApiKeyScope[] }) {
    const prefix = randomBytes(6).toString('hex');
    const key = `rb_${prefix}_${randomToken(32)}`;
    const record: ApiKeyRecord = {
      id: uuidv7(),
      workspaceId: workspaceOf(caller),
      name: input.name,
      prefix,
      keyHash: sha256Hex(key),
      scopes: [...new Set(input.scopes)],
      createdBy: caller.userId,
      createdAt: this.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.accounts.insertApiKey(record);
    return { ...apiKeyView(record), key };
  }

  async list(caller: Caller) {
    return (await this.accounts.listApiKeys(workspaceOf(caller))).map(apiKeyView);
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    if (!(await this.accounts.revokeApiKey(workspaceOf(caller), id, this.clock.now().toISOString()))) {
      throw new ServiceError('not-found', 'api-key-not-found', 'no such API key in this workspace');
    }
  }

  async resolve(key: string): Promise<{ caller: Caller; scopes: readonly ApiKeyScope[] } | undefined> {
    const prefix = KEY_FORMAT.exec(key)?.[1];
    if (!prefix) return undefined;
    const record = await this.accounts.getApiKeyByPrefix(prefix);
    if (!record || !matchesHash(key, record.keyHash) || record.revokedAt !== null) return undefined;
    const now = this.clock.now();
    if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) {
      await this.accounts.touchApiKey(record.id, now.toISOString());
    }
    return {
      caller: { userId: null, workspaceId: record.workspaceId, role: roleOfScopes(record.scopes), via: 'api-key', apiKeyId: record.id },
      scopes: record.scopes,
    };
  }
}
