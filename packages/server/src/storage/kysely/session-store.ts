import type { Kysely } from 'kysely';
import type { SessionCursor, SessionRecordRow, SessionStore, SessionWithEvents, StoredEventRow } from '../../ports/storage.js';
import { toJson } from './codec.js';
import { toSession, toStoredEvent } from './rows.js';
import type { Database } from './schema.js';

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

  async get(id: string): Promise<SessionRecordRow | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSession(row);
  }

  async getWithEvents(id: string): Promise<SessionWithEvents | undefined> {
    const session = await this.get(id);
    if (!session) return undefined;
    const events = await this.eventsOf([id]);
    return { ...session, events: events.get(id) ?? [] };
  }

  async list(query: { flowId?: string; limit: number; after?: SessionCursor }): Promise<SessionWithEvents[]> {
    const { flowId, after } = query;
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .$if(flowId !== undefined, (qb) => qb.where('flow_id', '=', flowId ?? ''))
      .$if(after !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('started_at', '<', after?.startedAt ?? ''),
            eb.and([eb('started_at', '=', after?.startedAt ?? ''), eb('id', '<', after?.id ?? '')]),
          ]),
        ),
      )
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
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
