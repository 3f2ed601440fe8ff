import { describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import type { AuditRecord, AuditStore } from '../ports/audit-store.js';

const clock = { now: () => new Date('2026-05-01T10:00:00.000Z') };
const editors = { of: async () => ({ kind: 'user' as const, id: 'usr_1', label: 'Ada' }) };
const caller = { via: 'session' as const, userId: 'usr_1', workspaceId: 'wsp_1' };

function store(append: (entry: AuditRecord) => Promise<void>): AuditStore {
  return { append, list: async () => [], count: async () => 0 };
}

describe('AuditLog', () => {
  it('builds an entry with the actor as named now, the time, and a safe detail', async () => {
    const log = new AuditLog({ store: store(async () => {}), editors, clock, logError: () => expect.fail('nothing fails') });
    const entry = await log.entry({ workspaceId: 'wsp_1' }, caller, 'tracker.set', { type: 'tracker', id: null, label: 'jira' }, { kind: 'jira', apiToken: 't0ken' });
    expect(entry).toMatchObject({
      workspaceId: 'wsp_1',
      at: '2026-05-01T10:00:00.000Z',
      action: 'tracker.set',
      actor: { kind: 'user', id: 'usr_1', label: 'Ada' },
      target: { type: 'tracker', id: null, label: 'jira' },
      detail: { kind: 'jira', apiToken: '[redacted]' },
    });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    // An actor already named (a person who just joined) is kept as given.
    const joined = await log.entry({ workspaceId: 'wsp_1' }, { kind: 'user', id: 'usr_2', label: 'Bo' }, 'invite.accepted', { type: 'invite', id: 'inv', label: null });
    expect(joined.actor).toEqual({ kind: 'user', id: 'usr_2', label: 'Bo' });
  });

  it('records right after a change without failing it when the store fails: the entry goes to the error log whole', async () => {
    const logged: [string, unknown][] = [];
    const log = new AuditLog({
      store: store(async () => {
        throw new Error('disk full');
      }),
      editors,
      clock,
      logError: (message, error) => logged.push([message, error]),
    });
    await expect(log.record({ workspaceId: 'wsp_1' }, caller, 'webhook.deleted', { type: 'webhook', id: 'wh_1', label: 'https://hooks.example.org' })).resolves.toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toMatch(/^audit log: could not record webhook\.deleted \{/);
    expect(logged[0]![0]).toContain('"actor":{"kind":"user","id":"usr_1","label":"Ada"},"target":{"type":"webhook","id":"wh_1"');
    expect((logged[0]![1] as Error).message).toBe('disk full');
  });
});
