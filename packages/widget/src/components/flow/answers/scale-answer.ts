import { html, nothing, type TemplateResult } from 'lit';
import type { AnswerSpec } from '@reelback/shared';
import type { Translate } from '../../../util/i18n/catalogue.js';
import type { AnswerFormController } from '../answer-form.controller.js';

type RatingSpec = Extract<AnswerSpec, { type: 'rating' | 'nps' }>;

/** A rating (1…scale) or NPS (0…10) step: native radio buttons drawn as one row of scores. */
export function renderScale(spec: RatingSpec, form: AnswerFormController, t: Translate): TemplateResult {
  const nps = spec.type === 'nps';
  const max = nps ? 10 : spec.scale;
  const values = Array.from({ length: nps ? 11 : max }, (_, i) => (nps ? i : i + 1));
  const { lowLabel, highLabel } = spec;
  const name = (value: number) => {
    const end = value === values[0] ? lowLabel : value === max ? highLabel : undefined;
    return `${t('scoreOf', { n: value, max })}${end ? `, ${end}` : ''}`;
  };
  return html`<form
    class="answer"
    part="form"
    novalidate
    @submit=${(event: Event) =>
      form.submit(event, (el) => ({ kind: spec.type, value: Number((el.elements.namedItem('value') as RadioNodeList).value) }))}
    @change=${form.edited}
  >
    <div
      class="scale"
      part="scale"
      role="radiogroup"
      aria-labelledby="title"
      aria-describedby=${form.describedBy('value') ?? nothing}
      aria-invalid=${form.hasError('value') ? 'true' : nothing}
      @keydown=${(event: KeyboardEvent) => {
        // Enter sends the chosen score, as it would from a text field.
        if (event.key !== 'Enter') return;
        event.preventDefault();
        (event.currentTarget as HTMLElement).closest('form')!.requestSubmit();
      }}
    >
      ${values.map(
        (value) => html`<label class="scale-option" part="scale-option"
          ><input class="sr-only" type="radio" name="value" value=${value} required aria-label=${name(value)} /><span aria-hidden="true"
            >${value}</span
          ></label
        >`,
      )}
    </div>
    ${lowLabel || highLabel
      ? html`<div class="scale-labels" part="scale-labels" aria-hidden="true"><span>${lowLabel}</span><span>${highLabel}</span></div>`
      : nothing}
    ${form.error('value')} ${form.submitButton()}
  </form>`;
}
