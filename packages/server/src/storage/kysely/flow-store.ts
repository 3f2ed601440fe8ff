import { FlowDefinition } from '@reelback/shared';
import type { Kysely, Selectable } from 'kysely';
import type { FlowRecord, FlowStore, FlowVersionInfo, FlowVersionRecord, Scope } from '../../ports/storage.js';
import { fromJson, fromTime, toJson } from './codec.js';
import type { Database, Dialect, FlowsTable, FlowVersionsTable } from './schema.js';
import { inWorkspace } from './scope.js';
import { inTransaction } from './in-transaction.js';

type FlowRow = Selectable<FlowsTable> & { latest_version: number | string | null };

const toFlow = (row: FlowRow): FlowRecord => ({
  id: row.id,
  name: row.name,
  draft: fromJson(FlowDefinition, row.draft),
  latestVersion: row.latest_version === null ? null : Number(row.latest_version),
  createdAt: fromTime(row.created_at),
  updatedAt: fromTime(row.updated_at),
});

const toVersion = (row: Selectable<FlowVersionsTable>): FlowVersionRecord => ({
  flowId: row.flow_id,
  version: row.version,
  publishedAt: fromTime(row.published_at),
  definition: fromJson(FlowDefinition, row.definition),
});

export class KyselyFlowStore implements FlowStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private selectFlows() {
    return this.db
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

  async insert(flow: { id: string; draft: FlowDefinition; at: string; workspaceId: string | null }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('flows')
      .values({
        id: flow.id,
        name: flow.draft.name,
        draft: toJson(flow.draft),
        created_at: flow.at,
        updated_at: flow.at,
        workspace_id: flow.workspaceId,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async get(id: string, scope?: Scope): Promise<FlowRecord | undefined> {
    const row = await this.selectFlows()
      .where('flows.id', '=', id)
      .$if(scope !== undefined, (qb) => qb.where(inWorkspace('flows.workspace_id', scope!)))
      .executeTakeFirst();
    return row && toFlow(row);
  }

  async list(scope: Scope): Promise<FlowRecord[]> {
    const rows = await this.selectFlows()
      .where(inWorkspace('flows.workspace_id', scope))
      .orderBy('flows.created_at', 'desc')
      .orderBy('flows.id')
      .execute();
    return rows.map(toFlow);
  }

  async updateDraft(scope: Scope, id: string, draft: FlowDefinition, at: string): Promise<FlowRecord | undefined> {
    const updated = await this.db
      .updateTable('flows')
      .set({ name: draft.name, draft: toJson(draft), updated_at: at })
      .where('id', '=', id)
      .where(inWorkspace('flows.workspace_id', scope))
      .returning('id')
      .executeTakeFirst();
    return updated && this.get(id);
  }

  async publish(scope: Scope, flowId: string, definition: FlowDefinition, at: string): Promise<FlowVersionRecord | undefined> {
    return inTransaction(this.db, async (trx) => {
      // Locking the flow row makes concurrent publishes take turns, so each gets its own next number.
      const flow = await trx
        .selectFrom('flows')
        .select('id')
        .where('id', '=', flowId)
        .where(inWorkspace('flows.workspace_id', scope))
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!flow) return undefined;
      const last = await trx
        .selectFrom('flow_versions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('flow_id', '=', flowId)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const row = await trx
        .insertInto('flow_versions')
        .values({ flow_id: flowId, version, definition: toJson(definition), published_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toVersion(row);
    });
  }

  async getVersion(flowId: string, version?: number, scope?: Scope): Promise<FlowVersionRecord | undefined> {
    const row = await this.db
      .selectFrom('flow_versions')
      .selectAll('flow_versions')
      .where('flow_id', '=', flowId)
      .$if(scope !== undefined, (qb) =>
        qb.innerJoin('flows', 'flows.id', 'flow_versions.flow_id').where(inWorkspace('flows.workspace_id', scope!)),
      )
      .$if(version !== undefined, (qb) => qb.where('version', '=', version ?? 0))
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  async listVersions(scope: Scope, flowId: string): Promise<FlowVersionInfo[]> {
    const rows = await this.db
      .selectFrom('flow_versions')
      .innerJoin('flows', 'flows.id', 'flow_versions.flow_id')
      .select(['flow_versions.flow_id', 'flow_versions.version', 'flow_versions.published_at'])
      .where('flow_versions.flow_id', '=', flowId)
      .where(inWorkspace('flows.workspace_id', scope))
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row) => ({ flowId: row.flow_id, version: row.version, publishedAt: fromTime(row.published_at) }));
  }
}
