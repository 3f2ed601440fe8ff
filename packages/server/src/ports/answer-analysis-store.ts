import type { AnalysedTextSource, AnswerAnalysis, AnswerAnalysisState, InsightEngine, KeyPhrase, Sentiment, ServerEvent } from '@reelback/shared';
import type { IsoTime } from './store-types.js';

/** What an answer has to analyse, read in any workspace (the job's view of an answer). */
export interface AnalysisSource {
  answerId: string;
  sessionId: string;
  flowId: string;
  flowVersion: number;
  stepId: string;
  clipId: string | null;
  /**
   * The typed text of a text answer, or the ready transcript of its clip (its segments joined as
   * `joinTranscriptSegments` does, so key phrase offsets point into what the dashboard shows); null when it has none.
   */
  text: { source: AnalysedTextSource; text: string } | null;
}

/** One answer's analysis as stored. */
export interface AnswerAnalysisRecord {
  answerId: string;
  source: AnalysedTextSource;
  /** SHA-256 (hex) of the text the row is about. */
  contentHash: string;
  /** The analysis asked for now: only its job may store a result. */
  requestId: string;
  state: AnswerAnalysisState;
  reason: string | null;
  language: string | null;
  sentiment: Sentiment | null;
  sentimentScore: number | null;
  keyPhrases: KeyPhrase[];
  engine: InsightEngine | null;
  summary: string | null;
  summaryEngine: InsightEngine | null;
  requestedAt: IsoTime;
  analyzedAt: IsoTime | null;
  updatedAt: IsoTime;
}

/** What asking for an analysis did. */
export type AnalysisRequestOutcome =
  /** The row is pending for this request: its job should be queued (again: the queue keeps one per request). */
  | { queued: true; requestId: string }
  /** This text has its result already, or failed for good (an owner may ask again with `force`). */
  | { queued: false; record: AnswerAnalysisRecord };

export interface AnswerAnalysisStore {
  /** Without a scope: jobs and subscribers read answers of any workspace. `undefined`: no such answer. */
  source(answerId: string): Promise<AnalysisSource | undefined>;
  /** The answers naming this clip (an answer names at most one clip; a clip is named by at most one answer). */
  answersOfClip(clipId: string): Promise<string[]>;
  get(answerId: string): Promise<AnswerAnalysisRecord | undefined>;
  /** The analyses of these answers, by answer id (one query). */
  forAnswers(answerIds: readonly string[]): Promise<Map<string, AnswerAnalysisRecord>>;
  /**
   * Marks the answer pending for `contentHash` under a new request id, clearing any previous result, unless
   * (without `force`) the row is about that text already: then a pending row keeps its request (so a lost job can be
   * queued again under the same key) and a settled one is left as it is.
   */
  request(
    answer: { answerId: string; source: AnalysedTextSource; contentHash: string },
    at: IsoTime,
    options: { force: boolean; newRequestId: () => string },
  ): Promise<AnalysisRequestOutcome>;
  /**
   * Stores the engine's result for the text with `contentHash`, only while request `requestId` is pending, with
   * `event` in the same transaction (appended to the answer's session): a job run twice stores one result and one
   * event. Resolves false when the request was settled or superseded.
   */
  complete(
    answerId: string,
    requestId: string,
    analysed: { source: AnalysedTextSource; contentHash: string },
    result: AnswerAnalysis,
    at: IsoTime,
    event: ServerEvent,
  ): Promise<boolean>;
  /** Marks request `requestId` failed with `reason`, only while it is pending. */
  fail(answerId: string, requestId: string, reason: string, at: IsoTime): Promise<boolean>;
  /**
   * Answers with text to analyse and no analysis row yet, or whose request is still pending since before
   * `pendingBefore` (its job was lost), in id order after `after`: what the catch-up sweep hands to the pipeline.
   */
  listUnsettled(pendingBefore: IsoTime, after: string | null, limit: number): Promise<string[]>;
}
