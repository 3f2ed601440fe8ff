import { AnswerValue, FlowDefinition, NEW_SESSION, uuidv7, type ViewerEvent } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecordRow } from '../../ports/session-store.js';
import type { Storage } from '../../ports/storage.js';
import { branchingFlow, eventsFor } from '../../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../../test-support/storages.js';
import { EventAppender } from '../append.js';

const flow = FlowDefinition.parse(branchingFlow);
const none = { workspaceId: null };
const by = { kind: 'user' as const, id: 'usr-projection', label: 'Projection' };

/** Every kind of answer the shared vocabulary allows, as a viewer sends it. */
const ANSWERS: unknown[] = [
  { kind: 'text', text: 'Cheaper seats, please' },
  { kind: 'rating', value: 4 },
  { kind: 'nps', value: 0 },
  { kind: 'video', clipId: 'clp_projection_video', durationSeconds: 3.5 },
  { kind: 'audio', clipId: 'clp_projection_audio' },
  { kind: 'contact', fields: { email: 'ada@example.com', name: 'Ada' }, consent: true },
  { kind: 'contact', fields: {}, consent: false },
];

/** What the shared rules say an answer row holds: its kind, typed text only for text, the answer as sent. */
function expectedRow(event: ViewerEvent & { type: 'reelback.answer.submitted' }) {
  const answer = AnswerValue.parse(event.data.answer);
  return { id: event.id, stepId: event.data.stepId, kind: answer.kind, text: answer.kind === 'text' ? answer.text : null, value: answer };
}

/**
 * The answers projection (`answers.projection.ts`): replays answer events of every kind (with other events between
 * them, a resend and a second session) through the one append and compares the inbox rows with the shared rules.
 */
describe.each(storageFactories)('answers projection on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let flowId: string;
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    flowId = `projection-${process.pid}`;
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

  it('writes one row per stored answer event, as the shared rules read it, in the transaction of the event', async () => {
    const appender = new EventAppender(storage.events);
    const sessions = [await newSession(), await newSession()];
    const replayed: ViewerEvent[] = [];
    for (const [i, answer] of ANSWERS.entries()) {
      const session = sessions[i % 2]!;
      const e = eventsFor({ sessionId: session.id, flowId, flowVersion: 1 });
      const batch = [e.viewed(`step-${i}`), e.answered(`step-${i}`, answer as Record<string, unknown>, null)] as ViewerEvent[];
      // Appended as the service does (duplicates skipped), half of them twice: a resend stores nothing new.
      for (let round = 0; round < (i % 2) + 1; round++) {
        await appender.append(session.id, batch.map((x) => x.id), ({ session: current, storedIds }) => ({
          events: batch.filter((x) => !storedIds.has(x.id)).map((event) => ({ event, receivedAt: new Date().toISOString() })),
          progress: current.progress,
          completedAt: null,
          result: null,
        }));
      }
      replayed.push(...batch);
    }
    const rows = await storage.answers.list(none, { limit: 50, flowId });
    const answers = replayed.filter((e): e is ViewerEvent & { type: 'reelback.answer.submitted' } => e.type === 'reelback.answer.submitted');
    expect(rows.map((r) => ({ id: r.id, stepId: r.stepId, kind: r.kind, text: r.text, value: r.value })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      answers.map(expectedRow).sort((a, b) => a.id.localeCompare(b.id)),
    );
    for (const row of rows) {
      const session = answers.find((a) => a.id === row.id)!.data.sessionId;
      expect(row).toMatchObject({ sessionId: session, flowId, flowVersion: 1, status: 'new', starred: false });
    }
    // Typed text is searchable (the index is kept from the row: FTS5 triggers on SQLite, a generated column on PostgreSQL).
    expect((await storage.answers.list(none, { limit: 10, flowId, q: 'cheaper' })).map((r) => r.id)).toEqual([answers[0]!.id]);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const session = await newSession();
    const e = eventsFor({ sessionId: session.id, flowId, flowVersion: 1 });
    const answer = e.answered('start', { kind: 'text', text: 'never stored' }, null) as ViewerEvent;
    // The same id twice: the second insert fails after the first row (and the projection would have) gone in.
    const attempt = new EventAppender(storage.events).append(session.id, [], ({ session: current }) => ({
      events: [answer, answer].map((event) => ({ event, receivedAt: new Date().toISOString() })),
      progress: current.progress,
      completedAt: null,
      result: null,
    }));
    await expect(attempt).rejects.toThrow();
    expect((await storage.answers.list(none, { limit: 10, q: 'never' })).map((r) => r.id)).toEqual([]);
  });
});
