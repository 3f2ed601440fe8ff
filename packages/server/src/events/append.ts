import type { SessionProgress } from '@reelback/shared';
import { EventIdConflict, type EventLog, type LoadedLog, type SessionWrite } from '../ports/event-log.js';
import type { SessionRecordRow, StoredEventRow } from '../ports/session-store.js';
import type { IsoTime } from '../ports/store-types.js';
import { TurnBatch } from '../turn-batch.js';

/** What a decision sees: the session as stored (with the progress of every earlier append) and which ids are stored. */
export interface AppendState {
  session: SessionRecordRow;
  storedIds: ReadonlySet<string>;
}

/** What a decision asks to write, and what the append resolves. */
export interface SessionAppend<T> {
  events: StoredEventRow[];
  progress: SessionProgress;
  completedAt: IsoTime | null;
  result: T;
}

export type Decide<T> = (state: AppendState) => SessionAppend<T>;

/** Appending to one session's log, as services see it. */
export interface Append {
  /**
   * Runs `decide` on the session's current state, with the ids among `eventIds` that are stored already, and writes
   * what it returns in the same transaction. Appends for one session run one after the other, so `decide` always
   * sees the latest progress. Resolves `undefined` when the session does not exist (without deciding).
   */
  append<T>(sessionId: string, eventIds: readonly string[], decide: Decide<T>): Promise<T | undefined>;
}

interface Job {
  sessionId: string;
  eventIds: readonly string[];
  decide: Decide<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Tries of one append whose event id another transaction stored meanwhile (the second sees it as a duplicate). */
const MAX_TRIES = 3;

/**
 * The one append of the event log, for both engines: the appends asked for in one turn of the event loop share one
 * transaction (one lock of their sessions, one duplicate check, one insert: group commit), each decided in turn on
 * the state the earlier ones left, as separate transactions would see it. A decision that throws fails only its own
 * append. When the group as a whole fails (an event id raced in by another transaction), each append runs alone.
 */
export class EventAppender implements Append {
  private readonly batch = new TurnBatch<Job>((jobs) => this.flush(jobs));

  constructor(private readonly log: EventLog) {}

  append<T>(sessionId: string, eventIds: readonly string[], decide: Decide<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) =>
      this.batch.add({ sessionId, eventIds, decide, resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  private async flush(jobs: Job[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.transact(jobs);
    } catch {
      if (jobs.length === 1) return void this.alone(jobs[0]!, 2);
      for (const job of jobs) void this.alone(job, 1);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private async alone(job: Job, attempt: number): Promise<void> {
    try {
      const [outcome] = await this.transact([job]);
      if (outcome!.ok) job.resolve(outcome!.value);
      else job.reject(outcome!.error);
    } catch (error) {
      if (error instanceof EventIdConflict && attempt < MAX_TRIES) return this.alone(job, attempt + 1);
      job.reject(error);
    }
  }

  private transact(jobs: readonly Job[]): Promise<Outcome[]> {
    const sessionIds = [...new Set(jobs.map((j) => j.sessionId))];
    const eventIds = [...new Set(jobs.flatMap((j) => j.eventIds))];
    return this.log.transact(sessionIds, eventIds, (loaded) => decideGroup(jobs, loaded));
  }
}

/** Decides each append of a group in order, on the state the ones before it left; pure. */
export function decideGroup(
  jobs: ReadonlyArray<Pick<Job, 'sessionId' | 'eventIds' | 'decide'>>,
  loaded: LoadedLog,
): { writes: SessionWrite[]; result: Outcome[] } {
  const sessions = new Map(loaded.sessions);
  const storedIds = new Set(loaded.storedIds);
  const writes = new Map<string, SessionWrite>();
  const result = jobs.map((job): Outcome => {
    const session = sessions.get(job.sessionId);
    if (!session) return { ok: true, value: undefined };
    let decision: SessionAppend<unknown>;
    try {
      decision = job.decide({ session, storedIds: new Set(job.eventIds.filter((id) => storedIds.has(id))) });
    } catch (error) {
      return { ok: false, error };
    }
    if (decision.events.length > 0) {
      for (const { event } of decision.events) storedIds.add(event.id);
      sessions.set(job.sessionId, { ...session, progress: decision.progress, completedAt: decision.completedAt });
      const write = writes.get(job.sessionId);
      writes.set(job.sessionId, {
        sessionId: job.sessionId,
        events: [...(write?.events ?? []), ...decision.events],
        progress: decision.progress,
        completedAt: decision.completedAt,
      });
    }
    return { ok: true, value: decision.result };
  });
  return { writes: [...writes.values()], result };
}
