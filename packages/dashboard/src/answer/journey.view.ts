// The viewer's path through the flow up to an answer, as a list of steps with what they answered. Everything
// here was made by a viewer or a flow author: text bindings only, links only for http(s) URLs.
import { css, html, nothing } from 'lit';
import { answerPath } from '../app/routes.js';
import { formatTime, safeHttpUrl } from '../util/format.js';
import type { AnswerJourney, JourneyResponse, JourneyStep } from './answer-api.js';

const CONTACT_LABELS: Record<string, string> = { name: 'Name', email: 'E-mail', phone: 'Phone', company: 'Company' };

export const journeyStyles = css`
  .journey {
    margin: 0;
    padding-left: 1.5rem;
  }
  .journey li {
    padding: 0.375rem 0.5rem;
    border-radius: var(--rb-radius, 6px);
  }
  .journey li[aria-current='step'] {
    background: var(--rb-accent-soft, #e8ebfb);
    box-shadow: inset 4px 0 0 var(--rb-accent, #2f3fb8);
  }
  .journey .step-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .journey .said {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .journey dl,
  .context {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.125rem 0.75rem;
    margin: 0.25rem 0 0;
  }
  .context {
    margin-bottom: 0.75rem;
  }
  .journey dd,
  .context dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
`;

/** A URL a viewer's browser reported: a link when it is http(s), text otherwise (`javascript:` stays inert). */
export function renderViewerUrl(value: string) {
  const link = safeHttpUrl(value);
  return link ? html`<a href=${link} rel="noopener noreferrer nofollow" target="_blank">${value}</a>` : html`<span class="url-text">${value}</span>`;
}

function renderResponse(response: JourneyResponse | null, answerId: string) {
  if (!response) return html`<span class="muted">Saw this step</span>`;
  switch (response.kind) {
    case 'choice':
      return html`Chose <span class="said">“${response.label}”</span>`;
    case 'cta':
      return html`Followed the call to action`;
    case 'rating':
      return html`Rated ${response.value}`;
    case 'nps':
      return html`Scored ${response.value} of 10`;
    case 'text':
      return html`Wrote <span class="said">“${response.text}”</span>`;
    case 'video':
    case 'audio': {
      const what = response.kind === 'video' ? 'Recorded a video' : 'Recorded an audio answer';
      if (response.answerId === answerId) return html`${what} (this answer)`;
      return response.answerId ? html`<a href=${answerPath(response.answerId)}>${what}</a>` : html`${what}`;
    }
    case 'contact': {
      if (!response.consent) return html`<span class="muted">Contact details withheld (no consent)</span>`;
      const fields = Object.entries(response.fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      return html`Left contact details
        <dl>
          ${fields.map(([name, value]) => html`<dt>${CONTACT_LABELS[name] ?? name}</dt><dd>${value}</dd>`)}
        </dl>`;
    }
  }
}

function renderStep(step: JourneyStep, answerId: string) {
  return html`<li aria-current=${step.current ? 'step' : nothing}>
    <div><span class="step-title">${step.title}</span> <span class="muted">(${step.type}, <time datetime=${step.at}>${formatTime(step.at)}</time>)</span></div>
    <div>${renderResponse(step.response, answerId)}</div>
  </li>`;
}

export function renderJourney(journey: AnswerJourney, answerId: string) {
  const { context } = journey;
  return html`
    <dl class="context">
      <dt>Embedded on</dt>
      <dd>${context.pageUrl ? renderViewerUrl(context.pageUrl) : html`<span class="muted">not known</span>`}</dd>
      ${context.referrer ? html`<dt>Came from</dt><dd>${renderViewerUrl(context.referrer)}</dd>` : nothing}
      ${context.locale ? html`<dt>Language</dt><dd>${context.locale}</dd>` : nothing}
      ${context.embedMode ? html`<dt>Shown as</dt><dd>${context.embedMode}</dd>` : nothing}
      <dt>Started</dt>
      <dd><time datetime=${journey.startedAt}>${formatTime(journey.startedAt)}</time></dd>
    </dl>
    ${journey.steps.length
      ? html`<ol class="journey" aria-label="Steps the viewer went through">
          ${journey.steps.map((step) => renderStep(step, answerId))}
        </ol>`
      : html`<p class="muted">No steps were recorded before this answer.</p>`}
  `;
}
