import { FlowDefinition } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowStore } from '../ports/flow-store.js';
import type { Storage } from '../ports/storage.js';
import { branchingFlow } from '../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { steppingClock, uniqueFlowId } from '../test-support/test-app.js';
import { ADMIN_KEY_EDITOR, type Actor, EditorNames } from './editors.js';
import { DraftChangedError } from './flow-errors.js';
import { FlowMedia } from './flow-media.js';
import { flowMediaLookup } from '../media-library/flow-media-lookup.js';
import { FlowsService } from './flows.service.js';
import { AuditLog } from '../audit/audit-log.js';

const scope = { workspaceId: null };
const actor: Actor = { via: 'admin-key', userId: null, workspaceId: null };

/** A save that lands between the service's check of the draft and its publish: the race a second editor makes. */
function savingBeforeFirstPublish(flows: FlowStore): FlowStore {
  let raced = false;
  return Object.assign(Object.create(flows) as FlowStore, {
    publish: async (...args: Parameters<FlowStore['publish']>) => {
      if (!raced) {
        raced = true;
        const draft = FlowDefinition.parse({ ...branchingFlow, name: 'Saved meanwhile' });
        expect(await flows.updateDraft(scope, args[1], draft, { at: new Date().toISOString(), by: ADMIN_KEY_EDITOR })).toMatchObject({ outcome: 'saved' });
      }
      return flows.publish(...args);
    },
  });
}

describe.each(storageFactories)('publishing while someone saves, on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: Storage;
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
  });
  afterAll(async () => opened?.dispose());

  async function racedService() {
    const id = uniqueFlowId('race');
    const clock = steppingClock();
    const editors = new EditorNames(storage.accounts);
    const audit = new AuditLog({ store: storage.audit, editors, clock, logError: (message) => expect.fail(message) });
    const media = new FlowMedia(flowMediaLookup(storage.mediaAssets), (line) => expect.fail(`unexpected warning: ${line}`));
    const service = new FlowsService(savingBeforeFirstPublish(storage.flows), clock, editors, audit, media);
    await service.create(scope, actor, { id, definition: FlowDefinition.parse(branchingFlow) });
    return { id, service };
  }

  it('without If-Match publishes the draft as it is now, checked again', async () => {
    const { id, service } = await racedService();
    const published = await service.publish(scope, actor, id);
    expect(published).toMatchObject({ version: 1, definition: { name: 'Saved meanwhile' } });
    // The refused first try wrote no entry; the publish that happened wrote one, in its own transaction.
    const entries = (await storage.audit.list(scope, { action: 'flow.published', limit: 100 })).filter((e) => e.target.id === id);
    expect(entries.map((e) => [e.actor.label, e.detail])).toEqual([['the admin key', { version: 1, draftRevision: 2 }]]);
  });

  it('with If-Match refuses (412 at the route) and publishes nothing', async () => {
    const { id, service } = await racedService();
    const error = await service.publish(scope, actor, id, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DraftChangedError);
    expect(error).toMatchObject({ revision: 2, changedBy: ADMIN_KEY_EDITOR });
    expect(await storage.flows.listVersions(scope, id)).toEqual([]);
    expect((await storage.audit.list(scope, { action: 'flow.published', limit: 100 })).filter((e) => e.target.id === id)).toEqual([]);
  });
});
