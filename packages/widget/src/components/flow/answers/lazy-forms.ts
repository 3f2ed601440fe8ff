import type { FlowDefinition } from '@reelback/shared';
import { importWithRetry } from '../../../util/lazy-import.js';

export type AnswerForms = typeof import('./answer-forms.js');

/** The forms once loaded. */
export let answerForms: AnswerForms | undefined;
/** The last load failed (after its retries): the step says so and offers to try again. */
export let answerFormsFailed = false;
let pending: Promise<unknown> | undefined;

/**
 * Loads the answer controls but the choices' (≈ 2 KB gz the player need not carry before it has a flow: the
 * contact form, the call to action, the rating/NPS scale, the open answer). A chunk that fails is tried again as the recorder's is (`importWithRetry`: again,
 * then under a fresh URL), and once more when the viewer presses "Try again".
 */
export function loadAnswerForms(): Promise<unknown> {
  answerFormsFailed = false;
  return (pending ??= importWithRetry(() => import('./answer-forms.js'), import.meta.url).then(
    (loaded) => (answerForms = loaded),
    () => {
      pending = undefined;
      answerFormsFailed = true;
    },
  ));
}

/**
 * Starts loading the forms as soon as the definition of a flow that has such a step is in (while its session starts),
 * so they are in before the viewer is.
 */
export function preloadAnswerForms(definition: FlowDefinition): void {
  if (definition.steps.some(({ answer }) => answer.type !== 'choice' && answer.type !== 'end')) void loadAnswerForms();
}
