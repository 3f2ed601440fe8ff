import { html, nothing, type TemplateResult } from 'lit';
import type { Step } from '@reelback/shared';
import type { ApiProblem } from '../../api/api-client.js';
import type { Translate } from '../../util/i18n/catalogue.js';
import type { AnswerContext } from './answers/answer-context.js';
import { renderChoices } from './answers/choice-answer.js';
import { type AnswerForms, answerForms, answerFormsFailed, loadAnswerForms } from './answers/lazy-forms.js';

/** Shown (in English) for an answer type this player does not know (a flow made for a newer version). */
export const UNSUPPORTED_ANSWER_MESSAGE = 'This kind of answer is not available yet.';

/** Why the flow could not be shown (null: something unexpected), and a retry unless it does not exist. */
export function renderProblem(problem: ApiProblem | null, t: Translate, retry: () => void): TemplateResult {
  return html`<div class="error" part="error" role="alert">
    <p>${problem ? t(`error.${problem.kind}`) : t('errorLoad')}</p>
    ${problem?.kind === 'not-found' ? nothing : html`<button class="button choice retry" type="button" @click=${retry}>${t('retry')}</button>`}
  </div>`;
}

/**
 * A form from the lazily loaded chunk (contact, call to action, scale, open answer) once it is in; until then a loading line (the
 * player renders again when it arrives); if it could not be loaded, a plain message and a retry button.
 */
function lazily(ctx: AnswerContext, render: (forms: AnswerForms) => TemplateResult): TemplateResult {
  if (answerForms) return render(answerForms);
  const load = () => void loadAnswerForms().then(ctx.update);
  if (answerFormsFailed) return renderProblem(null, ctx.t, load);
  load();
  return html`<p class="status" part="status" role="status">${ctx.t('loading')}</p>`;
}

/** One step: its prompt (`prompt`: media, title, text), then the controls of its answer type. */
export function renderStep(step: Step, prompt: TemplateResult, ctx: AnswerContext): TemplateResult {
  const { answer } = step;
  switch (answer.type) {
    case 'choice':
      return html`${prompt} ${renderChoices(answer, ctx)}`;
    case 'cta':
      return html`${prompt} ${lazily(ctx, (forms) => forms.renderCta(answer, ctx))}`;
    case 'rating':
    case 'nps':
      return html`${prompt}${lazily(ctx, (forms) => forms.renderScale(answer, ctx.form, ctx.t))}`;
    case 'contact':
      return html`${prompt}${lazily(ctx, (forms) => forms.renderContact(answer, ctx.form, ctx.t))}`;
    case 'open':
      return html`${prompt}${lazily(ctx, (forms) => forms.renderOpen(step, answer, ctx))}`;
    case 'end':
      return html`<div class="end" part="end">${prompt}<slot name="end"></slot></div>`;
    default:
      return html`${prompt}
        <p class="unsupported" part="unsupported">${ctx.t('unsupported')}</p>`;
  }
}
