import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { AnswerSpec } from '@reelback/shared';
import { safeLinkUrl } from '../../../util/urls.js';
import type { AnswerContext } from './answer-context.js';

type CtaSpec = Extract<AnswerSpec, { type: 'cta' }>;

/** Records the click, moves on, then follows the link if it is one a viewer may follow. */
function follow(event: Event, spec: CtaSpec, ctx: AnswerContext): void {
  event.preventDefault();
  const url = safeLinkUrl(spec.url);
  if (!ctx.run.clickCta(spec.url)) return;
  ctx.moved();
  if (!url) {
    console.warn(`[reelback] not following the call-to-action link "${spec.url}": only http(s) URLs and same-origin paths are allowed`);
    return;
  }
  if (spec.openInNewTab === false) location.assign(url);
  else window.open(url, '_blank', 'noopener,noreferrer');
}

/** A call to action: a real link when its URL is safe (so it can be opened the usual ways), else a button. */
export function renderCta(spec: CtaSpec, ctx: AnswerContext): TemplateResult {
  const url = safeLinkUrl(spec.url);
  const onClick = (event: Event) => follow(event, spec, ctx);
  return url
    ? html`<a
        class="button cta"
        part="cta"
        href=${url}
        target=${ifDefined(spec.openInNewTab === false ? undefined : '_blank')}
        rel="noopener noreferrer"
        @click=${onClick}
        >${spec.label}</a
      >`
    : html`<button class="button cta" part="cta" type="button" @click=${onClick}>${spec.label}</button>`;
}
