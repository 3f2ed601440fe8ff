import { type Kysely, sql } from 'kysely';
import type { SessionCursor, SessionRecordRow, SessionStore, SessionWithEvents, StoredEventRow } from '../../ports/session-store.js';
import type { Scope } from '../../ports/store-types.js';
import { toJson } from './codec.js';
import { toSession, toStoredEvent } from './rows.js';
import type { Database, Dialect } from './schema.js';
import { inWorkspace } from './scope.js';
import { inTransaction } from './in-transaction.js';
import { forgetAnalyticsFacts } from './projection-fold.js';

export class KyselySessionStore implements SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(session: SessionRecordRow): Promise<boolean> {
    const inserted = await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        flow_id: session.flowId,
        flow_version: session.flowVersion,
        context: toJson(session.context),
        progress: toJson(session.progress),
        vars: toJson(session.vars),
        started_at: session.startedAt,
        completed_at: session.completedAt,
        // The context says which language the viewer was shown; the column lets analytics segment by it.
        locale: session.context.locale?.toLowerCase() ?? null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async get(id: string, scope?: Scope): Promise<SessionRecordRow | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll('sessions')
      .where('sessions.id', '=', id)
      .$if(scope !== undefined, (qb) => qb.innerJoin('flows', 'flows.id', 'sessions.flow_id').where(inWorkspace('flows.workspace_id', scope!)))
      .executeTakeFirst();
    return row && toSession(row);
  }

  async getWithEvents(scope: Scope, id: string): Promise<SessionWithEvents | undefined> {
    const session = await this.get(id, scope);
    if (!session) return undefined;
    const events = await this.eventsOf([id]);
    return { ...session, events: events.get(id) ?? [] };
  }

  async list(scope: Scope, query: { flowId?: string; limit: number; after?: SessionCursor }): Promise<SessionWithEvents[]> {
    const { flowId, after } = query;
    const rows = await this.db
      .selectFrom('sessions')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .selectAll('sessions')
      .where(inWorkspace('flows.workspace_id', scope))
      .$if(flowId !== undefined, (qb) => qb.where('sessions.flow_id', '=', flowId ?? ''))
      .$if(after !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('sessions.started_at', '<', after?.startedAt ?? ''),
            eb.and([eb('sessions.started_at', '=', after?.startedAt ?? ''), eb('sessions.id', '<', after?.id ?? '')]),
          ]),
        ),
      )
      .orderBy('sessions.started_at', 'desc')
      .orderBy('sessions.id', 'desc')
      .limit(query.limit)
      .execute();
    const sessions = rows.map(toSession);
    const events = await this.eventsOf(sessions.map((s) => s.id));
    return sessions.map((session) => ({ ...session, events: events.get(session.id) ?? [] }));
  }

  async findByContactEmail(scope: Scope, email: string): Promise<string[]> {
    // PostgreSQL reads the jsonb column with its operators, SQLite the JSON text with json_extract; both compare
    // the stored e-mail trimmed and lower-cased, so no event is loaded into JS.
    const answer =
      this.dialect === 'postgres'
        ? { kind: sql<string>`events.event->'data'->'answer'->>'kind'`, email: sql<string>`lower(btrim(events.event->'data'->'answer'->'fields'->>'email'))` }
        : {
            kind: sql<string>`json_extract(events.event, '$.data.answer.kind')`,
            email: sql<string>`lower(trim(json_extract(events.event, '$.data.answer.fields.email')))`,
          };
    const rows = await this.db
      .selectFrom('events')
      .innerJoin('sessions', 'sessions.id', 'events.session_id')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .select('events.session_id')
      .distinct()
      .where('events.type', '=', 'reelback.answer.submitted')
      .where(sql<boolean>`${answer.kind} = 'contact'`)
      .where(sql<boolean>`${answer.email} = ${email}`)
      .where(inWorkspace('flows.workspace_id', scope))
      .orderBy('events.session_id')
      .execute();
    return rows.map((r) => r.session_id);
  }

  async deleteWithData(scope: Scope, ids: readonly string[]): Promise<{ sessions: number; clips: number; transcripts: number }> {
    if (ids.length === 0) return { sessions: 0, clips: 0, transcripts: 0 };
    return inTransaction(this.db, async (tx) => {
      const inScope = (
        await tx
          .selectFrom('sessions')
          .innerJoin('flows', 'flows.id', 'sessions.flow_id')
          .select('sessions.id')
          .where('sessions.id', 'in', [...ids])
          .where(inWorkspace('flows.workspace_id', scope))
          .execute()
      ).map((r) => r.id);
      if (inScope.length === 0) return { sessions: 0, clips: 0, transcripts: 0 };
      const clipIds = (await tx.selectFrom('clips').select('id').where('session_id', 'in', inScope).execute()).map((r) => r.id);
      const transcripts = await tx
        .selectFrom('transcripts')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .where('session_id', 'in', inScope)
        .executeTakeFirstOrThrow();
      // SQLite's FTS5 table has no foreign key to cascade along: its rows go by hand, in the same transaction.
      if (this.dialect !== 'postgres' && clipIds.length > 0) await tx.deleteFrom('transcripts_fts').where('clip_id', 'in', clipIds).execute();
      // The day rollups lose what these sessions' facts counted; facts, events, clips and transcripts follow by
      // ON DELETE CASCADE.
      await forgetAnalyticsFacts(tx, this.dialect, inScope);
      const deleted = await tx.deleteFrom('sessions').where('id', 'in', inScope).executeTakeFirst();
      return { sessions: Number(deleted.numDeletedRows), clips: clipIds.length, transcripts: Number(transcripts.n) };
    });
  }

  private async eventsOf(sessionIds: string[]): Promise<Map<string, StoredEventRow[]>> {
    const bySession = new Map<string, StoredEventRow[]>();
    if (sessionIds.length === 0) return bySession;
    const rows = await this.db
      .selectFrom('events')
      .select(['session_id', 'event', 'received_at'])
      .where('session_id', 'in', sessionIds)
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      const list = bySession.get(row.session_id) ?? [];
      list.push(toStoredEvent(row));
      bySession.set(row.session_id, list);
    }
    return bySession;
  }
}
