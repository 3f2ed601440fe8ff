import type { ReelbackEvent } from '@reelback/shared';

interface Visit {
  stepId: string;
  /** `:optionId` or `:score` once the viewer responded there. */
  response: string | null;
}

/**
 * The compact path of the steps a viewer took before one answer (`start:feedback>rate:4>nps:9`), from the session's
 * step events in the order they were accepted. It follows the same rules as the answer's journey
 * (answer-journey.service.ts) — a repeated view of the step the viewer is on (a reload) is not a new visit, a
 * response without its view still is one — but needs only the events, so a whole batch costs one query; the
 * journey service reads a session and its flow version per answer, too much per row of a large export.
 */
export function answerPath(events: readonly ReelbackEvent[] | undefined, answer: { id: string; stepId: string }): string {
  const visits: Visit[] = [];
  for (const event of events ?? []) {
    if (event.type === 'reelback.answer.submitted' && event.id === answer.id) break;
    const data = event.data as { stepId?: string; optionId?: string; answer?: { kind?: string; value?: unknown } };
    if (typeof data.stepId !== 'string') continue;
    const last = visits.at(-1);
    const open = last !== undefined && last.stepId === data.stepId && last.response === null ? last : undefined;
    if (event.type === 'reelback.step.viewed') {
      if (!open) visits.push({ stepId: data.stepId, response: null });
      continue;
    }
    let response = '';
    if (event.type === 'reelback.choice.selected' && typeof data.optionId === 'string') response = `:${data.optionId}`;
    else if (event.type === 'reelback.answer.submitted' && (data.answer?.kind === 'rating' || data.answer?.kind === 'nps')) response = `:${String(data.answer.value)}`;
    if (open) open.response = response;
    else visits.push({ stepId: data.stepId, response });
  }
  // The answer's own step (viewed, not yet answered) is where the viewer is, not a step before it.
  const last = visits.at(-1);
  if (last && last.response === null && last.stepId === answer.stepId) visits.pop();
  return visits.map((v) => `${v.stepId}${v.response ?? ''}`).join('>');
}
