import { html, type TemplateResult } from 'lit';
import type { AnswerSpec } from '@reelback/shared';
import type { AnswerContext } from './answer-context.js';

type ChoiceSpec = Extract<AnswerSpec, { type: 'choice' }>;

/** A choice step: one button per option; a press follows that option's branch. */
export function renderChoices(spec: ChoiceSpec, ctx: AnswerContext): TemplateResult {
  return html`<ul class="choices" part="choices">
    ${spec.options.map(
      (option) => html`<li>
        <button class="button choice" part="choice" type="button" @click=${() => ctx.run.choose(option.id) && ctx.moved()}>${option.label}</button>
      </li>`,
    )}
  </ul>`;
}
