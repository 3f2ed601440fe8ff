import type { FlowDefinition } from '../flow/flow.schema.js';
import type { FlowProblem } from '../flow/flow-problem.schema.js';
import type { PromptMediaProblem } from './resolve-prompt-media.js';

/**
 * The media problems of `resolvePromptMedia` as flow problems, each at its step's `prompt.media.assetId`, so a
 * draft lists them (and the studio pins them on cards) beside `checkFlow`'s. Matched by position, not by step id
 * alone: a draft may hold two steps with one id while it is being edited.
 */
export function promptMediaFlowProblems(definition: Pick<FlowDefinition, 'steps'>, problems: readonly PromptMediaProblem[]): FlowProblem[] {
  const pending = [...problems];
  const found: FlowProblem[] = [];
  definition.steps.forEach((step, index) => {
    const next = pending[0];
    if (!next || next.stepId !== step.id || next.assetId !== step.prompt.media?.assetId) return;
    pending.shift();
    found.push({
      code: next.reason === 'missing' ? 'media-missing' : 'media-not-ready',
      path: ['steps', index, 'prompt', 'media', 'assetId'],
      message: next.message,
    });
  });
  return found;
}
