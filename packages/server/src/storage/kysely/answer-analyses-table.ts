import type { ColumnType } from 'kysely';
import type { JsonColumn, NullableTimeColumn, OptionalJsonColumn, TimeColumn } from './schema.js';

/** Migration 0028: one answer's analysis (#17); see the migration for what each column means. */
export interface AnswerAnalysesTable {
  answer_id: string;
  source: string;
  content_hash: string;
  request_id: string;
  state: string;
  reason: string | null;
  language: string | null;
  sentiment: string | null;
  sentiment_score: ColumnType<number | string | null, number | null, number | null>;
  key_phrases: JsonColumn;
  engine: OptionalJsonColumn;
  summary: string | null;
  summary_engine: OptionalJsonColumn;
  requested_at: TimeColumn;
  analyzed_at: NullableTimeColumn;
  updated_at: TimeColumn;
}
