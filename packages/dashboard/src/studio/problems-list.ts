import { html } from 'lit';
import type { FlowProblem } from '@reelback/shared';
import { pathText } from './step-panel.component.js';

/**
 * A problem the studio shows: `checkFlow`'s, or one it finds itself (`prompt-media`: a step's library media is missing
 * or not ready, from `resolvePromptMedia`). Pinned and listed alike; any of them holds Publish.
 */
export type StudioProblem = Omit<FlowProblem, 'code'> & { code: FlowProblem['code'] | 'prompt-media' };

/** Every problem of the flow under *Problems (n)*; a step's problem names it as a button that goes to its card. */
export function problemsList(problems: StudioProblem[], goToStep: (index: number) => void) {
  return html`<section class="problems" aria-labelledby="problems-title">
    <h2 id="problems-title">${problems.length === 0 ? 'No problems' : `Problems (${problems.length})`}</h2>
    ${problems.length === 0
      ? html`<p class="muted">The flow is ready to publish.</p>`
      : html`<ul>
          ${problems.map((p) => {
            const index = p.path[0] === 'steps' && typeof p.path[1] === 'number' ? p.path[1] : null;
            return html`<li>
              ${index === null
                ? html`${p.message} <code>${pathText(p.path)}</code>`
                : html`<button class="link" type="button" @click=${() => goToStep(index)}>Step ${index + 1}</button>: ${p.message}
                    <code>${pathText(p.path)}</code>`}
            </li>`;
          })}
        </ul>`}
  </section>`;
}
