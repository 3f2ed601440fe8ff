import { FlowDefinition, uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../ports/account-store.js';
import type { Storage } from '../ports/storage.js';
import { branchingFlow } from '../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { uniqueFlowId } from '../test-support/test-app.js';
import type { AuditRecord } from '../ports/audit-store.js';

const AT = '2026-04-01T08:00:00.000Z';
const actor = { kind: 'admin-key' as const, id: null, label: 'the admin key' };

/**
 * The stores that write an audit entry in the change's own transaction commit both or neither: an entry that cannot be
 * written (here: its id is taken) takes the change back with it.
 */
describe.each(storageFactories)('audit entries written in the change\'s transaction, on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: Storage;
  const workspaceId = uuidv7();
  const userId = uuidv7();
  const memberId = uuidv7();
  const taken = uuidv7();
  const entry = (over: Partial<AuditRecord> = {}): AuditRecord => ({
    id: uuidv7(),
    workspaceId,
    at: AT,
    action: 'api-key.created',
    actor,
    target: { type: 'api-key', id: null, label: null },
    detail: {},
    ...over,
  });

  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    const workspace = { id: workspaceId, name: 'Tx', timeZone: 'UTC', createdAt: AT };
    expect(await storage.accounts.bootstrap({ workspace, user: { id: userId, email: 'tx@example.org', name: 'Tx', createdAt: AT, passwordHash: 'x' }, at: AT })).toBe(true);
    await storage.audit.append(entry({ id: taken }));
    // A second member, through an invite, to change and remove.
    await storage.accounts.insertInvite({ id: 'inv-tx', workspaceId, role: 'manager', email: null, createdBy: userId, createdAt: AT, expiresAt: '2099-01-01T00:00:00.000Z', acceptedAt: null, acceptedBy: null });
    const joined = await storage.accounts.acceptInvite({ inviteId: 'inv-tx', email: 'm@example.org', at: AT, newUser: { id: memberId, email: 'm@example.org', name: 'M', createdAt: AT, passwordHash: 'x' } });
    expect(joined.ok).toBe(true);
  });
  afterAll(async () => opened?.dispose());

  const count = async () => storage.audit.count({ workspaceId }, {});

  it('an API key is not stored when its entry cannot be, and is stored with it otherwise', async () => {
    const key = (id: string): ApiKeyRecord => ({
      id,
      workspaceId,
      name: 'tx',
      prefix: id.replaceAll('-', '').slice(-12),
      keyHash: '0'.repeat(64),
      scopes: ['read'],
      createdBy: null,
      creator: actor,
      createdAt: AT,
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    const before = await count();
    const refused = uuidv7();
    await expect(storage.accounts.insertApiKey(key(refused), entry({ id: taken }))).rejects.toThrow();
    expect((await storage.accounts.listApiKeys(workspaceId)).map((k) => k.id)).not.toContain(refused);
    expect(await count()).toBe(before);

    const stored = uuidv7();
    await storage.accounts.insertApiKey(key(stored), entry());
    expect((await storage.accounts.listApiKeys(workspaceId)).map((k) => k.id)).toContain(stored);
    expect(await count()).toBe(before + 1);

    await expect(storage.accounts.revokeApiKey(workspaceId, stored, AT, entry({ id: taken, action: 'api-key.revoked' }))).rejects.toThrow();
    expect((await storage.accounts.listApiKeys(workspaceId)).find((k) => k.id === stored)?.revokedAt).toBeNull();
  });

  it('a role change and a removal are taken back with their entry', async () => {
    const before = await count();
    await expect(storage.accounts.setRole(workspaceId, memberId, 'owner', () => entry({ id: taken, action: 'member.role-changed' }))).rejects.toThrow();
    expect((await storage.accounts.getMember(workspaceId, memberId))?.role).toBe('manager');
    await expect(storage.accounts.removeMember(workspaceId, memberId, () => entry({ id: taken, action: 'member.removed' }))).rejects.toThrow();
    expect(await storage.accounts.getMember(workspaceId, memberId)).toBeDefined();
    expect(await count()).toBe(before);
  });

  it('a published version and an archiving are taken back with their entry', async () => {
    const scope = { workspaceId };
    const flowId = uniqueFlowId('tx');
    const draft = FlowDefinition.parse(branchingFlow);
    expect(await storage.flows.insert({ id: flowId, draft, at: AT, workspaceId, by: actor })).toBe(true);
    await expect(storage.flows.publish(scope, flowId, draft, { at: AT, by: actor, draftRevision: 1 }, () => entry({ id: taken, action: 'flow.published' }))).rejects.toThrow();
    expect(await storage.flows.listVersions(scope, flowId)).toEqual([]);
    await expect(storage.flows.setArchived(scope, flowId, { at: AT, by: actor }, entry({ id: taken, action: 'flow.archived' }))).rejects.toThrow();
    expect((await storage.flows.get(flowId, scope))?.archivedAt).toBeNull();
  });
});
