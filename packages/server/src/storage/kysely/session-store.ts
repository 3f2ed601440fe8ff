import type { Kysely } from 'kysely';
import type { Scope, SessionCursor, SessionRecordRow, SessionStore, SessionWithEvents, StoredEventRow } from '../../ports/storage.js';
import { toJson } from './codec.js';
import { toSession, toStoredEvent } from './rows.js';
import type { Database } from './schema.js';
import { inWorkspace } from './scope.js';

export class KyselySessionStore implements SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: SessionRecordRow): Promise<boolean> {
    const inserted = await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        flow_id: session.flowId,
        flow_version: session.flowVersion,
        context: toJson(session.context),
        progress: toJson(session.progress),
        started_at: session.startedAt,
        completed_at: session.completedAt,
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
