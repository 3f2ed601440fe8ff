import { type AnswerAnalysis, ServerEvent, type ServerEventOf, uuidv7 } from '@reelback/shared';
import { SERVER_EVENT_SOURCE } from '../../clips/clip-events.js';
import type { AnalysisSource } from '../../ports/answer-analysis-store.js';

/** `reelback.answer.analyzed` for a stored result, in the envelope every server event has; its subject is the answer. */
export function answerAnalyzedEvent(
  answer: AnalysisSource & { text: NonNullable<AnalysisSource['text']> },
  result: AnswerAnalysis,
  at: Date,
): ServerEventOf<'reelback.answer.analyzed'> {
  // Parsed so that a server event can never be stored in a shape the vocabulary does not allow.
  const event = ServerEvent.parse({
    specversion: '1.0',
    id: uuidv7(),
    source: SERVER_EVENT_SOURCE,
    type: 'reelback.answer.analyzed',
    time: at.toISOString(),
    datacontenttype: 'application/json',
    subject: answer.answerId,
    data: {
      sessionId: answer.sessionId,
      flowId: answer.flowId,
      flowVersion: answer.flowVersion,
      stepId: answer.stepId,
      answerId: answer.answerId,
      clipId: answer.clipId,
      source: answer.text.source,
      state: result.state,
      language: result.language,
      sentiment: result.sentiment,
      sentimentScore: result.sentimentScore,
      keyPhrases: result.keyPhrases,
      engine: result.engine,
    },
  });
  return event as ServerEventOf<'reelback.answer.analyzed'>;
}
