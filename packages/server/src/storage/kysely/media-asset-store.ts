import { CaptionsSource, CaptionsStatus, MediaAssetKind, MediaAssetRendition, MediaAssetStatus, TranscriptEngine, TranscriptSegment } from '@reelback/shared';
import { type ColumnType, type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import * as z from 'zod';
import type { FlowVersionRef, MediaAssetChanges, MediaAssetCursor, MediaAssetGuard, MediaAssetRecord, MediaAssetStore } from '../../ports/media-asset-store.js';
import type { IsoTime, Scope } from '../../ports/store-types.js';
import { fromJson, fromTime, toJson } from './codec.js';
import type { Database, Dialect, JsonColumn, TimeColumn } from './schema.js';
import { inWorkspace } from './scope.js';

interface MediaAssetsTable {
  id: string;
  workspace_id: string | null;
  name: string;
  kind: string | null;
  status: string;
  reason: string | null;
  /** PostgreSQL's bigint arrives as a string. */
  size_bytes: ColumnType<number | string | null, number | null, number | null>;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  container: string | null;
  poster_at_seconds: number | null;
  files: JsonColumn;
  captions_status: string;
  captions: JsonColumn;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

type Db = Kysely<Database & { media_assets: MediaAssetsTable }>;

const FileRow = z.object({
  rendition: MediaAssetRendition,
  key: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
});
const FileRows = z.array(FileRow);

const CaptionsRow = z.object({
  file: FileRow.nullable(),
  source: CaptionsSource.nullable(),
  engine: TranscriptEngine.nullable(),
  model: z.string().nullable(),
  language: z.string().nullable(),
  segments: z.array(TranscriptSegment),
  machineSegments: z.array(TranscriptSegment).nullable(),
  error: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const toNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

const toAsset = (row: Selectable<MediaAssetsTable>): MediaAssetRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  kind: row.kind === null ? null : MediaAssetKind.parse(row.kind),
  status: MediaAssetStatus.parse(row.status),
  reason: row.reason,
  sizeBytes: toNumber(row.size_bytes),
  durationSeconds: toNumber(row.duration_seconds),
  width: row.width,
  height: row.height,
  container: row.container,
  posterAtSeconds: toNumber(row.poster_at_seconds),
  files: fromJson(FileRows, row.files),
  captions: { status: CaptionsStatus.parse(row.captions_status), ...fromJson(CaptionsRow, row.captions) },
  createdAt: fromTime(row.created_at),
  updatedAt: fromTime(row.updated_at),
});

/** `media_assets.workspace_id IS NOT DISTINCT FROM scope.workspaceId`, index-friendly (see `inWorkspace`). */
const assetInWorkspace = (scope: Scope): RawBuilder<boolean> =>
  scope.workspaceId === null ? sql<boolean>`media_assets.workspace_id is null` : sql<boolean>`media_assets.workspace_id = ${scope.workspaceId}`;

const captionsJson = ({ status: _, ...rest }: MediaAssetRecord['captions']) => toJson(rest);

export class KyselyMediaAssetStore implements MediaAssetStore {
  private readonly db: Db;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = db.withTables<{ media_assets: MediaAssetsTable }>();
  }

  async insert(asset: MediaAssetRecord): Promise<void> {
    await this.db
      .insertInto('media_assets')
      .values({
        id: asset.id,
        workspace_id: asset.workspaceId,
        name: asset.name,
        kind: asset.kind,
        status: asset.status,
        reason: asset.reason,
        size_bytes: asset.sizeBytes,
        duration_seconds: asset.durationSeconds,
        width: asset.width,
        height: asset.height,
        container: asset.container,
        poster_at_seconds: asset.posterAtSeconds,
        files: toJson(asset.files),
        captions_status: asset.captions.status,
        captions: captionsJson(asset.captions),
        created_at: asset.createdAt,
        updated_at: asset.updatedAt,
      })
      .execute();
  }

  async get(id: string, scope?: Scope): Promise<MediaAssetRecord | undefined> {
    const row = await this.db
      .selectFrom('media_assets')
      .selectAll()
      .where('id', '=', id)
      .$if(scope !== undefined, (qb) => qb.where(assetInWorkspace(scope!)))
      .executeTakeFirst();
    return row && toAsset(row);
  }

  async getMany(scope: Scope, ids: readonly string[]): Promise<MediaAssetRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('media_assets').selectAll().where('id', 'in', [...ids]).where(assetInWorkspace(scope)).execute();
    return rows.map(toAsset);
  }

  async list(scope: Scope, query: { words: readonly string[]; limit: number; after?: MediaAssetCursor }): Promise<MediaAssetRecord[]> {
    const { after } = query;
    const rows = await this.db
      .selectFrom('media_assets')
      .selectAll()
      .where(assetInWorkspace(scope))
      // A position, not a pattern: no LIKE wildcards to escape in what an owner types.
      .$call((qb) => query.words.reduce((q, word) => q.where(this.contains(sql`lower(name)`, word.toLowerCase())), qb))
      .$if(after !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([eb('created_at', '<', after!.createdAt), eb.and([eb('created_at', '=', after!.createdAt), eb('id', '<', after!.id)])]),
        ),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map(toAsset);
  }

  async update(id: string, changes: MediaAssetChanges & { updatedAt: IsoTime }, guard: MediaAssetGuard = {}): Promise<MediaAssetRecord | undefined> {
    const row = await this.db
      .updateTable('media_assets')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.kind !== undefined && { kind: changes.kind }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.reason !== undefined && { reason: changes.reason }),
        ...(changes.sizeBytes !== undefined && { size_bytes: changes.sizeBytes }),
        ...(changes.durationSeconds !== undefined && { duration_seconds: changes.durationSeconds }),
        ...(changes.width !== undefined && { width: changes.width }),
        ...(changes.height !== undefined && { height: changes.height }),
        ...(changes.container !== undefined && { container: changes.container }),
        ...(changes.posterAtSeconds !== undefined && { poster_at_seconds: changes.posterAtSeconds }),
        ...(changes.files !== undefined && { files: toJson(changes.files) }),
        ...(changes.captions !== undefined && { captions_status: changes.captions.status, captions: captionsJson(changes.captions) }),
        updated_at: changes.updatedAt,
      })
      .where('id', '=', id)
      .$if(guard.status !== undefined, (qb) => qb.where('status', 'in', [...guard.status!]))
      .$if(guard.captionsStatus !== undefined, (qb) => qb.where('captions_status', 'in', [...guard.captionsStatus!]))
      .$if(guard.scope !== undefined, (qb) => qb.where(assetInWorkspace(guard.scope!)))
      .returningAll()
      .executeTakeFirst();
    return row && toAsset(row);
  }

  async delete(scope: Scope, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('media_assets').where('id', '=', id).where(assetInWorkspace(scope)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async versionsUsing(scope: Scope, assetId: string): Promise<FlowVersionRef[]> {
    const definition = this.dialect === 'postgres' ? sql<string>`flow_versions.definition::text` : sql<string>`flow_versions.definition`;
    const rows = await this.db
      .selectFrom('flow_versions')
      .innerJoin('flows', 'flows.id', 'flow_versions.flow_id')
      .select(['flow_versions.flow_id as flowId', 'flow_versions.version as version'])
      .where(inWorkspace('flows.workspace_id', scope))
      .where(this.contains(definition, assetId))
      .orderBy('flow_versions.flow_id')
      .orderBy('flow_versions.version')
      .execute();
    return rows.map((r) => ({ flowId: r.flowId, version: Number(r.version) }));
  }

  async listUploading(limit: number): Promise<MediaAssetRecord[]> {
    const rows = await this.db.selectFrom('media_assets').selectAll().where('status', '=', 'uploading').orderBy('created_at').limit(limit).execute();
    return rows.map(toAsset);
  }

  /** `haystack` holds `needle` as plain text (SQLite `instr`, PostgreSQL `strpos`). */
  private contains(haystack: RawBuilder<string>, needle: string): RawBuilder<boolean> {
    return this.dialect === 'postgres' ? sql<boolean>`strpos(${haystack}, ${needle}) > 0` : sql<boolean>`instr(${haystack}, ${needle}) > 0`;
  }
}
