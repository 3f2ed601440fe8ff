import { uuidv7 } from '@reelback/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.js';
import type { AuditRecord } from '../ports/audit-store.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { AuditRetention, auditRetentionDaysFromEnv, DEFAULT_AUDIT_RETENTION_DAYS } from './audit-retention.js';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const clock = { now: () => NOW };
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function entry(workspaceId: string | null, at: string): AuditRecord {
  return {
    id: uuidv7(),
    workspaceId,
    at,
    action: 'api-key.created',
    actor: { kind: 'admin-key', id: null, label: 'the admin key' },
    target: { type: 'api-key', id: 'key', label: 'ci' },
    detail: {},
  };
}

describe('auditRetentionDaysFromEnv', () => {
  it('defaults to 400 days, takes 0 (forever) to 36500, refuses anything else naming the variable', () => {
    expect(auditRetentionDaysFromEnv({})).toBe(DEFAULT_AUDIT_RETENTION_DAYS);
    expect(auditRetentionDaysFromEnv({ REELBACK_AUDIT_RETENTION_DAYS: ' 90 ' })).toBe(90);
    expect(auditRetentionDaysFromEnv({ REELBACK_AUDIT_RETENTION_DAYS: '0' })).toBe(0);
    for (const bad of ['-1', '1.5', 'a year', '36501']) {
      expect(() => auditRetentionDaysFromEnv({ REELBACK_AUDIT_RETENTION_DAYS: bad })).toThrow(ConfigError);
      expect(() => auditRetentionDaysFromEnv({ REELBACK_AUDIT_RETENTION_DAYS: bad })).toThrow(/REELBACK_AUDIT_RETENTION_DAYS must be a whole number/);
    }
  });
});

describe.each(storageFactories)('audit log retention on $name', (factory) => {
  let opened: OpenedStorage | undefined;
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  /** A fresh database with the two workspaces the entries belong to. */
  async function open(): Promise<OpenedStorage> {
    opened = await factory.open();
    const at = daysAgo(1000);
    await opened.storage.database.insertInto('workspaces').values([{ id: 'wsp_a', name: 'A', created_at: at }, { id: 'wsp_b', name: 'B', created_at: at }]).execute();
    return opened;
  }

  it("deletes every workspace's entries older than the retention, in batches, and keeps the rest", async () => {
    const { audit } = (await open()).storage;
    const old = [...Array.from({ length: 1203 }, (_, i) => entry('wsp_a', daysAgo(91 + (i % 50)))), entry('wsp_b', daysAgo(400)), entry(null, daysAgo(95))];
    const kept = [entry('wsp_a', daysAgo(89)), entry('wsp_b', daysAgo(1)), entry(null, daysAgo(0))];
    for (const e of [...old, ...kept]) await audit.append(e);

    const retention = new AuditRetention({ audit, clock, retentionDays: 90, logError: (m, e) => expect.fail(`${m}: ${String(e)}`) });
    expect(await retention.sweep()).toBe(old.length);
    const left = async (workspaceId: string | null) => (await audit.list({ workspaceId }, { limit: 2000 })).map((e) => e.id).sort();
    expect(await left('wsp_a')).toEqual([kept[0]!.id]);
    expect(await left('wsp_b')).toEqual([kept[1]!.id]);
    expect(await left(null)).toEqual([kept[2]!.id]);
    expect(await retention.sweep()).toBe(0);
  });

  it('keeps everything with a retention of 0 days', async () => {
    const { audit } = (await open()).storage;
    await audit.append(entry('wsp_a', daysAgo(5000)));
    const retention = new AuditRetention({ audit, clock, retentionDays: 0, logError: (m, e) => expect.fail(`${m}: ${String(e)}`) });
    expect(await retention.sweep()).toBe(0);
    expect(await audit.count({ workspaceId: 'wsp_a' }, {})).toBe(1);
  });
});
