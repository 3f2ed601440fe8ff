import { randomBytes } from 'node:crypto';
import { type ApiKeyStatus, type ApiKeyView, uuidv7 } from '@reelback/shared';
import type { AuditLog } from '../audit/audit-log.js';
import { ServiceError } from '../errors/service-error.js';
import type { Caller } from '../ports/caller.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore, ApiKeyRecord } from '../ports/account-store.js';
import type { ApiKeyScope, Role } from '../ports/caller.js';
import { workspaceOf } from './accounts.service.js';
import { matchesHash, randomToken, sha256Hex } from './tokens.js';

/** `rb_<12 hex>_<43 base64url>`: the prefix finds the row, the whole key's SHA-256 proves it. */
const KEY_FORMAT = /^rb_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** `last_used_at` is written at most this often per key. */
export const TOUCH_EVERY_MS = 60 * 1000;

/** Where admins make and revoke keys: said by every refusal a key gets, and by the export CLI. */
export const API_KEYS_PAGE = 'Settings → API keys (/app/settings/api-keys)';

/** The role an API key acts with: the strongest its scopes imply. */
export function roleOfScopes(scopes: readonly ApiKeyScope[]): Role {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('write')) return 'owner';
  return 'manager';
}

function statusOf(record: ApiKeyRecord, now: number): ApiKeyStatus {
  if (record.revokedAt !== null) return 'revoked';
  return record.expiresAt !== null && Date.parse(record.expiresAt) <= now ? 'expired' : 'active';
}

export function apiKeyView(record: ApiKeyRecord, now: number): ApiKeyView {
  const { id, name, prefix, scopes, creator, createdAt, lastUsedAt, expiresAt, revokedAt } = record;
  return { id, name, prefix, scopes, createdBy: creator, createdAt, lastUsedAt, expiresAt, revokedAt, status: statusOf(record, now) };
}

/** What a presented key turned out to be: a caller, or why it is refused (said to the client as is). */
export type ApiKeyResolution =
  | { ok: true; caller: Caller; scopes: readonly ApiKeyScope[] }
  | { ok: false; code: 'unauthorized' | 'api-key-revoked' | 'api-key-expired'; message: string };

/**
 * Per-workspace keys for scripts and integrations: scoped, stored hashed, optionally expiring, revocable. Creating and
 * revoking are audited in the same transaction as the change.
 */
export class ApiKeysService {
  /** Keys whose last use is being written now, so a burst of requests makes one write. */
  private readonly touching = new Set<string>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async create(caller: Caller, input: { name: string; scopes: ApiKeyScope[]; expiresAt?: string | null | undefined }) {
    const now = this.clock.now();
    const expiresAt = input.expiresAt == null ? null : new Date(input.expiresAt).toISOString();
    if (expiresAt !== null && Date.parse(expiresAt) <= now.getTime()) {
      throw new ServiceError('invalid', 'expiry-in-past', `expiresAt must be in the future (it is ${now.toISOString()} now)`, [
        { path: ['expiresAt'], message: 'must be in the future, or left out for a key that never expires' },
      ]);
    }
    const workspaceId = workspaceOf(caller);
    const prefix = randomBytes(6).toString('hex');
    const key = `rb_${prefix}_${randomToken(32)}`;
    const scopes = [...new Set(input.scopes)];
    const id = uuidv7();
    const entry = await this.audit.entry({ workspaceId }, caller, 'api-key.created', { type: 'api-key', id, label: input.name }, { scopes, expiresAt, prefix });
    const record: ApiKeyRecord = {
      id,
      workspaceId,
      name: input.name,
      prefix,
      keyHash: sha256Hex(key),
      scopes,
      createdBy: caller.userId,
      creator: entry.actor,
      createdAt: now.toISOString(),
      lastUsedAt: null,
      expiresAt,
      revokedAt: null,
    };
    await this.accounts.insertApiKey(record, entry);
    return { ...apiKeyView(record, now.getTime()), key };
  }

  async list(caller: Caller): Promise<ApiKeyView[]> {
    const now = this.clock.now().getTime();
    return (await this.accounts.listApiKeys(workspaceOf(caller))).map((record) => apiKeyView(record, now));
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    const workspaceId = workspaceOf(caller);
    const key = (await this.accounts.listApiKeys(workspaceId)).find((k) => k.id === id);
    if (!key) throw new ServiceError('not-found', 'api-key-not-found', 'no such API key in this workspace');
    const entry = await this.audit.entry({ workspaceId }, caller, 'api-key.revoked', { type: 'api-key', id, label: key.name }, { prefix: key.prefix, scopes: key.scopes });
    if (!(await this.accounts.revokeApiKey(workspaceId, id, this.clock.now().toISOString(), entry))) {
      throw new ServiceError('not-found', 'api-key-not-found', 'no such API key in this workspace');
    }
  }

  /**
   * The caller a presented key acts as, or why not. Only a key whose whole secret matches learns more than "unknown"
   * (that it was revoked or has expired, and when), so the answer tells a guesser nothing.
   */
  async resolve(key: string): Promise<ApiKeyResolution> {
    const prefix = KEY_FORMAT.exec(key)?.[1];
    const record = prefix === undefined ? undefined : await this.accounts.getApiKeyByPrefix(prefix);
    if (!record || !matchesHash(key, record.keyHash)) {
      return { ok: false, code: 'unauthorized', message: `this API key is not known here; an admin makes keys in ${API_KEYS_PAGE}` };
    }
    if (record.revokedAt !== null) {
      return { ok: false, code: 'api-key-revoked', message: `this API key ("${record.name}") was revoked at ${record.revokedAt}; an admin makes a new one in ${API_KEYS_PAGE}` };
    }
    const now = this.clock.now();
    if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) {
      return { ok: false, code: 'api-key-expired', message: `this API key ("${record.name}") expired at ${record.expiresAt}; an admin makes a new one in ${API_KEYS_PAGE}` };
    }
    await this.touch(record, now);
    return {
      ok: true,
      caller: { userId: null, workspaceId: record.workspaceId, role: roleOfScopes(record.scopes), via: 'api-key', apiKeyId: record.id },
      scopes: record.scopes,
    };
  }

  /** Records the last use when the stored one is a minute old or more: one conditional UPDATE per key per minute. */
  private async touch(record: ApiKeyRecord, now: Date): Promise<void> {
    const staleBefore = new Date(now.getTime() - TOUCH_EVERY_MS).toISOString();
    if (record.lastUsedAt !== null && record.lastUsedAt >= staleBefore) return;
    if (this.touching.has(record.id)) return;
    this.touching.add(record.id);
    try {
      await this.accounts.touchApiKey(record.id, now.toISOString(), staleBefore);
    } finally {
      this.touching.delete(record.id);
    }
  }
}
