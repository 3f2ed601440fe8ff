import { Editor, FlowDefinition } from '@reelback/shared';
import type { Kysely, Selectable } from 'kysely';
import type { DraftRefusal, DraftWrite, FlowPublish, FlowRecord, FlowStore, FlowVersionInfo, FlowVersionRecord } from '../../ports/flow-store.js';
import type { Scope } from '../../ports/store-types.js';
import { fromJson, fromNullableTime, fromTime, toJson } from './codec.js';
import type { Database, Dialect, FlowsTable, FlowVersionsTable } from './schema.js';
import { inWorkspace } from './scope.js';
import { inTransaction } from './in-transaction.js';
import { insertAuditEntry } from './audit-store.js';
import type { AuditRecord } from '../../ports/audit-store.js';

type FlowRow = Selectable<FlowsTable> & { latest_version: number | string | null };

const editorOf = (value: unknown): Editor | null => (value === null || value === undefined ? null : fromJson(Editor, value));

const toFlow = (row: FlowRow): FlowRecord => ({
  id: row.id,
  name: row.name,
  draft: fromJson(FlowDefinition, row.draft),
  revision: Number(row.draft_revision),
  latestVersion: row.latest_version === null ? null : Number(row.latest_version),
  createdAt: fromTime(row.created_at),
  updatedAt: fromTime(row.updated_at),
  draftUpdatedBy: editorOf(row.draft_updated_by),
  archivedAt: fromNullableTime(row.archived_at),
  archivedBy: editorOf(row.archived_by),
});

const toVersionInfo = (row: Pick<Selectable<FlowVersionsTable>, 'flow_id' | 'version' | 'published_at' | 'published_by'>): FlowVersionInfo => ({
  flowId: row.flow_id,
  version: row.version,
  publishedAt: fromTime(row.published_at),
  publishedBy: editorOf(row.published_by),
});

const toVersion = (row: Selectable<FlowVersionsTable>, flow: { archivedAt: Date | string | null; workspaceId: string | null }): FlowVersionRecord => ({
  ...toVersionInfo(row),
  definition: fromJson(FlowDefinition, row.definition),
  flowArchivedAt: fromNullableTime(flow.archivedAt),
  workspaceId: flow.workspaceId,
});

export class KyselyFlowStore implements FlowStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private selectFlows(db: Kysely<Database> = this.db) {
    return db
      .selectFrom('flows')
      .selectAll('flows')
      .select((eb) =>
        eb
          .selectFrom('flow_versions')
          .whereRef('flow_versions.flow_id', '=', 'flows.id')
          .select((v) => v.fn.max('flow_versions.version').as('v'))
          .as('latest_version'),
      );
  }

  async insert(flow: { id: string; draft: FlowDefinition; at: string; workspaceId: string | null; by: Editor }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('flows')
      .values({
        id: flow.id,
        name: flow.draft.name,
        draft: toJson(flow.draft),
        created_at: flow.at,
        updated_at: flow.at,
        workspace_id: flow.workspaceId,
        draft_revision: 1,
        draft_updated_by: toJson(flow.by),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async get(id: string, scope?: Scope, db: Kysely<Database> = this.db): Promise<FlowRecord | undefined> {
    const row = await this.selectFlows(db)
      .where('flows.id', '=', id)
      .$if(scope !== undefined, (qb) => qb.where(inWorkspace('flows.workspace_id', scope!)))
      .executeTakeFirst();
    return row && toFlow(row);
  }

  async list(scope: Scope, { archived = false }: { archived?: boolean } = {}): Promise<FlowRecord[]> {
    const rows = await this.selectFlows()
      .where(inWorkspace('flows.workspace_id', scope))
      .where('flows.archived_at', archived ? 'is not' : 'is', null)
      .orderBy('flows.created_at', 'desc')
      .orderBy('flows.id')
      .execute();
    return rows.map(toFlow);
  }

  /** Why a conditional write found nothing to change: no flow, an archived one, or another revision. */
  private async refusal(scope: Scope, id: string, db: Kysely<Database>): Promise<DraftRefusal> {
    const flow = await this.get(id, scope, db);
    if (!flow) return { outcome: 'missing' };
    return { outcome: flow.archivedAt !== null ? 'archived' : 'stale', flow };
  }

  async updateDraft(scope: Scope, id: string, draft: FlowDefinition, write: { at: string; by: Editor; expectedRevision?: number }): Promise<DraftWrite> {
    // One statement decides: two saves racing at the same revision cannot both match it.
    const updated = await this.db
      .updateTable('flows')
      .set((eb) => ({
        name: draft.name,
        draft: toJson(draft),
        updated_at: write.at,
        draft_updated_by: toJson(write.by),
        draft_revision: eb('draft_revision', '+', 1),
      }))
      .where('id', '=', id)
      .where(inWorkspace('flows.workspace_id', scope))
      .where('archived_at', 'is', null)
      .$if(write.expectedRevision !== undefined, (qb) => qb.where('draft_revision', '=', write.expectedRevision!))
      .returning('id')
      .executeTakeFirst();
    if (!updated) return this.refusal(scope, id, this.db);
    return { outcome: 'saved', flow: (await this.get(id))! };
  }

  async publish(
    scope: Scope,
    flowId: string,
    definition: FlowDefinition,
    write: { at: string; by: Editor; draftRevision: number },
    audit?: (version: number) => AuditRecord,
  ): Promise<FlowPublish> {
    return inTransaction(this.db, async (trx) => {
      // Locking the flow row makes concurrent publishes take turns, so each gets its own next number, and keeps
      // the draft at the revision being published until the version is stored (SQLite transactions are serial).
      const flow = await trx
        .selectFrom('flows')
        .select(['id', 'draft_revision', 'archived_at'])
        .where('id', '=', flowId)
        .where(inWorkspace('flows.workspace_id', scope))
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!flow || flow.archived_at !== null || Number(flow.draft_revision) !== write.draftRevision) return this.refusal(scope, flowId, trx);
      const last = await trx
        .selectFrom('flow_versions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('flow_id', '=', flowId)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const row = await trx
        .insertInto('flow_versions')
        .values({ flow_id: flowId, version, definition: toJson(definition), published_at: write.at, published_by: toJson(write.by) })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (audit) await insertAuditEntry(trx, audit(version));
      return { outcome: 'published' as const, version: toVersion(row, { archivedAt: null, workspaceId: scope.workspaceId }) };
    });
  }

  async setArchived(scope: Scope, id: string, archive: { at: string; by: Editor } | null, audit?: AuditRecord): Promise<FlowRecord | undefined> {
    await inTransaction(this.db, async (trx) => {
      const changed = await trx
        .updateTable('flows')
        .set({ archived_at: archive?.at ?? null, archived_by: archive ? toJson(archive.by) : null })
        .where('id', '=', id)
        .where(inWorkspace('flows.workspace_id', scope))
        // Archiving twice keeps the first time and editor.
        .where('archived_at', archive ? 'is' : 'is not', null)
        .executeTakeFirst();
      if (audit && Number(changed.numUpdatedRows) > 0) await insertAuditEntry(trx, audit);
    });
    return this.get(id, scope);
  }

  async getVersion(flowId: string, version?: number, scope?: Scope): Promise<FlowVersionRecord | undefined> {
    const row = await this.db
      .selectFrom('flow_versions')
      .innerJoin('flows', 'flows.id', 'flow_versions.flow_id')
      .selectAll('flow_versions')
      .select(['flows.archived_at', 'flows.workspace_id'])
      .where('flow_versions.flow_id', '=', flowId)
      .$if(scope !== undefined, (qb) => qb.where(inWorkspace('flows.workspace_id', scope!)))
      .$if(version !== undefined, (qb) => qb.where('flow_versions.version', '=', version ?? 0))
      .orderBy('flow_versions.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toVersion(row, { archivedAt: row.archived_at, workspaceId: row.workspace_id });
  }

  async listVersions(scope: Scope, flowId: string): Promise<FlowVersionInfo[]> {
    const rows = await this.db
      .selectFrom('flow_versions')
      .innerJoin('flows', 'flows.id', 'flow_versions.flow_id')
      .select(['flow_versions.flow_id', 'flow_versions.version', 'flow_versions.published_at', 'flow_versions.published_by'])
      .where('flow_versions.flow_id', '=', flowId)
      .where(inWorkspace('flows.workspace_id', scope))
      .orderBy('flow_versions.version', 'desc')
      .execute();
    return rows.map(toVersionInfo);
  }
}
