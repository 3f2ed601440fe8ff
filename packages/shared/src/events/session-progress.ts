import type { FlowDefinition } from '../flow/flow.schema.js';
import { findStep, nextStep, startStepId } from '../flow/next-step.js';
import { answeredFrom, type Answered } from '../flow/rules.js';
import type { StepInput } from '../flow/answer-value.schema.js';
import type { ViewerEvent } from './viewer-event.schema.js';

/** Where a session stands in its flow, rebuilt from its accepted events. */
export interface SessionProgress {
  started: boolean;
  completed: boolean;
  currentStepId: string | null;
  /** The step the last answer leads to; the only new step the viewer may see next. */
  allowedNextStepId: string | null;
  /** Answers so far by step id, for rules that branch on an earlier step (absent in sessions stored before rules). */
  answers?: Record<string, Answered>;
}

export const NEW_SESSION: SessionProgress = {
  started: false,
  completed: false,
  currentStepId: null,
  allowedNextStepId: null,
};

export type ProgressResult = { ok: true; progress: SessionProgress } | { ok: false; reason: string };

/**
 * Applies one viewer event to a session's progress, allowing only the moves its flow version allows.
 * The server uses it to refuse events out of order or off the flow's paths.
 */
export function advanceSession(
  flow: FlowDefinition,
  progress: SessionProgress,
  event: ViewerEvent,
  /** The session's variables as kept with it (rules may branch on them). */
  vars: Readonly<Record<string, string>> = {},
): ProgressResult {
  const fail = (reason: string): ProgressResult => ({ ok: false, reason });
  if (event.type === 'reelback.session.started') {
    if (progress.started) return fail('the session has already started');
    return { ok: true, progress: { ...progress, started: true, allowedNextStepId: startStepId(flow) } };
  }
  if (!progress.started) return fail('the session has not started: send reelback.session.started first');

  switch (event.type) {
    case 'reelback.step.viewed': {
      if (progress.completed) return fail('the session is already completed');
      if (!findStep(flow, event.data.stepId)) return fail(`step "${event.data.stepId}" is not in this flow version`);
      if (event.data.stepId === progress.currentStepId) return { ok: true, progress };
      if (event.data.stepId !== progress.allowedNextStepId) {
        return fail(`step "${event.data.stepId}" cannot be viewed now: the flow leads to "${progress.allowedNextStepId ?? 'no further step'}"`);
      }
      return { ok: true, progress: { ...progress, currentStepId: event.data.stepId, allowedNextStepId: null } };
    }
    case 'reelback.video.progressed':
      if (event.data.stepId !== progress.currentStepId) return fail(`step "${event.data.stepId}" is not the step being viewed`);
      return { ok: true, progress };
    case 'reelback.choice.selected':
      return move(event.data.stepId, { kind: 'choice', optionId: event.data.optionId }, event.data.nextStepId);
    case 'reelback.answer.submitted':
      return move(event.data.stepId, { kind: 'answer', answer: event.data.answer }, event.data.nextStepId);
    case 'reelback.cta.clicked':
      return move(event.data.stepId, { kind: 'cta' }, event.data.nextStepId);
    case 'reelback.session.completed': {
      if (progress.completed) return fail('the session is already completed');
      const step = findStep(flow, event.data.endStepId);
      if (event.data.endStepId !== progress.currentStepId || step?.answer.type !== 'end') {
        return fail(`the session can only complete on the end step being viewed, not "${event.data.endStepId}"`);
      }
      return { ok: true, progress: { ...progress, completed: true } };
    }
  }

  function move(stepId: string, input: StepInput, claimedNext: string | null): ProgressResult {
    if (progress.completed) return fail('the session is already completed');
    if (stepId !== progress.currentStepId) return fail(`step "${stepId}" is not the step being viewed`);
    const result = nextStep(flow, stepId, input, { vars, answers: progress.answers });
    if (!result.ok) return fail(result.reason);
    if (result.next !== claimedNext) {
      return fail(`nextStepId "${claimedNext}" does not follow from this answer; the flow leads to "${result.next}"`);
    }
    const answer = answeredFrom(input);
    // Only flows with rules read answers back: sessions of other flows keep their progress as small as before.
    const keep = answer && flow.steps.some((s) => s.rules?.length);
    const answers = keep ? { ...progress.answers, [stepId]: answer } : progress.answers;
    return { ok: true, progress: { ...progress, allowedNextStepId: result.next, ...(answers ? { answers } : {}) } };
  }
}
