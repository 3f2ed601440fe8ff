import { FlowDefinition, NEW_SESSION, uuidv7, type ViewerEvent } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecordRow } from '../ports/session-store.js';
import type { Storage } from '../ports/storage.js';
import { branchingFlow, eventsFor } from '../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { EventAppender } from './append.js';

const flow = FlowDefinition.parse(branchingFlow);
const none = { workspaceId: null };
const by = { kind: 'user' as const, id: 'usr-append', label: 'Append' };

/**
 * The one append over each engine's event log (`events/append.ts`): what the storage test's "appending events"
 * cases do not cover — an event id raced in by another transaction, and a group whose write fails for one append.
 */
describe.each(storageFactories)('the event append on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let flowId: string;
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    flowId = `append-${process.pid}`;
    await storage.flows.insert({ id: flowId, draft: flow, at: new Date().toISOString(), workspaceId: null, by });
    await storage.flows.publish(none, flowId, flow, { at: new Date().toISOString(), by, draftRevision: 1 });
  });
  afterAll(async () => opened?.dispose());

  async function newSession(): Promise<SessionRecordRow> {
    const row: SessionRecordRow = {
      id: uuidv7(),
      ...{ flowId, flowVersion: 1, context: { embedMode: 'inline' as const }, progress: NEW_SESSION, vars: {} },
      ...{ startedAt: new Date().toISOString(), completedAt: null },
    };
    expect(await storage.sessions.insert(row)).toBe(true);
    return row;
  }

  /** Writes `event` unless stored; resolves whether this append wrote it. */
  const once = (appender: EventAppender, session: SessionRecordRow, event: ViewerEvent) =>
    appender.append(session.id, [event.id], ({ session: current, storedIds }) =>
      storedIds.has(event.id)
        ? { events: [], progress: current.progress, completedAt: null, result: 'duplicate' }
        : { events: [{ event, receivedAt: new Date().toISOString() }], progress: current.progress, completedAt: null, result: 'written' },
    );

  it('one event id sent to two sessions by two processes at once is stored once; the other append sees a duplicate', async () => {
    const [a, b] = [await newSession(), await newSession()];
    const event = eventsFor({ sessionId: a.id, flowId, flowVersion: 1 }).started() as ViewerEvent;
    for (let round = 0; round < 5; round++) {
      const shared = { ...event, id: uuidv7() };
      // Two appenders: two transactions (two processes), racing on the unique index.
      const outcomes = await Promise.all([once(new EventAppender(storage.events), a, shared), once(new EventAppender(storage.events), b, shared)]);
      expect(outcomes.sort()).toEqual(['duplicate', 'written']);
    }
  });

  it('an append whose write fails does not take the others of its group with it', async () => {
    const appender = new EventAppender(storage.events);
    const [a, b] = [await newSession(), await newSession()];
    const taken = eventsFor({ sessionId: a.id, flowId, flowVersion: 1 }).started() as ViewerEvent;
    expect(await once(appender, a, taken)).toBe('written');
    const fresh = eventsFor({ sessionId: b.id, flowId, flowVersion: 1 }).started() as ViewerEvent;
    // The first decision ignores what is stored and writes a stored id again: its insert fails, in the group's transaction.
    const broken = appender.append(a.id, [], ({ session }) => ({ events: [{ event: taken, receivedAt: new Date().toISOString() }], progress: session.progress, completedAt: null, result: 'no' }));
    const fine = once(appender, b, fresh);
    await expect(broken).rejects.toThrow('stored meanwhile');
    expect(await fine).toBe('written');
    expect((await storage.sessions.getWithEvents(none, b.id))?.events.map((e) => e.event.id)).toEqual([fresh.id]);
  });
});
