import { NEW_SESSION, type SessionContext, uuidv7, type ViewerEvent } from '@reelback/shared';
import { sql } from 'kysely';
import { EventAppender } from '../events/append.js';
import { applyEvent, type Facts, sessionFacts } from '../events/projections/analytics-facts.projection.js';
import type { SessionRecordRow } from '../ports/session-store.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { eventsFor } from './fixtures.js';

const T0 = Date.parse('2026-04-02T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** One replayed session: its row and its events in the order they were appended. */
export interface ReplayedSession {
  row: SessionRecordRow;
  events: ViewerEvent[];
}

/**
 * Sessions that exercise every rule of the analytics facts (events/projections/analytics-facts.projection.ts):
 * segments from the context, a re-viewed step, video marks, a choice changed, a rating overwritten by a text answer,
 * a call to action, two completions, a response and a mark on steps never viewed, a viewer clock running backwards,
 * and a session without any event. Appended through the one append, in interleaved turns (not folded).
 */
export async function replayAnalyticsScenario(storage: KyselyStorage, flowId: string, startedAt: string): Promise<ReplayedSession[]> {
  const contexts: SessionContext[] = [
    { embedMode: 'inline', device: 'desktop', referrer: 'HTTPS://News.Example.com:8443/a?b', utm: { source: 'mail', medium: 'email', campaign: 'spring' } },
    { embedMode: 'bubble', device: 'mobile', referrer: 'android-app://com.example' },
    { embedMode: 'inline', referrer: 'not a url' },
    { embedMode: 'popup', device: 'tablet' },
  ] as SessionContext[];
  const sessions: ReplayedSession[] = [];
  for (const context of contexts) {
    const row: SessionRecordRow = { id: uuidv7(), flowId, flowVersion: 1, context, progress: NEW_SESSION, vars: {}, startedAt, completedAt: null };
    if (!(await storage.sessions.insert(row))) throw new Error(`session ${row.id} was not stored`);
    sessions.push({ row, events: [] });
  }
  const timed = (event: object, seconds: number): ViewerEvent => ({ ...event, time: at(seconds) }) as ViewerEvent;
  const [a, b, c] = sessions.map((s) => eventsFor({ sessionId: s.row.id, flowId, flowVersion: 1 })) as [ReturnType<typeof eventsFor>, ReturnType<typeof eventsFor>, ReturnType<typeof eventsFor>];
  const turns: [number, ViewerEvent[]][] = [
    [0, [timed(a.started(), 0), timed(a.viewed('start'), 1), timed(a.progressed('start', 25), 2), timed(a.progressed('start', 50), 3)] as ViewerEvent[]],
    [1, [timed(b.started(), 0), timed(b.answered('ghost', { kind: 'text', text: 'never viewed' }, null), 1), timed(b.progressed('ghost', 100), 1)] as ViewerEvent[]],
    [0, [timed(a.chose('start', 'yes', 'rate'), 7), timed(a.chose('start', 'no', 'rate'), 8), timed(a.viewed('rate'), 9)] as ViewerEvent[]],
    [2, [timed(c.viewed('start'), 5), timed(c.viewed('rate'), 3)] as ViewerEvent[]],
    [1, [timed(b.viewed('start'), 2), timed(b.progressed('start', 100), 4)] as ViewerEvent[]],
    [0, [timed(a.viewed('start'), 10), timed(a.viewed('rate'), 11), timed(a.rated('rate', 4, 'end'), 14), timed(a.answered('rate', { kind: 'text', text: 'later' }, 'end'), 15)] as ViewerEvent[]],
    [0, [timed(a.viewed('end'), 16), timed(a.answered('end', { kind: 'nps', value: 9 }, null), 20), timed(a.completed('end'), 21), timed(a.completed('end'), 22)] as ViewerEvent[]],
    [2, [timed(c.answered('rate', { kind: 'nps', value: 3 }, null), 1)] as ViewerEvent[]],
  ];
  const appender = new EventAppender(storage.events);
  for (const [index, events] of turns) {
    const session = sessions[index]!;
    await appender.append(session.row.id, events.map((e) => e.id), ({ session: current, storedIds }) => ({
      events: events.filter((e) => !storedIds.has(e.id)).map((event, k) => ({ event, receivedAt: at(100 + session.events.length + k) })),
      progress: current.progress,
      completedAt: null,
      result: null,
    }));
    session.events.push(...events);
  }
  return sessions;
}

/** What the rules say each session's facts are, replayed here without a database. */
export function expectedFacts(sessions: readonly ReplayedSession[]): Map<string, Facts> {
  return new Map(
    sessions.map(({ row, events }) => {
      const facts: Facts = {
        session: sessionFacts({ id: row.id, flowId: row.flowId, flowVersion: row.flowVersion, startedMs: Date.parse(row.startedAt), context: row.context }),
        steps: new Map(),
      };
      events.forEach((event, i) => applyEvent(facts, { seq: i + 1, type: event.type, event, receivedMs: Date.parse(at(100 + i)) }));
      return [row.id, facts];
    }),
  );
}

/** The facts rows stored for a flow, plain (numbers as numbers), in a stable order. */
export async function storedFacts(storage: KyselyStorage, flowId: string): Promise<{ sessions: Record<string, unknown>[]; steps: Record<string, unknown>[] }> {
  const plain = (rows: Record<string, unknown>[]) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) && k !== 'step_id' ? Number(v) : v])));
  const sessions = await sql<Record<string, unknown>>`select * from analytics_sessions where flow_id = ${flowId} order by session_id`.execute(storage.database);
  const steps = await sql<Record<string, unknown>>`select * from analytics_steps where flow_id = ${flowId} order by session_id, step_id`.execute(storage.database);
  return { sessions: plain(sessions.rows), steps: plain(steps.rows) };
}
