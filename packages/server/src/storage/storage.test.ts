import { type Editor, FlowDefinition, NEW_SESSION, uuidv7, type ViewerEvent } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecordRow } from '../ports/session-store.js';
import type { Storage } from '../ports/storage.js';
import type { Scope } from '../ports/store-types.js';
import { EventAppender } from '../events/append.js';
import { branchingFlow, eventsFor } from '../test-support/fixtures.js';
import { migrations } from './kysely/migrations/index.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';

const flow = FlowDefinition.parse(branchingFlow);
let clock = Date.parse('2026-03-01T00:00:00.000Z');
const at = () => new Date(clock++).toISOString();
let n = 0;
const newId = (prefix: string) => `${prefix}-${++n}`;
/** Flows made here have no workspace, as before the bootstrap. */
const none: Scope = { workspaceId: null };
const ada: Editor = { kind: 'user', id: 'usr-ada', label: 'Ada' };
const ci: Editor = { kind: 'api-key', id: 'key-ci', label: 'API key "CI"' };

describe.each(storageFactories)('storage on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: Storage;
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
  });
  afterAll(async () => opened?.dispose());

  async function publishedFlow() {
    const id = newId('flow');
    expect(await storage.flows.insert({ id, draft: flow, at: at(), workspaceId: null, by: ada })).toBe(true);
    await storage.flows.publish(none, id, flow, { at: at(), by: ada, draftRevision: 1 });
    return id;
  }

  async function newSession(flowId: string, startedAt = at()): Promise<SessionRecordRow> {
    const row: SessionRecordRow = {
      id: uuidv7(),
      flowId,
      flowVersion: 1,
      context: { embedMode: 'bubble', locale: 'de-DE' },
      progress: NEW_SESSION,
      vars: { plan: 'pro', name: 'Zoë <b>' },
      startedAt,
      completedAt: null,
    };
    expect(await storage.sessions.insert(row)).toBe(true);
    return row;
  }

  it('migrates idempotently and reports itself healthy', async () => {
    await storage.migrate();
    expect(await storage.health()).toEqual({ ok: true });
    expect(storage.kind).toBe(factory.name);
  });

  it('reports pending migrations as not healthy', async () => {
    const fresh = await factory.open({ migrate: false });
    try {
      // Every migration is pending on a fresh database, in the order they apply.
      const names = Object.keys(await migrations(factory.name).getMigrations()).sort();
      expect(names.slice(0, 3)).toEqual(['0001-initial', '0002-clips-and-jobs', '0003-transcripts']);
      expect(await fresh.storage.health()).toEqual({ ok: false, reason: `migrations not applied: ${names.join(', ')}` });
    } finally {
      await fresh.dispose();
    }
  });

  describe('flows', () => {
    it('inserts once per id, updates drafts with a revision each, and reads them back unchanged', async () => {
      const id = newId('flow');
      const createdAt = at();
      expect(await storage.flows.insert({ id, draft: flow, at: createdAt, workspaceId: null, by: ada })).toBe(true);
      expect(await storage.flows.insert({ id, draft: flow, at: at(), workspaceId: null, by: ci })).toBe(false);
      const fresh = { id, name: flow.name, draft: flow, revision: 1, latestVersion: null, createdAt, updatedAt: createdAt, draftUpdatedBy: ada, archivedAt: null, archivedBy: null };
      expect(await storage.flows.get(id)).toEqual(fresh);

      const renamed = { ...flow, name: 'Renamed' };
      const updatedAt = at();
      const saved = { ...fresh, name: 'Renamed', draft: renamed, revision: 2, updatedAt, draftUpdatedBy: ci };
      expect(await storage.flows.updateDraft(none, id, renamed, { at: updatedAt, by: ci })).toEqual({ outcome: 'saved', flow: saved });
      expect(await storage.flows.updateDraft(none, 'missing', renamed, { at: at(), by: ci })).toEqual({ outcome: 'missing' });
      expect((await storage.flows.list(none)).map((f) => f.id)).toContain(id);
    });

    it('writes a draft only at the expected revision, and one of two racing saves at most', async () => {
      const id = newId('flow');
      await storage.flows.insert({ id, draft: flow, at: at(), workspaceId: null, by: ada });
      const mine = { ...flow, name: 'Mine' };
      const theirs = { ...flow, name: 'Theirs' };
      const race = await Promise.all([
        storage.flows.updateDraft(none, id, mine, { at: at(), by: ada, expectedRevision: 1 }),
        storage.flows.updateDraft(none, id, theirs, { at: at(), by: ci, expectedRevision: 1 }),
      ]);
      expect(race.map((w) => w.outcome).sort()).toEqual(['saved', 'stale']);
      const stored = (await storage.flows.get(id))!;
      expect(stored.revision).toBe(2);
      // The refused one is told what is stored now, and the stored draft is the saved one's.
      const winner = race.find((w) => w.outcome === 'saved')!;
      expect(race.find((w) => w.outcome === 'stale')).toEqual({ outcome: 'stale', flow: stored });
      expect(winner.outcome === 'saved' && winner.flow).toEqual(stored);
      expect(await storage.flows.updateDraft(none, id, mine, { at: at(), by: ada, expectedRevision: 2 })).toMatchObject({ outcome: 'saved', flow: { revision: 3, name: 'Mine' } });
    });

    it('archives (keeping the first time), refuses to change an archived draft, lists active or archived flows', async () => {
      const id = newId('flow');
      await storage.flows.insert({ id, draft: flow, at: at(), workspaceId: null, by: ada });
      const archivedAt = at();
      expect(await storage.flows.setArchived(none, id, { at: archivedAt, by: ci })).toMatchObject({ archivedAt, archivedBy: ci });
      expect(await storage.flows.setArchived(none, id, { at: at(), by: ada })).toMatchObject({ archivedAt, archivedBy: ci });
      const write = await storage.flows.updateDraft(none, id, { ...flow, name: 'No' }, { at: at(), by: ada });
      expect(write).toMatchObject({ outcome: 'archived', flow: { revision: 1, name: flow.name } });
      expect(await storage.flows.publish(none, id, flow, { at: at(), by: ada, draftRevision: 1 })).toMatchObject({ outcome: 'archived' });
      expect((await storage.flows.list(none)).map((f) => f.id)).not.toContain(id);
      expect((await storage.flows.list(none, { archived: true })).map((f) => f.id)).toContain(id);
      expect(await storage.flows.setArchived(none, id, null)).toMatchObject({ archivedAt: null, archivedBy: null });
      expect((await storage.flows.list(none)).map((f) => f.id)).toContain(id);
      expect(await storage.flows.setArchived(none, 'missing', null)).toBeUndefined();
    });

    it('numbers versions per flow, keeps each one as published with who published it', async () => {
      const id = newId('flow');
      await storage.flows.insert({ id, draft: flow, at: at(), workspaceId: null, by: ada });
      const v1 = await storage.flows.publish(none, id, flow, { at: at(), by: ada, draftRevision: 1 });
      const v2 = await storage.flows.publish(none, id, { ...flow, name: 'v2' }, { at: at(), by: ci, draftRevision: 1 });
      if (v1.outcome !== 'published' || v2.outcome !== 'published') throw new Error(`not published: ${v1.outcome}, ${v2.outcome}`);
      expect([v1.version.version, v2.version.version]).toEqual([1, 2]);
      expect(await storage.flows.getVersion(id)).toEqual(v2.version);
      expect(await storage.flows.getVersion(id, 1)).toEqual(v1.version);
      expect(await storage.flows.getVersion(id, 3)).toBeUndefined();
      expect((await storage.flows.listVersions(none, id)).map((v) => [v.version, v.publishedBy])).toEqual([
        [2, ci],
        [1, ada],
      ]);
      expect((await storage.flows.get(id))?.latestVersion).toBe(2);
      expect(await storage.flows.publish(none, 'missing', flow, { at: at(), by: ada, draftRevision: 1 })).toEqual({ outcome: 'missing' });
      // A draft saved since it was read is not published.
      expect(await storage.flows.publish(none, id, flow, { at: at(), by: ada, draftRevision: 7 })).toMatchObject({ outcome: 'stale', flow: { revision: 1 } });
    });
  });

  describe('sessions', () => {
    it('inserts once per id and lists newest first across pages', async () => {
      const flowId = await publishedFlow();
      const same = at();
      const rows = [await newSession(flowId), await newSession(flowId, same), await newSession(flowId, same), await newSession(flowId)];
      expect(await storage.sessions.insert(rows[0]!)).toBe(false);
      expect(await storage.sessions.get(rows[0]!.id)).toEqual(rows[0]);

      const expected = [...rows].sort((a, b) => (a.startedAt === b.startedAt ? b.id.localeCompare(a.id) : b.startedAt.localeCompare(a.startedAt)));
      const first = await storage.sessions.list(none, { flowId, limit: 3 });
      const last = first.at(-1)!;
      const second = await storage.sessions.list(none, { flowId, limit: 3, after: { startedAt: last.startedAt, id: last.id } });
      expect([...first, ...second].map((s) => s.id)).toEqual(expected.map((s) => s.id));
    });

    it('refuses a session on a version that does not exist', async () => {
      const flowId = await publishedFlow();
      await expect(
        storage.sessions.insert({ id: uuidv7(), flowId, flowVersion: 5, context: { embedMode: 'inline' }, progress: NEW_SESSION, vars: {}, startedAt: at(), completedAt: null }),
      ).rejects.toThrow();
    });
  });

  describe('appending events', () => {
    // The one append over each engine's event log.
    let appender: EventAppender;
    beforeAll(() => {
      appender = new EventAppender(storage.events);
    });
    it('passes the stored ids and current progress to the decision, and writes its result', async () => {
      const session = await newSession(await publishedFlow());
      const e = eventsFor({ sessionId: session.id, flowId: session.flowId, flowVersion: 1 });
      const started = e.started() as ViewerEvent;
      const viewed = e.viewed('start') as ViewerEvent;
      const receivedAt = at();
      const progress = { ...NEW_SESSION, started: true, allowedNextStepId: 'start' };
      const result = await appender.append(session.id, [started.id], (state) => {
        expect(state.session).toEqual(session);
        expect([...state.storedIds]).toEqual([]);
        return { events: [{ event: started, receivedAt }], progress, completedAt: null, result: 'first' };
      });
      expect(result).toBe('first');

      await appender.append(session.id, [started.id, viewed.id], (state) => {
        expect([...state.storedIds]).toEqual([started.id]);
        expect(state.session.progress).toEqual(progress);
        return { events: [{ event: viewed, receivedAt }], progress, completedAt: receivedAt, result: null };
      });
      const read = await storage.sessions.getWithEvents(none, session.id);
      expect(read?.events).toEqual([
        { event: started, receivedAt },
        { event: viewed, receivedAt },
      ]);
      expect(read?.completedAt).toBe(receivedAt);
    });

    it('resolves undefined for an unknown session without deciding', async () => {
      let decided = false;
      const result = await appender.append(uuidv7(), [], () => {
        decided = true;
        return { events: [], progress: NEW_SESSION, completedAt: null, result: 1 };
      });
      expect(result).toBeUndefined();
      expect(decided).toBe(false);
    });

    it('writes nothing when the transaction fails part-way', async () => {
      const session = await newSession(await publishedFlow());
      const e = eventsFor({ sessionId: session.id, flowId: session.flowId, flowVersion: 1 });
      const started = e.started() as ViewerEvent;
      // The same id twice breaks the unique index on the second row, after the first was written.
      const attempt = appender.append(session.id, [started.id], () => ({
        events: [
          { event: started, receivedAt: at() },
          { event: started, receivedAt: at() },
        ],
        progress: { ...NEW_SESSION, started: true },
        completedAt: null,
        result: null,
      }));
      await expect(attempt).rejects.toThrow();
      const read = await storage.sessions.getWithEvents(none, session.id);
      expect(read?.events).toEqual([]);
      expect(read?.progress).toEqual(NEW_SESSION);
    });

    it('appends for many sessions at once, each as if alone: a decision that throws fails only its own', async () => {
      const flowId = await publishedFlow();
      const sessions = [await newSession(flowId), await newSession(flowId), await newSession(flowId)];
      const appends = sessions.flatMap((session, i) => {
        const e = eventsFor({ sessionId: session.id, flowId, flowVersion: 1 });
        return [0, 1].map((round) => {
          const event = e.progressed('start', 25) as ViewerEvent;
          return appender.append(session.id, [event.id], ({ session: current }) => {
            if (i === 1 && round === 0) throw new Error('a rule broke');
            return { events: [{ event, receivedAt: at() }], progress: { ...current.progress, currentStepId: `${i}-${round}` }, completedAt: null, result: `${i}-${round}` };
          });
        });
      });
      const outcomes = await Promise.allSettled(appends);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['0-0', '0-1', 'a rule broke', '1-1', '2-0', '2-1']);
      const read = await Promise.all(sessions.map((s) => storage.sessions.getWithEvents(none, s.id)));
      expect(read.map((s) => [s?.progress.currentStepId, s?.events.length])).toEqual([['0-1', 2], ['1-1', 1], ['2-1', 2]]);
    });

    it('runs concurrent appends for one session one after the other', async () => {
      const session = await newSession(await publishedFlow());
      const e = eventsFor({ sessionId: session.id, flowId: session.flowId, flowVersion: 1 });
      // Each append reads a counter from the progress and writes it back plus one: lost updates would show.
      await Promise.all(
        Array.from({ length: 12 }, () => {
          const event = e.progressed('start', 25) as ViewerEvent;
          return appender.append(session.id, [event.id], ({ session: current }) => ({
            events: [{ event, receivedAt: at() }],
            progress: { ...current.progress, currentStepId: String(Number(current.progress.currentStepId ?? 0) + 1) },
            completedAt: null,
            result: null,
          }));
        }),
      );
      const read = await storage.sessions.getWithEvents(none, session.id);
      expect(read?.progress.currentStepId).toBe('12');
      expect(read?.events).toHaveLength(12);
    });
  });
});
