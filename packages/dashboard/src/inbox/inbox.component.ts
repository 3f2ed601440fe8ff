import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ClipInfo, SessionRecord } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { answerPath, requestNavigation } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatClock, formatTime } from '../util/format.js';
import { type AnswerRow, answerRows, filterRows, mapLimit, sessionsWithClips } from './answers.js';

const PAGE_SIZE = 50;
/** Clip lists fetched at once while a page of sessions loads. */
const CLIP_FETCHES = 4;

const KIND_LABELS: Record<AnswerRow['kind'], string> = {
  video: 'Video',
  audio: 'Audio',
  text: 'Text',
  rating: 'Rating',
  nps: 'NPS',
  contact: 'Contact',
  choice: 'Choice',
};

function isEditable(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The answers inbox: what viewers answered, newest first (flow, step, kind, status, time), from the owner
 * API's sessions and their clips. Recorded answers open their page. Keyboard: `j`/`k` move, Enter opens,
 * `/` focuses the filter (Escape or ↓ there goes back to the list).
 *
 * @tag rb-inbox
 * @csspart filter - The filter box.
 * @csspart list - The list of answers.
 * @csspart row - One answer.
 * @cssproperty --rb-row-active-bg - Background of the current row (default: `--rb-accent-soft`).
 */
export class RbInbox extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
        margin-bottom: var(--rb-space, 1rem);
      }
      .toolbar .field {
        flex: 1 1 16rem;
        max-width: 28rem;
      }
      .keys {
        font-size: 0.875rem;
        margin: 0;
      }
      kbd {
        font: inherit;
        font-family: ui-monospace, monospace;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: 4px;
        padding: 0 0.3em;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        border-top: 1px solid var(--rb-border, #d5d8e0);
      }
      .row {
        display: grid;
        grid-template-columns: 4rem minmax(0, 1fr) auto;
        gap: 0.25rem 0.75rem;
        align-items: center;
        padding: 0.6rem 0.5rem;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
        color: inherit;
        text-decoration: none;
      }
      .row[tabindex='0'] {
        background: var(--rb-row-active-bg, var(--rb-accent-soft, #e8ebfb));
      }
      a.row:hover .summary {
        text-decoration: underline;
      }
      .thumb {
        width: 4rem;
        aspect-ratio: 16 / 9;
        border-radius: 4px;
        background: var(--rb-badge-bg, #eceef3);
        object-fit: cover;
        display: grid;
        place-items: center;
        font-size: 0.75rem;
        color: var(--rb-muted, #545968);
      }
      .summary {
        display: block;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-weight: 500;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.5rem;
        font-size: 0.875rem;
        align-items: center;
      }
      time {
        font-size: 0.875rem;
        white-space: nowrap;
      }
      .more {
        margin-top: var(--rb-space, 1rem);
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _rows: { state: true },
    _query: { state: true },
    _active: { state: true },
    _status: { state: true },
    _problem: { state: true },
    _nextCursor: { state: true },
    _loadingMore: { state: true },
  };

  declare api: ApiClient | undefined;
  declare private _rows: AnswerRow[];
  declare private _query: string;
  declare private _active: number;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _problem: string;
  declare private _nextCursor: string | null;
  declare private _loadingMore: boolean;
  private _clips = new Map<string, ClipInfo>();
  private _sessions: SessionRecord[] = [];

  constructor() {
    super();
    this._rows = [];
    this._query = '';
    this._active = 0;
    this._status = 'loading';
    this._problem = '';
    this._nextCursor = null;
    this._loadingMore = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKeyDown);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKeyDown);
    super.disconnectedCallback();
  }

  protected override firstUpdated(): void {
    void this.load(null);
  }

  /** Loads a page of sessions (the first one when `cursor` is null) and the clips their answers refer to. */
  async load(cursor: string | null): Promise<void> {
    if (!this.api) return;
    if (cursor) this._loadingMore = true;
    else this._status = 'loading';
    try {
      const page = await this.api.listSessions({ limit: PAGE_SIZE, cursor });
      const withClips = sessionsWithClips(page.sessions);
      const lists = await mapLimit(withClips, CLIP_FETCHES, (id) => this.api!.sessionClips(id));
      for (const clip of lists.flat()) this._clips.set(clip.id, clip);
      this._sessions = cursor ? [...this._sessions, ...page.sessions] : page.sessions;
      this._rows = answerRows(this._sessions, this._clips);
      this._nextCursor = page.nextCursor;
      this._status = 'ready';
      this._problem = '';
    } catch (error) {
      this._problem = `The answers could not be loaded: ${(error as Error).message}`;
      if (!cursor) this._status = 'error';
    } finally {
      this._loadingMore = false;
    }
  }

  private get visible(): AnswerRow[] {
    return filterRows(this._rows, this._query);
  }

  private rowElements(): HTMLElement[] {
    return [...(this.renderRoot.querySelectorAll<HTMLElement>('.row') ?? [])];
  }

  private async focusRow(index: number): Promise<void> {
    const count = this.visible.length;
    if (count === 0) return;
    this._active = Math.max(0, Math.min(count - 1, index));
    await this.updateComplete;
    const row = this.rowElements()[this._active];
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  private open(row: AnswerRow | undefined): void {
    if (row?.clipId) requestNavigation(this, answerPath(row.clipId));
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || this._status !== 'ready') return;
    const target = event.composedPath()[0];
    const filter = this.renderRoot.querySelector<HTMLInputElement>('#filter');
    if (target === filter) {
      if (event.key === 'Escape' || event.key === 'ArrowDown') {
        event.preventDefault();
        void this.focusRow(this._active);
      }
      return;
    }
    if (isEditable(target)) return;
    switch (event.key) {
      case '/':
        event.preventDefault();
        filter?.focus();
        filter?.select();
        break;
      case 'j':
      case 'ArrowDown':
        event.preventDefault();
        void this.focusRow(this._active + 1);
        break;
      case 'k':
      case 'ArrowUp':
        event.preventDefault();
        void this.focusRow(this._active - 1);
        break;
      case 'Enter': {
        // A focused link opens itself; from anywhere else, Enter opens the current row.
        if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
        event.preventDefault();
        this.open(this.visible[this._active]);
        break;
      }
    }
  };

  private onFilterInput(event: InputEvent): void {
    this._query = (event.target as HTMLInputElement).value;
    this._active = 0;
  }

  private onRowFocus(index: number): void {
    this._active = index;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('_rows' as keyof RbInbox) || changed.has('_query' as keyof RbInbox)) {
      const count = this.visible.length;
      if (this._active >= count) this._active = Math.max(0, count - 1);
    }
  }

  private renderRow(row: AnswerRow, index: number) {
    const poster =
      row.kind === 'video' && row.status === 'ready' && row.clipId && this.api
        ? html`<img class="thumb" src=${this.api.mediaUrl(row.clipId, 'poster')} alt="" loading="lazy" width="64" height="36" />`
        : html`<span class="thumb" aria-hidden="true">${KIND_LABELS[row.kind]}</span>`;
    const content = html`
      ${poster}
      <span>
        <span class="summary">${row.summary}</span>
        <span class="meta muted">
          <span>${row.flowId}</span> <span aria-hidden="true">·</span> <span>step ${row.stepId}</span>
          <span class="badge">${KIND_LABELS[row.kind]}</span>
          <span class="badge" data-status=${row.status}>${row.status}</span>
          ${row.durationSeconds !== null ? html`<span>${formatClock(row.durationSeconds)}</span>` : nothing}
          ${row.reason ? html`<span>${row.reason}</span>` : nothing}
        </span>
      </span>
      <time class="muted" datetime=${row.time}>${formatTime(row.time)}</time>
    `;
    const tabindex = index === this._active ? '0' : '-1';
    return html`<li>
      ${row.clipId
        ? html`<a class="row" part="row" href=${answerPath(row.clipId)} tabindex=${tabindex} data-id=${row.id} @focus=${() => this.onRowFocus(index)}
            >${content}</a
          >`
        : html`<div class="row" part="row" tabindex=${tabindex} data-id=${row.id} @focus=${() => this.onRowFocus(index)}>${content}</div>`}
    </li>`;
  }

  override render() {
    const visible = this.visible;
    return html`
      <h1 tabindex="-1">Answers</h1>
      <div class="toolbar">
        <div class="field">
          <label for="filter">Filter loaded answers</label>
          <input
            id="filter"
            part="filter"
            type="search"
            autocomplete="off"
            aria-keyshortcuts="/"
            .value=${this._query}
            @input=${this.onFilterInput}
          />
        </div>
        <p class="keys muted"><kbd>j</kbd> <kbd>k</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> filters</p>
      </div>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      ${this._status === 'loading'
        ? html`<p role="status">Loading answers…</p>`
        : this._status === 'error'
          ? html`<button class="button" type="button" @click=${() => this.load(null)}>Try again</button>`
          : html`
              <p class="muted" role="status">
                ${this._rows.length === 0
                  ? 'No answers yet. They appear here as soon as viewers answer a flow.'
                  : visible.length === this._rows.length
                    ? `${this._rows.length} answer${this._rows.length === 1 ? '' : 's'}`
                    : `${visible.length} of ${this._rows.length} answers match “${this._query}”`}
              </p>
              ${visible.length
                ? html`<ol part="list" aria-label="Answers, newest first">
                    ${repeat(visible, (row) => row.id, (row, index) => this.renderRow(row, index))}
                  </ol>`
                : nothing}
              ${this._nextCursor
                ? html`<button class="button quiet more" type="button" ?disabled=${this._loadingMore} @click=${() => this.load(this._nextCursor)}>
                    ${this._loadingMore ? 'Loading…' : 'Load older answers'}
                  </button>`
                : nothing}
            `}
    `;
  }
}

export function defineRbInbox(tagName = 'rb-inbox'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbInbox);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-inbox': RbInbox;
  }
}
