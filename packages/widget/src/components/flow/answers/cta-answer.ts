import { html, nothing, type TemplateResult } from 'lit';
import type { AnswerSpec } from '@reelback/shared';
import { safeLinkUrl } from '../../../util/urls.js';
import type { AnswerContext } from './answer-context.js';

type CtaSpec = Extract<AnswerSpec, { type: 'cta' }>;

/**
 * The section of this very page a link points at (same origin and path, and a `#fragment` naming an element here),
 * or null. Following it is a jump within the page: no reload, the page's own query (UTM parameters) kept, the flow
 * still on screen at the step it went on to.
 */
export function sectionOfThisPage(url: string): string | null {
  const target = new URL(url);
  if (target.origin !== location.origin || target.pathname !== location.pathname || !target.hash) return null;
  const id = decodeURIComponent(target.hash.slice(1));
  return document.getElementById(id) ? target.hash : null;
}

/**
 * Records the click and moves on to the step it leads to, then follows the link if it is one a viewer may follow:
 * a section of this page by a jump within it (once the next step is shown), another page in a new tab by default,
 * or in this tab when the flow says so (then the next page that shows the flow shows the step it went on to).
 */
function follow(event: Event, spec: CtaSpec, ctx: AnswerContext): void {
  event.preventDefault();
  const url = safeLinkUrl(spec.url);
  if (!ctx.run.clickCta(spec.url)) return;
  ctx.moved();
  if (!url) {
    console.warn(`[reelback] not following the call-to-action link "${spec.url}": only http(s) URLs and same-origin paths are allowed`);
    return;
  }
  const section = spec.openInNewTab === false ? sectionOfThisPage(url) : null;
  if (section) void ctx.shown().then(() => (location.hash = section));
  else if (spec.openInNewTab === false) {
    ctx.run.leaving();
    location.assign(url);
  } else window.open(url, '_blank', 'noopener,noreferrer');
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
        target=${spec.openInNewTab === false ? nothing : '_blank'}
        rel="noopener noreferrer"
        @click=${onClick}
        >${spec.label}</a
      >`
    : html`<button class="button cta" part="cta" type="button" @click=${onClick}>${spec.label}</button>`;
}
