import { html, nothing, type TemplateResult } from 'lit';
import type { AnswerItem } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { answerPath } from '../app/routes.js';
import { formatClock, formatTime } from '../util/format.js';
import { canReel, clipProblem, KIND_LABELS, snippetOf } from './answer-row.js';

export interface InboxRowProps {
  item: AnswerItem;
  index: number;
  active: boolean;
  selected: boolean;
  canWrite: boolean;
  api: ApiClient | undefined;
  flowName: string;
  /** The tag editor under the row, when it is open for this answer. */
  tagEditor: TemplateResult | typeof nothing;
  /** The row's link got focus: it becomes the current row. */
  focused(index: number): void;
  toggleSelected(item: AnswerItem): void;
  toggleStar(item: AnswerItem): void;
  toggleReviewed(item: AnswerItem): void;
  removeTag(item: AnswerItem, tag: string): void;
}

/** One answer of the list: only the current row is in the tab order (the list is walked with j/k). */
export function renderInboxRow(p: InboxRowProps) {
  const { item, index, active } = p;
  const tab = active ? '0' : '-1';
  const snippet = snippetOf(item);
  const problem = clipProblem(item);
  const thumb =
    item.kind === 'video' && item.clip?.posterUrl && p.api
      ? html`<img class="thumb" src=${p.api.mediaUrl(item.clip.id, 'poster')} alt="" loading="lazy" width="72" height="40" />`
      : html`<span class="thumb" aria-hidden="true">${KIND_LABELS[item.kind]}</span>`;
  return html`<li class="row ${active ? 'active' : ''} ${item.status === 'new' ? 'unread' : ''}" part="row" data-id=${item.id} data-index=${index}>
    <input
      class="pick"
      type="checkbox"
      tabindex=${tab}
      aria-label="Select for the highlight reel: ${snippet.slice(0, 60)}"
      .checked=${p.selected}
      ?disabled=${!canReel(item)}
      @change=${() => p.toggleSelected(item)}
    />
    ${thumb}
    <div>
      <a class="main" href=${answerPath(item.id)} tabindex=${tab} aria-current=${active ? 'true' : 'false'} @focus=${() => p.focused(index)}>
        <span class="snippet">${snippet}</span>
        <span class="meta muted">
          <span>${p.flowName}</span> <span aria-hidden="true">·</span> <span>step ${item.stepId}</span>
          <span class="badge">${KIND_LABELS[item.kind]}</span>
          ${item.clip?.durationSeconds != null ? html`<span>${formatClock(item.clip.durationSeconds)}</span>` : nothing}
          ${problem ? html`<span class="badge" data-status=${problem}>clip ${problem}</span>` : nothing}
          <span class="badge" data-review=${item.status}>${item.status}</span>
          ${item.analysis?.state === 'analyzed' && item.analysis.sentiment
            ? html`<span class="badge" data-sentiment=${item.analysis.sentiment}>${item.analysis.sentiment}</span>`
            : nothing}
          ${item.starred ? html`<span>★ starred</span>` : nothing}
          <time datetime=${item.submittedAt}>${formatTime(item.submittedAt)}</time>
        </span>
      </a>
      ${item.tags.length
        ? html`<ul class="tags" aria-label="Tags">
            ${item.tags.map(
              (tag) =>
                html`<li class="badge tag">
                  ${tag}${p.canWrite
                    ? html`<button type="button" tabindex=${tab} aria-label="Remove the tag ${tag}" @click=${() => p.removeTag(item, tag)}>×</button>`
                    : nothing}
                </li>`,
            )}
          </ul>`
        : nothing}
      ${p.tagEditor}
    </div>
    ${p.canWrite
      ? html`<div class="side">
          <button class="toggle" type="button" tabindex=${tab} aria-pressed=${item.starred ? 'true' : 'false'} aria-keyshortcuts="s" @click=${() => p.toggleStar(item)}>
            <span aria-hidden="true">${item.starred ? '★' : '☆'}</span> Star
          </button>
          <button
            class="toggle"
            type="button"
            tabindex=${tab}
            aria-pressed=${item.status === 'reviewed' ? 'true' : 'false'}
            aria-keyshortcuts="r"
            @click=${() => p.toggleReviewed(item)}
          >
            Reviewed
          </button>
        </div>`
      : nothing}
  </li>`;
}
