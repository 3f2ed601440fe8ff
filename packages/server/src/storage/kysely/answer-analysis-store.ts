import {
  AnalysedTextSource,
  AnswerAnalysisState,
  InsightEngine,
  joinTranscriptSegments,
  KeyPhrase,
  Sentiment,
  TranscriptSegment,
  type AnswerAnalysis,
  type ServerEvent,
} from '@reelback/shared';
import type { Kysely, Selectable } from 'kysely';
import * as z from 'zod';
import type {
  AnalysisRequestOutcome,
  AnalysisSource,
  AnswerAnalysisRecord,
  AnswerAnalysisStore,
} from '../../ports/answer-analysis-store.js';
import type { IsoTime } from '../../ports/store-types.js';
import type { AnswerAnalysesTable } from './answer-analyses-table.js';
import { fromJson, fromNullableTime, fromTime, toJson } from './codec.js';
import { inTransaction } from './in-transaction.js';
import type { Database, Dialect } from './schema.js';
import { insertServerEvent } from './server-event-row.js';

type Db = Database & { answer_analyses: AnswerAnalysesTable };

const Phrases = z.array(KeyPhrase);
const Segments = z.array(TranscriptSegment);

const toRecord = (row: Selectable<AnswerAnalysesTable>): AnswerAnalysisRecord => ({
  answerId: row.answer_id,
  source: AnalysedTextSource.parse(row.source),
  contentHash: row.content_hash,
  requestId: row.request_id,
  state: AnswerAnalysisState.parse(row.state),
  reason: row.reason,
  language: row.language,
  sentiment: row.sentiment === null ? null : Sentiment.parse(row.sentiment),
  sentimentScore: row.sentiment_score === null ? null : Number(row.sentiment_score),
  keyPhrases: fromJson(Phrases, row.key_phrases),
  engine: row.engine === null ? null : fromJson(InsightEngine, row.engine),
  summary: row.summary,
  summaryEngine: row.summary_engine === null ? null : fromJson(InsightEngine, row.summary_engine),
  requestedAt: fromTime(row.requested_at),
  analyzedAt: fromNullableTime(row.analyzed_at),
  updatedAt: fromTime(row.updated_at),
});

/** The result columns of a row with no result (pending, failed). */
const NO_RESULT = {
  reason: null,
  language: null,
  sentiment: null,
  sentiment_score: null,
  key_phrases: '[]',
  engine: null,
  summary: null,
  summary_engine: null,
  analyzed_at: null,
} as const;

export class KyselyAnswerAnalysisStore implements AnswerAnalysisStore {
  private readonly db: Kysely<Db>;

  constructor(
    private readonly base: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = base.withTables<{ answer_analyses: AnswerAnalysesTable }>();
  }

  async source(answerId: string): Promise<AnalysisSource | undefined> {
    const row = await this.db
      .selectFrom('answers as a')
      .leftJoin('transcripts as t', (j) => j.onRef('t.clip_id', '=', 'a.clip_id').on('t.status', '=', 'ready'))
      .select(['a.id', 'a.session_id', 'a.flow_id', 'a.flow_version', 'a.step_id', 'a.kind', 'a.clip_id', 'a.text', 't.clip_id as t_clip', 't.segments as t_segments', 't.text as t_text'])
      .where('a.id', '=', answerId)
      .executeTakeFirst();
    if (!row) return undefined;
    let text: AnalysisSource['text'] = null;
    if (row.kind === 'text' && row.text !== null) text = { source: 'text', text: row.text };
    else if (row.t_clip !== null) {
      const segments = row.t_segments === null ? [] : fromJson(Segments, row.t_segments);
      text = { source: 'transcript', text: segments.length > 0 ? joinTranscriptSegments(segments) : (row.t_text ?? '') };
    }
    return {
      answerId: row.id,
      sessionId: row.session_id,
      flowId: row.flow_id,
      flowVersion: Number(row.flow_version),
      stepId: row.step_id,
      clipId: row.clip_id,
      text,
    };
  }

  async answersOfClip(clipId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('answers').select('id').where('clip_id', '=', clipId).orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  async get(answerId: string): Promise<AnswerAnalysisRecord | undefined> {
    const row = await this.db.selectFrom('answer_analyses').selectAll().where('answer_id', '=', answerId).executeTakeFirst();
    return row && toRecord(row);
  }

  async forAnswers(answerIds: readonly string[]): Promise<Map<string, AnswerAnalysisRecord>> {
    const out = new Map<string, AnswerAnalysisRecord>();
    if (answerIds.length === 0) return out;
    const rows = await this.db.selectFrom('answer_analyses').selectAll().where('answer_id', 'in', [...new Set(answerIds)]).execute();
    for (const row of rows) out.set(row.answer_id, toRecord(row));
    return out;
  }

  async request(
    answer: { answerId: string; source: AnalysedTextSource; contentHash: string },
    at: IsoTime,
    options: { force: boolean; newRequestId: () => string },
  ): Promise<AnalysisRequestOutcome> {
    return inTransaction(this.db, async (tx) => {
      const current = await tx.selectFrom('answer_analyses').selectAll().where('answer_id', '=', answer.answerId)
        // PostgreSQL: two requests for one answer take turns (SQLite serialises writers and has no FOR UPDATE).
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (current && !options.force && current.content_hash === answer.contentHash) {
        if (current.state === 'pending') return { queued: true, requestId: current.request_id };
        return { queued: false, record: toRecord(current) };
      }
      const requestId = options.newRequestId();
      const row = {
        source: answer.source,
        content_hash: answer.contentHash,
        request_id: requestId,
        state: 'pending',
        ...NO_RESULT,
        requested_at: at,
        updated_at: at,
      };
      await tx
        .insertInto('answer_analyses')
        .values({ answer_id: answer.answerId, ...row })
        .onConflict((oc) => oc.column('answer_id').doUpdateSet(row))
        .execute();
      return { queued: true, requestId };
    });
  }

  async complete(
    answerId: string,
    requestId: string,
    analysed: { source: AnalysedTextSource; contentHash: string },
    result: AnswerAnalysis,
    at: IsoTime,
    event: ServerEvent,
  ): Promise<boolean> {
    // On the base database, so the event's insert (written for `Database`) shares the transaction.
    return inTransaction(this.base, async (base) => {
      const tx = base.withTables<{ answer_analyses: AnswerAnalysesTable }>();
      const row = await tx
        .updateTable('answer_analyses')
        .set({
          source: analysed.source,
          content_hash: analysed.contentHash,
          state: result.state,
          reason: null,
          language: result.language,
          sentiment: result.sentiment,
          sentiment_score: result.sentimentScore,
          key_phrases: toJson(result.keyPhrases),
          engine: toJson(result.engine),
          summary: result.summary,
          summary_engine: result.summaryEngine === null ? null : toJson(result.summaryEngine),
          analyzed_at: at,
          updated_at: at,
        })
        .where('answer_id', '=', answerId)
        .where('request_id', '=', requestId)
        .where('state', '=', 'pending')
        .returning('answer_id')
        .executeTakeFirst();
      if (!row) return false;
      const answer = await tx.selectFrom('answers').select('session_id').where('id', '=', answerId).executeTakeFirstOrThrow();
      await insertServerEvent(base, answer.session_id, event, at);
      return true;
    });
  }

  async fail(answerId: string, requestId: string, reason: string, at: IsoTime): Promise<boolean> {
    const result = await this.db
      .updateTable('answer_analyses')
      .set({ state: 'failed', ...NO_RESULT, reason, updated_at: at })
      .where('answer_id', '=', answerId)
      .where('request_id', '=', requestId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listUnsettled(pendingBefore: IsoTime, after: string | null, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('answers as a')
      .leftJoin('answer_analyses as x', 'x.answer_id', 'a.id')
      .leftJoin('transcripts as t', (j) => j.onRef('t.clip_id', '=', 'a.clip_id').on('t.status', '=', 'ready'))
      .select('a.id')
      .where((eb) =>
        eb.and([
          eb.or([eb.and([eb('a.kind', '=', 'text'), eb('a.text', 'is not', null)]), eb('t.clip_id', 'is not', null)]),
          eb.or([eb('x.answer_id', 'is', null), eb.and([eb('x.state', '=', 'pending'), eb('x.requested_at', '<', pendingBefore)])]),
        ]),
      )
      .$if(after !== null, (qb) => qb.where('a.id', '>', after!))
      .orderBy('a.id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
