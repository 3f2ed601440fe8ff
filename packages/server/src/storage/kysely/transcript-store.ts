import { TranscriptEngine, TranscriptSegment, TranscriptStatus, type ServerEvent, type TranscriptionResult } from '@reelback/shared';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import * as z from 'zod';
import type { IsoTime, Scope } from '../../ports/store-types.js';
import type { TranscriptRecord, TranscriptSearchRow, TranscriptStore } from '../../ports/transcript-store.js';
import { fromJson, fromNullableTime, fromTime, toJson } from './codec.js';
import type { Database, Dialect, TranscriptsTable } from './schema.js';
import { insertServerEvent } from './server-event-row.js';
import { inWorkspace } from './scope.js';
import { inTransaction } from './in-transaction.js';

const Segments = z.array(TranscriptSegment);

const toRecord = (row: Selectable<TranscriptsTable>): TranscriptRecord => ({
  clipId: row.clip_id,
  sessionId: row.session_id,
  status: TranscriptStatus.parse(row.status),
  jobId: row.job_id,
  engine: row.engine === null ? null : TranscriptEngine.parse(row.engine),
  model: row.model,
  language: row.language,
  durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
  processingSeconds: row.processing_seconds === null ? null : Number(row.processing_seconds),
  segments: row.segments === null ? [] : fromJson(Segments, row.segments),
  text: row.text,
  original:
    row.original_segments === null || row.original_text === null
      ? null
      : { text: row.original_text, segments: fromJson(Segments, row.original_segments) },
  editedAt: fromNullableTime(row.edited_at),
  error: row.error,
  createdAt: fromTime(row.created_at),
  updatedAt: fromTime(row.updated_at),
});

/** Words as FTS5 phrases (quoted, so no viewer text is read as query syntax), all required, the last one as a prefix. */
export function ftsQuery(query: string): string | null {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

export const joinSegments = (segments: readonly { text: string }[]) =>
  segments
    .map((s) => s.text.trim())
    .filter((t) => t.length > 0)
    .join(' ');

export class KyselyTranscriptStore implements TranscriptStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async queue(ref: { clipId: string; sessionId: string; jobId: string | null; at: IsoTime }): Promise<void> {
    await this.db
      .insertInto('transcripts')
      .values({
        clip_id: ref.clipId,
        session_id: ref.sessionId,
        status: 'queued',
        job_id: ref.jobId,
        segments: null,
        original_segments: null,
        created_at: ref.at,
        updated_at: ref.at,
      })
      .onConflict((oc) => oc.column('clip_id').doNothing())
      .execute();
  }

  async get(clipId: string, scope?: Scope): Promise<TranscriptRecord | undefined> {
    const row = await this.db
      .selectFrom('transcripts')
      .selectAll('transcripts')
      .where('transcripts.clip_id', '=', clipId)
      .$if(scope !== undefined, (qb) =>
        qb
          .innerJoin('sessions', 'sessions.id', 'transcripts.session_id')
          .innerJoin('flows', 'flows.id', 'sessions.flow_id')
          .where(inWorkspace('flows.workspace_id', scope!)),
      )
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async complete(clipId: string, result: TranscriptionResult & { processingSeconds: number }, at: IsoTime, event: ServerEvent): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx
        .updateTable('transcripts')
        .set({
          status: 'ready',
          engine: result.engine,
          model: result.model,
          language: result.language,
          duration_seconds: result.durationSeconds,
          processing_seconds: result.processingSeconds,
          segments: toJson(result.segments),
          text: result.text,
          error: null,
          updated_at: at,
        })
        .where('clip_id', '=', clipId)
        .where('status', '!=', 'ready')
        .returning(['session_id'])
        .executeTakeFirst();
      if (!row) return false;
      await this.index(tx, clipId, result.text);
      await insertServerEvent(tx, row.session_id, event, at);
      return true;
    });
  }

  async replaceMachineTranscript(
    clipId: string,
    from: TranscriptionResult['engine'],
    result: TranscriptionResult & { processingSeconds: number },
    at: IsoTime,
    event: ServerEvent,
  ): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx
        .updateTable('transcripts')
        .set({
          engine: result.engine,
          model: result.model,
          language: result.language,
          duration_seconds: result.durationSeconds,
          processing_seconds: result.processingSeconds,
          segments: toJson(result.segments),
          text: result.text,
          error: null,
          updated_at: at,
        })
        .where('clip_id', '=', clipId)
        .where('status', '=', 'ready')
        .where('engine', '=', from)
        .where('edited_at', 'is', null)
        .returning(['session_id'])
        .executeTakeFirst();
      if (!row) return false;
      await this.index(tx, clipId, result.text);
      await insertServerEvent(tx, row.session_id, event, at);
      return true;
    });
  }

  async listMachineTranscripts(engine: TranscriptionResult['engine'], after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('transcripts')
      .select('clip_id')
      .where('status', '=', 'ready')
      .where('engine', '=', engine)
      .where('edited_at', 'is', null);
    if (after !== null) query = query.where('clip_id', '>', after);
    const rows = await query.orderBy('clip_id').limit(limit).execute();
    return rows.map((r) => r.clip_id);
  }

  async fail(clipId: string, error: string, at: IsoTime, event: ServerEvent): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx
        .updateTable('transcripts')
        .set({ status: 'failed', error, updated_at: at })
        .where('clip_id', '=', clipId)
        .where('status', '=', 'queued')
        .returning(['session_id'])
        .executeTakeFirst();
      if (!row) return false;
      await insertServerEvent(tx, row.session_id, event, at);
      return true;
    });
  }

  async edit(scope: Scope, clipId: string, segments: TranscriptSegment[], at: IsoTime): Promise<TranscriptRecord | undefined> {
    return inTransaction(this.db, async (tx) => {
      const row0 = await tx
        .selectFrom('transcripts')
        .innerJoin('sessions', 'sessions.id', 'transcripts.session_id')
        .innerJoin('flows', 'flows.id', 'sessions.flow_id')
        .selectAll('transcripts')
        .where('transcripts.clip_id', '=', clipId)
        .where(inWorkspace('flows.workspace_id', scope))
        .executeTakeFirst();
      const current = row0 && toRecord(row0);
      if (!current || current.status !== 'ready') return undefined;
      const text = joinSegments(segments);
      // The engine's version is kept once, from the first edit on.
      const original = current.original ?? { text: current.text ?? '', segments: current.segments };
      const row = await tx
        .updateTable('transcripts')
        .set({
          segments: toJson(segments),
          text,
          original_segments: toJson(original.segments),
          original_text: original.text,
          edited_at: at,
          updated_at: at,
        })
        .where('clip_id', '=', clipId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.index(tx, clipId, text);
      return toRecord(row);
    });
  }

  async search(scope: Scope, query: string, limit: number): Promise<TranscriptSearchRow[]> {
    const inScope = inWorkspace('flows.workspace_id', scope);
    if (this.dialect === 'postgres') {
      if (!/[\p{L}\p{N}]/u.test(query)) return [];
      const { rows } = await sql<{ clip_id: string; session_id: string; text: string }>`
        select t.clip_id, t.session_id, t.text from transcripts t
        join sessions on sessions.id = t.session_id join flows on flows.id = sessions.flow_id
        where t.status = 'ready' and t.search @@ plainto_tsquery('simple', ${query}) and ${inScope}
        order by ts_rank(t.search, plainto_tsquery('simple', ${query})) desc, t.clip_id
        limit ${limit}`.execute(this.db);
      return rows.map((r) => ({ clipId: r.clip_id, sessionId: r.session_id, text: r.text }));
    }
    const match = ftsQuery(query);
    if (match === null) return [];
    const { rows } = await sql<{ clip_id: string; session_id: string; text: string }>`
      select t.clip_id, t.session_id, t.text from transcripts_fts f join transcripts t on t.clip_id = f.clip_id
      join sessions on sessions.id = t.session_id join flows on flows.id = sessions.flow_id
      where transcripts_fts match ${match} and t.status = 'ready' and ${inScope}
      order by bm25(transcripts_fts), t.clip_id
      limit ${limit}`.execute(this.db);
    return rows.map((r) => ({ clipId: r.clip_id, sessionId: r.session_id, text: r.text }));
  }

  /** SQLite's FTS5 table follows the transcript's text (PostgreSQL's tsvector is a generated column). */
  private async index(tx: Transaction<Database>, clipId: string, text: string): Promise<void> {
    if (this.dialect === 'postgres') return;
    await tx.deleteFrom('transcripts_fts').where('clip_id', '=', clipId).execute();
    await tx.insertInto('transcripts_fts').values({ clip_id: clipId, text }).execute();
  }
}
