import { ClipKind, ClipRendition, ClipStatus, type ServerEvent } from '@reelback/shared';
import type { Kysely, Selectable } from 'kysely';
import * as z from 'zod';
import type { ClipChanges, ClipRecord, ClipStore } from '../../ports/clip-store.js';
import type { IsoTime, Scope } from '../../ports/store-types.js';
import { fromJson, fromTime, toJson } from './codec.js';
import type { ClipsTable, Database } from './schema.js';
import { insertServerEvent } from './server-event-row.js';
import { inWorkspace } from './scope.js';
import { inTransaction } from './in-transaction.js';

const ClipMediaRows = z.array(
  z.object({ rendition: ClipRendition, key: z.string(), contentType: z.string(), sizeBytes: z.number().int().nonnegative() }),
);

const toNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

const toClip = (row: Selectable<ClipsTable>): ClipRecord => ({
  id: row.id,
  sessionId: row.session_id,
  stepId: row.step_id,
  kind: ClipKind.parse(row.kind),
  status: ClipStatus.parse(row.status),
  reason: row.reason,
  mimeType: row.mime_type,
  sizeBytes: toNumber(row.size_bytes),
  durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
  width: row.width,
  height: row.height,
  container: row.container,
  media: fromJson(ClipMediaRows, row.media),
  createdAt: fromTime(row.created_at),
  updatedAt: fromTime(row.updated_at),
});

export class KyselyClipStore implements ClipStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** SQLite keeps transcripts' search index in a table of its own (transcripts_fts). */
    private readonly sqlite = false,
  ) {}

  async insert(clip: ClipRecord): Promise<void> {
    await this.db
      .insertInto('clips')
      .values({
        id: clip.id,
        session_id: clip.sessionId,
        step_id: clip.stepId,
        kind: clip.kind,
        status: clip.status,
        reason: clip.reason,
        mime_type: clip.mimeType,
        size_bytes: clip.sizeBytes,
        duration_seconds: clip.durationSeconds,
        width: clip.width,
        height: clip.height,
        container: clip.container,
        media: toJson(clip.media),
        created_at: clip.createdAt,
        updated_at: clip.updatedAt,
      })
      .execute();
  }

  async get(id: string, scope?: Scope): Promise<ClipRecord | undefined> {
    const row = await this.db
      .selectFrom('clips')
      .selectAll('clips')
      .where('clips.id', '=', id)
      .$if(scope !== undefined, (qb) =>
        qb
          .innerJoin('sessions', 'sessions.id', 'clips.session_id')
          .innerJoin('flows', 'flows.id', 'sessions.flow_id')
          .where(inWorkspace('flows.workspace_id', scope!)),
      )
      .executeTakeFirst();
    return row && toClip(row);
  }

  async listForSession(scope: Scope, sessionId: string): Promise<ClipRecord[]> {
    const rows = await this.db
      .selectFrom('clips')
      .innerJoin('sessions', 'sessions.id', 'clips.session_id')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .selectAll('clips')
      .where('clips.session_id', '=', sessionId)
      .where(inWorkspace('flows.workspace_id', scope))
      .orderBy('clips.created_at')
      .orderBy('clips.id')
      .execute();
    return rows.map(toClip);
  }

  async countForSession(sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('clips')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async isSubmitted(id: string): Promise<boolean> {
    return (await this.db.selectFrom('answers').select('id').where('clip_id', '=', id).limit(1).executeTakeFirst()) !== undefined;
  }

  async discard(id: string): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      if ((await tx.selectFrom('answers').select('id').where('clip_id', '=', id).limit(1).executeTakeFirst()) !== undefined) return false;
      // SQLite's search index is a plain table (no cascade); PostgreSQL has none, so the statement is SQLite's only.
      if (this.sqlite) await tx.deleteFrom('transcripts_fts').where('clip_id', '=', id).execute();
      await tx.deleteFrom('transcripts').where('clip_id', '=', id).execute();
      const result = await tx.deleteFrom('clips').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    });
  }

  async listUnsubmittedBefore(createdBefore: IsoTime, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('clips')
      .select('id')
      .where('created_at', '<', createdBefore)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('answers').select('answers.id').whereRef('answers.clip_id', '=', 'clips.id'))))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async listUploading(limit: number): Promise<ClipRecord[]> {
    const rows = await this.db
      .selectFrom('clips')
      .selectAll()
      .where('status', '=', 'uploading')
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toClip);
  }

  async transition(
    id: string,
    from: readonly ClipStatus[],
    changes: ClipChanges & { updatedAt: IsoTime },
    event?: ServerEvent,
  ): Promise<ClipRecord | undefined> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx
        .updateTable('clips')
        .set({
          ...(changes.status !== undefined && { status: changes.status }),
          ...(changes.reason !== undefined && { reason: changes.reason }),
          ...(changes.sizeBytes !== undefined && { size_bytes: changes.sizeBytes }),
          ...(changes.durationSeconds !== undefined && { duration_seconds: changes.durationSeconds }),
          ...(changes.width !== undefined && { width: changes.width }),
          ...(changes.height !== undefined && { height: changes.height }),
          ...(changes.container !== undefined && { container: changes.container }),
          ...(changes.media !== undefined && { media: toJson(changes.media) }),
          updated_at: changes.updatedAt,
        })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      if (event) await insertServerEvent(tx, row.session_id, event, changes.updatedAt);
      return toClip(row);
    });
  }
}
