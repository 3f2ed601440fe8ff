import type { FlowDefinition } from '@reelback/shared';
import { importWithRetry } from '../../../util/lazy-import.js';

export type AnswerForms = typeof import('./answer-forms.js');

/** The forms once loaded. */
export let answerForms: AnswerForms | undefined;
/** The last load failed (after its retries): the step says so and offers to try again. */
export let answerFormsFailed = false;
let pending: Promise<unknown> | undefined;

/**
 * Loads the contact form, the call to action and the rating/NPS scale (≈ 1 KB gz the player need not carry: most
 * flows show them late, if at all). A chunk that fails is tried again as the recorder's is (`importWithRetry`: again,
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

/** Starts loading the forms as soon as a flow that has such a step is open, so they are in before the viewer is. */
export function preloadAnswerForms(definition: FlowDefinition): void {
  if (definition.steps.some(({ answer }) => /^(cta|contact|rating|nps)$/.test(answer.type))) void loadAnswerForms();
}
