// The reel page's calls: each chosen answer, and its clip's transcript, on top of ApiClient's generic get.
import type { AnswerItem, TranscriptSegment } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';

/** An answer whose clip can go into a reel, with the range chosen (seconds into the clip). */
export interface ReelPart {
  answer: AnswerItem;
  clipId: string;
  kind: 'video' | 'audio';
  durationSeconds: number;
  start: number;
  end: number;
  /** Its transcript's segments, empty when it has none (yet). */
  segments: TranscriptSegment[];
}

/** A chosen answer that cannot go in, and why (said to the owner). */
export interface LeftOut {
  answerId: string;
  answer: AnswerItem | null;
  reason: string;
}

/** Why an answer's clip cannot be used, or null when it can. */
export function unusableReason(answer: AnswerItem): string | null {
  if ((answer.kind !== 'video' && answer.kind !== 'audio') || !answer.clip) return 'not a clip';
  const { status, durationSeconds } = answer.clip;
  if (status === 'rejected' || status === 'failed') return 'its recording could not be processed';
  if (status !== 'ready') return 'still processing';
  if (!durationSeconds || durationSeconds <= 0) return 'its length is not known';
  return null;
}

/** Loads the answers in the order given; the usable ones whole, with their transcripts. */
export async function loadReelAnswers(api: ApiClient, answerIds: readonly string[]): Promise<{ parts: ReelPart[]; leftOut: LeftOut[] }> {
  const results = await Promise.all(
    answerIds.map(async (answerId): Promise<ReelPart | LeftOut> => {
      let answer: AnswerItem;
      try {
        answer = await api.get<AnswerItem>(`/answers/${encodeURIComponent(answerId)}`);
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return { answerId, answer: null, reason: 'not found (it may have been deleted)' };
        // Anything else (the server is down, the session ended) stops the page: one message, not one per answer.
        throw error;
      }
      const reason = unusableReason(answer);
      if (reason) return { answerId, answer, reason };
      const clip = answer.clip!;
      const transcript = await api.transcript(clip.id).catch(() => null);
      return {
        answer,
        clipId: clip.id,
        kind: answer.kind as 'video' | 'audio',
        durationSeconds: clip.durationSeconds!,
        start: 0,
        end: clip.durationSeconds!,
        segments: transcript?.status === 'ready' ? transcript.segments : [],
      };
    }),
  );
  return {
    parts: results.filter((r): r is ReelPart => 'clipId' in r),
    leftOut: results.filter((r): r is LeftOut => 'reason' in r),
  };
}
