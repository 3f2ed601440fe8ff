import { uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { EventAppender } from '../events/append.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { migrateTo, insertOldPublishedFlow } from '../test-support/old-database.js';

const flow = { name: 'F', steps: [{ id: 'say', prompt: { title: 'Say' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' }, { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };

describe.each(storageFactories)('answer rows on $name', (factory) => {
  it('are backfilled from the answer events stored before migration 0005, and written by the one append', async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      await migrateTo(factory, db, '0004-accounts');

      const at = '2026-02-01T00:00:00.000Z';
      await insertOldPublishedFlow(db, 'old', flow, at);
      const sessionId = uuidv7();
      const progress = { started: true, completed: false, currentStepId: 'say', allowedNextStepId: null };
      await db
        .insertInto('sessions')
        .values({ id: sessionId, flow_id: 'old', flow_version: 1, context: JSON.stringify({ embedMode: 'inline' }), progress: JSON.stringify(progress), started_at: at, completed_at: null })
        .execute();
      const e = eventsFor({ sessionId, flowId: 'old', flowVersion: 1 });
      const viewed = e.viewed('say');
      const old = { ...e.viewed('say'), type: 'reelback.answer.submitted', data: { sessionId, flowId: 'old', flowVersion: 1, stepId: 'say', answer: { kind: 'text', text: 'an older answer' }, nextStepId: 'end' } };
      for (const [event, receivedAt] of [[viewed, at], [old, '2026-02-01T00:00:01.000Z']] as const) {
        await db.insertInto('events').values({ id: event.id, session_id: sessionId, type: event.type, time: event.time, received_at: receivedAt, event: JSON.stringify(event) }).execute();
      }

      await storage.migrate();
      const [row] = await storage.answers.list({ workspaceId: null }, { limit: 10 });
      expect(row).toMatchObject({ id: old.id, sessionId, flowId: 'old', flowVersion: 1, stepId: 'say', kind: 'text', text: 'an older answer', status: 'new', starred: false, submittedAt: '2026-02-01T00:00:01.000Z' });
      expect(row!.value).toEqual({ kind: 'text', text: 'an older answer' });
      expect((await storage.answers.list({ workspaceId: null }, { limit: 10, q: 'older' })).map((a) => a.id)).toEqual([old.id]);

      // The one append (each engine's event log beneath it) writes the row in the event's transaction too.
      const store = new EventAppender(storage.events);
      const next = { ...e.viewed('say'), type: 'reelback.answer.submitted', data: { sessionId, flowId: 'old', flowVersion: 1, stepId: 'say', answer: { kind: 'text', text: 'a newer answer' }, nextStepId: 'end' } };
      const written = await store.append(sessionId, [next.id], ({ session }) => ({
        events: [{ event: next as never, receivedAt: '2026-02-01T00:00:02.000Z' }],
        progress: session.progress,
        completedAt: null,
        result: 'ok',
      }));
      expect(written).toBe('ok');
      expect((await storage.answers.list({ workspaceId: null }, { limit: 10 })).map((a) => a.text)).toEqual(['a newer answer', 'an older answer']);
    } finally {
      await dispose();
    }
  });
});
