import { AuditAction, AuditDetail, AuditTargetType, Editor, ADMIN_KEY_ACTOR } from '@reelback/shared';
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { AuditFilter, AuditPage, AuditRecord, AuditStore } from '../../ports/audit-store.js';
import type { Scope } from '../../ports/store-types.js';
import { fromJson, fromTime, toJson } from './codec.js';
import type { Database, JsonColumn, TimeColumn } from './schema.js';

interface AuditLogTable {
  id: string;
  workspace_id: string | null;
  at: TimeColumn;
  action: string;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  detail: JsonColumn;
}

type AuditDb = Database & { audit_log: AuditLogTable };

/** Any Kysely handle on our database, a transaction included: other stores write entries in theirs. */
const withAuditTable = (db: Kysely<Database>) => db as unknown as Kysely<AuditDb>;

const ActorKind = Editor.shape.kind;

const toRecord = (row: Selectable<AuditLogTable>): AuditRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  at: fromTime(row.at),
  action: AuditAction.parse(row.action),
  actor: { kind: ActorKind.parse(row.actor_kind), id: row.actor_id, label: row.actor_label },
  target: { type: AuditTargetType.parse(row.target_type), id: row.target_id, label: row.target_label },
  detail: fromJson(AuditDetail, row.detail),
});

/** Writes one entry through `db`: pass the transaction of the change it records, so both commit or neither. */
export async function insertAuditEntry(db: Kysely<Database>, entry: AuditRecord): Promise<void> {
  await withAuditTable(db)
    .insertInto('audit_log')
    .values({
      id: entry.id,
      workspace_id: entry.workspaceId,
      at: entry.at,
      action: entry.action,
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id,
      actor_label: entry.actor.label,
      target_type: entry.target.type,
      target_id: entry.target.id,
      target_label: entry.target.label,
      detail: toJson(entry.detail),
    })
    .execute();
}

/** The scope's rows (`IS NOT DISTINCT FROM`, written so both engines use the index) matching the filter. */
function matching(scope: Scope, filter: AuditFilter) {
  return (eb: ExpressionBuilder<AuditDb, 'audit_log'>) => {
    const conditions = [scope.workspaceId === null ? eb('workspace_id', 'is', null) : eb('workspace_id', '=', scope.workspaceId)];
    if (filter.action !== undefined) conditions.push(eb('action', '=', filter.action));
    if (filter.actor === ADMIN_KEY_ACTOR) conditions.push(eb('actor_kind', '=', 'admin-key'));
    else if (filter.actor !== undefined) conditions.push(eb('actor_id', '=', filter.actor));
    return eb.and(conditions);
  };
}

export class KyselyAuditStore implements AuditStore {
  private readonly db: Kysely<AuditDb>;

  constructor(private readonly database: Kysely<Database>) {
    this.db = withAuditTable(database);
  }

  append(entry: AuditRecord): Promise<void> {
    return insertAuditEntry(this.database, entry);
  }

  async list(scope: Scope, page: AuditPage): Promise<AuditRecord[]> {
    const { before } = page;
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where(matching(scope, page))
      .$if(before !== undefined, (qb) =>
        qb.where((eb) => eb.or([eb('at', '<', before!.time), eb.and([eb('at', '=', before!.time), eb('id', '<', before!.id)])])),
      )
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .execute();
    return rows.map(toRecord);
  }

  async count(scope: Scope, filter: AuditFilter): Promise<number> {
    const row = await this.db
      .selectFrom('audit_log')
      .select(sql<number | string | bigint>`count(*)`.as('n'))
      .where(matching(scope, filter))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
