import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { BacklogClaim, BacklogItemRecord, BacklogStore, BacklogTrackerKind, TrackerSettingsRecord } from '../../ports/backlog-store.js';
import type { IsoTime } from '../../ports/store-types.js';
import { fromTime } from './codec.js';
import type { Database } from './schema.js';

const Kind = z.enum(['github', 'jira', 'linear', 'webhook']);

/** Tracker settings (sealed by the service) and the per-answer claim/item rows of migration 0006. */
export class KyselyBacklogStore implements BacklogStore {
  constructor(private readonly db: Kysely<Database>) {}

  async getTracker(workspaceId: string): Promise<TrackerSettingsRecord | undefined> {
    const row = await this.db.selectFrom('workspace_trackers').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row && { kind: Kind.parse(row.kind), sealed: row.sealed, updatedAt: fromTime(row.updated_at) };
  }

  async putTracker(workspaceId: string, settings: TrackerSettingsRecord): Promise<void> {
    const values = { kind: settings.kind, sealed: settings.sealed, updated_at: settings.updatedAt };
    await this.db
      .insertInto('workspace_trackers')
      .values({ workspace_id: workspaceId, ...values })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
      .execute();
  }

  async deleteTracker(workspaceId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('workspace_trackers').where('workspace_id', '=', workspaceId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async claimItem(answerId: string, tracker: BacklogTrackerKind, at: IsoTime, staleBefore: IsoTime): Promise<BacklogClaim> {
    // The primary key decides between concurrent claims, in any number of processes.
    const inserted = await this.db
      .insertInto('answer_backlog_items')
      .values({ answer_id: answerId, state: 'pending', tracker, claimed_at: at, url: null, key: null, created_at: null })
      .onConflict((oc) => oc.column('answer_id').doNothing())
      .returning('answer_id')
      .executeTakeFirst();
    if (inserted) return { state: 'claimed' };
    // A hand-off whose process died holds its claim until it is stale; then one caller takes it over.
    const takenOver = await this.db
      .updateTable('answer_backlog_items')
      .set({ claimed_at: at, tracker })
      .where('answer_id', '=', answerId)
      .where('state', '=', 'pending')
      .where('claimed_at', '<', staleBefore)
      .returning('answer_id')
      .executeTakeFirst();
    if (takenOver) return { state: 'claimed' };
    const row = await this.db.selectFrom('answer_backlog_items').selectAll().where('answer_id', '=', answerId).executeTakeFirst();
    if (!row) return this.claimItem(answerId, tracker, at, staleBefore); // released meanwhile: try again
    if (row.state === 'created' && row.url !== null && row.key !== null && row.created_at !== null) {
      return { state: 'created', item: { url: row.url, key: row.key, tracker: Kind.parse(row.tracker), createdAt: fromTime(row.created_at) } };
    }
    return { state: 'pending' };
  }

  async completeItem(answerId: string, item: BacklogItemRecord): Promise<void> {
    await this.db
      .updateTable('answer_backlog_items')
      .set({ state: 'created', tracker: item.tracker, url: item.url, key: item.key, created_at: item.createdAt })
      .where('answer_id', '=', answerId)
      .execute();
  }

  async releaseItem(answerId: string): Promise<void> {
    await this.db.deleteFrom('answer_backlog_items').where('answer_id', '=', answerId).where('state', '=', 'pending').execute();
  }
}
