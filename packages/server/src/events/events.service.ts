import { advanceSession, type FlowDefinition, type ViewerEvent } from '@reelback/shared';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { SessionFlowRefs } from '../sessions/session-flow-refs.js';
import type { Clock } from '../ports/clock.js';
import type { ClipStore } from '../ports/clip-store.js';
import type { SessionRecordRow, SessionStore, StoredEventRow } from '../ports/session-store.js';
import type { Append } from './append.js';
import { type CommittedEvents, NO_SUBSCRIBERS } from './committed-events.js';

export interface RejectedEvent {
  id: string;
  /** Position in the batch as sent. */
  index: number;
  reason: string;
}

export interface IngestOutcome {
  accepted: string[];
  duplicates: string[];
  rejected: RejectedEvent[];
  /** Sessions named in the batch that do not exist. */
  unknownSessions: string[];
}

interface Indexed {
  event: ViewerEvent;
  index: number;
}

type SessionOutcome = Omit<IngestOutcome, 'unknownSessions'>;

/**
 * Takes a batch of viewer events (possibly for several sessions, possibly retried, possibly out of order)
 * and stores each one exactly once if the session's flow version allows it at that point.
 */
export class EventsService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly events: Append,
    private readonly versions: FlowVersionCache,
    private readonly refs: SessionFlowRefs,
    private readonly clock: Clock,
    private readonly clips: Pick<ClipStore, 'get'>,
    /** Told each session's events once they are committed; not awaited, so ingest never waits on a subscriber. */
    private readonly subscribers: CommittedEvents = NO_SUBSCRIBERS,
  ) {}

  async ingest(batch: readonly ViewerEvent[]): Promise<IngestOutcome> {
    const bySession = new Map<string, Indexed[]>();
    batch.forEach((event, index) => {
      const list = bySession.get(event.data.sessionId) ?? [];
      list.push({ event, index });
      bySession.set(event.data.sessionId, list);
    });

    const outcome: IngestOutcome = { accepted: [], duplicates: [], rejected: [], unknownSessions: [] };
    // Sessions are independent: each gets its own transaction, and they may run side by side.
    const results = await Promise.all(
      [...bySession].map(async ([sessionId, items]) => {
        // UUIDv7 ids sort in the order the widget made them; a batch may arrive shuffled by retries.
        const ordered = [...items].sort((a, b) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : a.index - b.index));
        return { sessionId, result: await this.ingestForSession(sessionId, ordered) };
      }),
    );
    for (const { sessionId, result } of results) {
      if (result === 'unknown-session') {
        outcome.unknownSessions.push(sessionId);
        for (const { event, index } of bySession.get(sessionId) ?? []) {
          outcome.rejected.push({ id: event.id, index, reason: `session "${sessionId}" does not exist: start it with POST /api/v1/sessions` });
        }
        continue;
      }
      outcome.accepted.push(...result.accepted);
      outcome.duplicates.push(...result.duplicates);
      outcome.rejected.push(...result.rejected);
    }
    outcome.rejected.sort((a, b) => a.index - b.index);
    return outcome;
  }

  private async ingestForSession(sessionId: string, items: Indexed[]): Promise<SessionOutcome | 'unknown-session'> {
    // A session's flow and version never change, so they can be known before the locking transaction.
    const session = this.refs.get(sessionId) ?? (await this.sessions.get(sessionId));
    if (!session) return 'unknown-session';
    this.refs.remember(sessionId, session);
    const flow = await this.versions.definition(session.flowId, session.flowVersion);
    if (!flow) throw new Error(`session ${sessionId} refers to flow ${session.flowId} v${session.flowVersion}, which is missing`);
    const refused = await this.clipProblems(sessionId, items);
    const receivedAt = this.clock.now().toISOString();
    let written: readonly StoredEventRow[] = [];
    const result = await this.events.append(sessionId, items.map((i) => i.event.id), ({ session: current, storedIds }) => {
      // The last decision is the one committed (a transaction retried after a conflict decides again).
      const decision = decide(flow, current, storedIds, items, receivedAt, refused);
      written = decision.events;
      return decision;
    });
    if (result === undefined) return 'unknown-session';
    // Committed (and with it the trigger's answer rows): subscribers can read what they hear of.
    if (written.length > 0) void this.subscribers.committed(sessionId, written.map((row) => row.event));
    return result;
  }

  /** A recorded answer must name a clip the server issued for this very session and step. */
  private async clipProblems(sessionId: string, items: readonly Indexed[]): Promise<ReadonlyMap<string, string>> {
    const problems = new Map<string, string>();
    for (const { event } of items) {
      if (event.type !== 'reelback.answer.submitted') continue;
      const { answer, stepId } = event.data;
      if (answer.kind !== 'video' && answer.kind !== 'audio') continue;
      const clip = await this.clips.get(answer.clipId);
      if (!clip || clip.sessionId !== sessionId || clip.stepId !== stepId) {
        problems.set(event.id, `clip "${answer.clipId}" was not issued for this session and step`);
      } else if (clip.kind !== answer.kind) {
        problems.set(event.id, `clip "${answer.clipId}" is a ${clip.kind} clip, not ${answer.kind}`);
      }
    }
    return problems;
  }
}

/** The rules for one session's share of a batch; pure, so it can run inside the storage transaction. */
export function decide(
  flow: FlowDefinition,
  session: SessionRecordRow,
  storedIds: ReadonlySet<string>,
  items: readonly Indexed[],
  receivedAt: string,
  /** Events refused before the transaction (e.g. naming a clip of another session), with the reason. */
  refused: ReadonlyMap<string, string> = new Map(),
) {
  const result: SessionOutcome = { accepted: [], duplicates: [], rejected: [] };
  const events: StoredEventRow[] = [];
  const seen = new Set(storedIds);
  let progress = session.progress;
  let completedAt = session.completedAt;
  for (const { event, index } of items) {
    if (seen.has(event.id)) {
      result.duplicates.push(event.id);
      continue;
    }
    const reason = refused.get(event.id) ?? mismatch(session, event) ?? step(flow, event);
    if (reason !== null) {
      result.rejected.push({ id: event.id, index, reason });
      continue;
    }
    seen.add(event.id);
    events.push({ event, receivedAt });
    result.accepted.push(event.id);
    if (event.type === 'reelback.session.completed') completedAt = receivedAt;
  }
  return { events, progress, completedAt, result };

  function step(flowDefinition: FlowDefinition, event: ViewerEvent): string | null {
    const moved = advanceSession(flowDefinition, progress, event, session.vars);
    if (!moved.ok) return moved.reason;
    progress = moved.progress;
    return null;
  }
}

function mismatch(session: SessionRecordRow, event: ViewerEvent): string | null {
  if (event.data.flowId !== session.flowId) {
    return `event is for flow "${event.data.flowId}" but the session belongs to flow "${session.flowId}"`;
  }
  if (event.data.flowVersion !== session.flowVersion) {
    return `event is for version ${event.data.flowVersion} but the session uses version ${session.flowVersion}`;
  }
  return null;
}
