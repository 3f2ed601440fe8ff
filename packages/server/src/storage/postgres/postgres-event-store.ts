import { type Insertable, type Kysely, sql } from 'kysely';
import type { EventStore, SessionAppend, SessionRecordRow } from '../../ports/storage.js';
import { toJson } from '../kysely/codec.js';
import { KyselyEventStore } from '../kysely/event-store.js';
import { toSession } from '../kysely/rows.js';
import type { Database } from '../kysely/schema.js';
import { TurnBatch } from '../turn-batch.js';

type Decide = (state: { session: SessionRecordRow; storedIds: ReadonlySet<string> }) => SessionAppend<unknown>;

interface Job {
  sessionId: string;
  eventIds: readonly string[];
  decide: Decide;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for PostgreSQL: the appends queued in one turn of the event loop share one transaction — one row
 * lock query for all their sessions (in id order, so concurrent groups cannot deadlock), one duplicate check,
 * one insert, one update — instead of seven round trips each. Appends for the same session run one after the
 * other inside the group, each seeing what the previous wrote, as separate transactions would.
 * If the group fails as a whole (a unique-index race with another process, say), each append is retried alone.
 */
export class PostgresEventStore implements EventStore {
  private readonly batch = new TurnBatch<Job>((jobs) => this.flush(jobs));
  private readonly single: KyselyEventStore;

  constructor(private readonly db: Kysely<Database>) {
    this.single = new KyselyEventStore(db, 'postgres');
  }

  appendToSession<T>(
    sessionId: string,
    eventIds: readonly string[],
    decide: (state: { session: SessionRecordRow; storedIds: ReadonlySet<string> }) => SessionAppend<T>,
  ): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) =>
      this.batch.add({ sessionId, eventIds, decide, resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  private async flush(jobs: Job[]): Promise<void> {
    let outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
    try {
      outcomes = await this.db.transaction().execute((trx) => this.applyGroup(trx, jobs));
    } catch {
      // Whatever broke the group, each append on its own either succeeds or reports its own error.
      for (const job of jobs) this.single.appendToSession(job.sessionId, job.eventIds, job.decide).then(job.resolve, job.reject);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private async applyGroup(trx: Kysely<Database>, jobs: Job[]) {
    const sessionIds = [...new Set(jobs.map((j) => j.sessionId))].sort();
    const rows = await trx.selectFrom('sessions').selectAll().where('id', 'in', sessionIds).orderBy('id').forUpdate().execute();
    const sessions = new Map(rows.map((row) => [row.id, toSession(row)]));
    const allIds = [...new Set(jobs.flatMap((j) => j.eventIds))];
    const stored = allIds.length === 0 ? [] : await trx.selectFrom('events').select('id').where('id', 'in', allIds).execute();
    const storedIds = new Set(stored.map((e) => e.id));

    const inserts: Insertable<Database['events']>[] = [];
    const changed = new Set<string>();
    const outcomes = jobs.map((job) => {
      const session = sessions.get(job.sessionId);
      if (!session) return { ok: true as const, value: undefined };
      let decision: SessionAppend<unknown>;
      try {
        const seen = new Set(job.eventIds.filter((id) => storedIds.has(id)));
        decision = job.decide({ session, storedIds: seen });
      } catch (error) {
        return { ok: false as const, error };
      }
      if (decision.events.length > 0) {
        for (const { event, receivedAt } of decision.events) {
          storedIds.add(event.id);
          inserts.push({ id: event.id, session_id: job.sessionId, type: event.type, time: event.time, received_at: receivedAt, event: toJson(event) });
        }
        sessions.set(job.sessionId, { ...session, progress: decision.progress, completedAt: decision.completedAt });
        changed.add(job.sessionId);
      }
      return { ok: true as const, value: decision.result };
    });

    if (inserts.length > 0) {
      await trx.insertInto('events').values(inserts).execute();
      const updates = [...changed].map((id) => {
        const s = sessions.get(id)!;
        return sql`(${id}, ${toJson(s.progress)}, ${s.completedAt})`;
      });
      await sql`update sessions set progress = v.progress::jsonb, completed_at = v.completed_at::timestamptz
        from (values ${sql.join(updates)}) as v(id, progress, completed_at) where sessions.id = v.id`.execute(trx);
    }
    return outcomes;
  }
}
