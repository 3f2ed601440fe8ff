import type { AnswerAnalysisView } from '@reelback/shared';
import type { AnswerAnalysisRecord } from '../../ports/answer-analysis-store.js';

/** What the API shows of a stored analysis; null when the answer has none (no text, or not asked for yet). */
export function toAnalysisView(record: AnswerAnalysisRecord | undefined): AnswerAnalysisView | null {
  if (!record) return null;
  return {
    state: record.state,
    source: record.source,
    language: record.language,
    sentiment: record.sentiment,
    sentimentScore: record.sentimentScore,
    keyPhrases: record.keyPhrases,
    engine: record.engine,
    summary: record.summary,
    summaryEngine: record.summaryEngine,
    reason: record.reason,
    analyzedAt: record.analyzedAt,
  };
}
