import { AnswerAnalysis } from '@reelback/shared';

/** Longest failure reason kept: an engine's message is ours to store, not a place for a whole stack or payload. */
const MAX_REASON = 300;

export const shortReason = (reason: string): string => (reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason);

/**
 * An engine's answer, held to the contract before anything is stored: the schema, key phrases inside the text
 * analysed (the dashboard marks them there), and the fields each state promises. An engine that breaks it is a bug
 * to report, never a result to show, so the answer is marked failed with what was wrong.
 */
export function checkedResult(value: unknown, text: string): { ok: true; result: AnswerAnalysis } | { ok: false; reason: string } {
  const parsed = AnswerAnalysis.safeParse(value);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const where = first && first.path.length > 0 ? first.path.join('.') : 'result';
    return { ok: false, reason: shortReason(`the engine's result does not fit the contract: ${where}: ${first?.message ?? 'invalid'}`) };
  }
  const result = parsed.data;
  const outside = result.keyPhrases.find((p) => p.start >= p.end || p.end > text.length);
  if (outside) return { ok: false, reason: `the engine named a key phrase at ${outside.start}–${outside.end}, outside the ${text.length} characters analysed` };
  if (result.state === 'analyzed' && (result.sentiment === null || result.sentimentScore === null)) {
    return { ok: false, reason: 'the engine said "analyzed" without a sentiment and score' };
  }
  if (result.state !== 'analyzed' && result.sentiment !== null) return { ok: false, reason: `the engine gave a sentiment to a text it called "${result.state}"` };
  return { ok: true, result };
}
