import { html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AnswerItem, AnswerPatch, FlowSummary } from '@reelback/shared';
import type { ApiClient, Role } from '../api/api-client.js';
import { answerPath, reelPath, requestNavigation } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatClock, formatTime } from '../util/format.js';
import { canReel, clipProblem, KIND_LABELS, snippetOf } from './answer-row.js';
import { answerTags, flowSteps, listAnswers, listFlows, patchAnswer, type StepChoice } from './answers-api.js';
import { openAnswerStream } from './answer-stream.js';
import { inboxStyles } from './inbox.styles.js';
import { filtersFromSearch, filtersToParams, hasFilters, type InboxFilters, KINDS, matchesFilters, NO_FILTERS, STATUSES } from './inbox-query.js';

const READ_ONLY = 'Read-only: managers can look at answers but not change them.';

/** Whether a key press is someone typing (text fields, selects), not a shortcut. Checkboxes are not typing. */
function isTyping(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The answers inbox, like a mail client: answers newest first (`GET /api/v1/answers`) with filters and a
 * full-text search kept in the page's query string, cursor pagination, new answers arriving live over
 * server-sent events, and keyboard work on the current row: `j`/`k` move, Enter opens, `r` reviewed,
 * `s` star, `t` tag, `x` select for a highlight reel, `/` search, `?` the list of keys. Managers read only.
 *
 * @tag rb-inbox
 * @csspart search - The search form.
 * @csspart filters - The filter bar.
 * @csspart list - The list of answers.
 * @csspart row - One answer.
 * @cssproperty --rb-row-active-bg - Background of the current row (default: `--rb-accent-soft`).
 */
export class RbInbox extends LitElement {
  static override styles = [sharedStyles, inboxStyles];

  static override properties = {
    api: { attribute: false },
    memberRole: { attribute: false },
    _fetchedRole: { state: true },
    _filters: { state: true },
    _searchText: { state: true },
    _items: { state: true },
    _nextCursor: { state: true },
    _status: { state: true },
    _loadingMore: { state: true },
    _reloading: { state: true },
    _active: { state: true },
    _selected: { state: true },
    _flows: { state: true },
    _steps: { state: true },
    _tagOptions: { state: true },
    _tagEditing: { state: true },
    _announcement: { state: true },
    _problem: { state: true },
    _pendingNew: { state: true },
    _exportOpen: { state: true },
    _exportLoaded: { state: true },
  };

  declare api: ApiClient | undefined;
  /**
   * The signed-in member's role, when the app knows it; otherwise the inbox asks `/auth/me` once.
   * (Not `role`: that is the element's ARIA role.)
   */
  declare memberRole: Role | undefined;
  declare private _fetchedRole: Role | null | undefined;
  declare private _filters: InboxFilters;
  declare private _searchText: string;
  declare private _items: AnswerItem[];
  declare private _nextCursor: string | null;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _loadingMore: boolean;
  /** A new first page is on its way while the old list stays on screen. */
  declare private _reloading: boolean;
  declare private _active: number;
  declare private _selected: ReadonlySet<string>;
  declare private _flows: FlowSummary[];
  declare private _steps: StepChoice[];
  declare private _tagOptions: string[];
  declare private _tagEditing: string | null;
  declare private _announcement: string;
  declare private _problem: string;
  declare private _pendingNew: number;
  declare private _exportOpen: boolean;
  /** `<rb-export>` is its own chunk, fetched the first time the export panel opens ('' while loading, or why it failed). */
  declare private _exportLoaded: boolean | string;

  /** Increases with every first-page load, so an older one that answers late is dropped. */
  private _loadToken = 0;
  private _tagToken = 0;
  private _stepsToken = 0;
  /** New answers announced since the list was last loaded. */
  private _liveCount = 0;
  /** Live answers that came while the first page was loading (merged when it arrives). */
  private _liveWhileLoading: AnswerItem[] = [];
  /** PATCHes on their way per answer: the server's reply is applied when the last one is back. */
  private readonly _inflight = new Map<string, number>();
  private _closeStream: (() => void) | null = null;
  /** Each flow's answerable steps, fetched once per page visit. */
  private readonly _flowSteps = new Map<string, Promise<StepChoice[]>>();

  constructor() {
    super();
    this.memberRole = undefined;
    this._fetchedRole = undefined;
    this._filters = filtersFromSearch(location.search);
    this._searchText = this._filters.q;
    this._items = [];
    this._nextCursor = null;
    this._status = 'loading';
    this._loadingMore = false;
    this._reloading = false;
    this._active = 0;
    this._selected = new Set();
    this._flows = [];
    this._steps = [];
    this._tagOptions = [];
    this._tagEditing = null;
    this._announcement = '';
    this._problem = '';
    this._pendingNew = 0;
    this._exportOpen = false;
    this._exportLoaded = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKeyDown);
    if (this.hasUpdated) this.openStream();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKeyDown);
    this._closeStream?.();
    this._closeStream = null;
    super.disconnectedCallback();
  }

  protected override firstUpdated(): void {
    if (!this.api) return;
    void this.load(true);
    this.openStream();
    if (this.memberRole === undefined) {
      this.api.me().then(
        (info) => (this._fetchedRole = info?.role ?? null),
        () => (this._fetchedRole = null),
      );
    }
    listFlows(this.api).then(
      (flows) => {
        this._flows = flows;
        void this.loadSteps();
      },
      // Without the flow list the filter shows flow ids: nothing else depends on it.
      () => undefined,
    );
  }

  private get currentRole(): Role | null | undefined {
    return this.memberRole ?? this._fetchedRole;
  }

  /** Owners and admins change answers; managers read (the server refuses them too). Unknown: no writes. */
  private get canWrite(): boolean {
    const role = this.currentRole;
    return role != null && role !== 'manager';
  }

  private openStream(): void {
    if (!this.api || this._closeStream) return;
    this._closeStream = openAnswerStream(this.api.url('/answers/stream'), {
      answer: (item) => this.onLiveAnswer(item),
      updated: (item) => this.replaceItem(item),
    });
  }

  // ---- loading ----

  /** Loads the first page for the current filters (`reset`) or the next page after the loaded ones. */
  async load(reset: boolean): Promise<void> {
    if (!this.api) return;
    const token = reset ? ++this._loadToken : this._loadToken;
    if (reset) {
      // Like a mail client, the old list stays (marked busy) until the new one is there.
      if (this._status === 'ready') this._reloading = true;
      else this._status = 'loading';
      this._liveWhileLoading = [];
    } else {
      if (!this._nextCursor || this._loadingMore) return;
      this._loadingMore = true;
    }
    try {
      const page = await listAnswers(this.api, this._filters, reset ? null : this._nextCursor);
      if (token !== this._loadToken) return;
      if (reset) {
        const ids = new Set(page.answers.map((a) => a.id));
        const early = this._liveWhileLoading.filter((a) => !ids.has(a.id) && matchesFilters(a, this._filters) && !this._filters.q);
        this._items = [...early, ...page.answers];
        this._active = 0;
        this._pendingNew = 0;
        this._liveCount = 0;
        this._status = 'ready';
        this.say(page.answers.length === 0 ? 'No answers found.' : `${plural(this._items.length, 'answer')} shown${page.nextCursor ? ', more available' : ''}.`);
      } else {
        const ids = new Set(this._items.map((a) => a.id));
        this._items = [...this._items, ...page.answers.filter((a) => !ids.has(a.id))];
        this.say(`${plural(page.answers.length, 'older answer')} loaded.`);
      }
      this._nextCursor = page.nextCursor;
      this._problem = '';
      void this.loadSteps();
    } catch (error) {
      if (token !== this._loadToken) return;
      this._problem = `The answers could not be loaded: ${(error as Error).message}`;
      if (reset) this._status = 'error';
    } finally {
      if (token === this._loadToken && reset) this._reloading = false;
      if (!reset) this._loadingMore = false;
    }
  }

  /** The step filter's choices: the chosen flow's answerable steps, plus any step the loaded answers name. */
  private async loadSteps(): Promise<void> {
    const token = ++this._stepsToken;
    const { flowId, stepId } = this._filters;
    const fromAnswers = new Set(this._items.filter((a) => !flowId || a.flowId === flowId).map((a) => a.stepId));
    if (stepId) fromAnswers.add(stepId);
    let steps: StepChoice[] = [];
    const flow = flowId ? this._flows.find((f) => f.id === flowId) : undefined;
    if (flow && this.api) {
      try {
        let pending = this._flowSteps.get(flow.id);
        if (!pending) this._flowSteps.set(flow.id, (pending = flowSteps(this.api, flow)));
        steps = await pending;
      } catch {
        this._flowSteps.delete(flow.id);
        steps = []; // the answers' steps still fill the list
      }
    }
    if (token !== this._stepsToken) return;
    const known = new Set(steps.map((s) => s.id));
    this._steps = [...steps, ...[...fromAnswers].filter((id) => !known.has(id)).sort().map((id) => ({ id, label: id }))];
  }

  /** Applies a change of filters: the address follows, the first page reloads (resolves when it is there). */
  private async setFilters(change: Partial<InboxFilters>): Promise<void> {
    const next = { ...this._filters, ...change };
    if (change.flowId !== undefined && change.flowId !== this._filters.flowId && change.stepId === undefined) next.stepId = '';
    if (filtersToParams(next).toString() === filtersToParams(this._filters).toString()) return;
    this._filters = next;
    const query = filtersToParams(next).toString();
    // replaceState: filtering is not a new page in the history, but the address can be shared.
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    await this.load(true);
  }

  private async suggestTags(prefix: string): Promise<void> {
    if (!this.api) return;
    const token = ++this._tagToken;
    try {
      const tags = await answerTags(this.api, prefix);
      if (token === this._tagToken) this._tagOptions = tags;
    } catch {
      // No suggestions is fine: tags can still be typed.
    }
  }

  // ---- live ----

  private onLiveAnswer(item: AnswerItem): void {
    if (this._items.some((a) => a.id === item.id)) return this.replaceItem(item);
    if (this._status === 'loading' || this._reloading) {
      this._liveWhileLoading.push(item);
      return;
    }
    if (this._filters.q) {
      // The server's full-text rules decide what matches a search: offer a reload instead of guessing.
      this._pendingNew += 1;
      this.say(`${plural(this._pendingNew, 'new answer')}.`);
      return;
    }
    if (!matchesFilters(item, this._filters)) return;
    const hadRows = this._items.length > 0;
    this._items = [item, ...this._items];
    // The current row stays the same answer (its index moves down by one).
    if (hadRows) this._active += 1;
    this._liveCount += 1;
    this.say(`${plural(this._liveCount, 'new answer')}.`);
  }

  private replaceItem(item: AnswerItem): void {
    const index = this._items.findIndex((a) => a.id === item.id);
    if (index === -1) return;
    const items = [...this._items];
    items[index] = item;
    this._items = items;
  }

  private say(text: string): void {
    // The same sentence twice is still news: clear first so the live region announces it again.
    if (this._announcement === text) {
      this._announcement = '';
      void this.updateComplete.then(() => (this._announcement = text));
    } else {
      this._announcement = text;
    }
  }

  // ---- actions on an answer ----

  private async change(item: AnswerItem, patch: AnswerPatch, done: string, what: string): Promise<void> {
    if (!this.api) return;
    if (!this.canWrite) return this.say(READ_ONLY);
    const undo = Object.fromEntries(Object.keys(patch).map((key) => [key, item[key as keyof AnswerItem]])) as Partial<AnswerItem>;
    this.replaceItem({ ...item, ...(patch as Partial<AnswerItem>) });
    this._inflight.set(item.id, (this._inflight.get(item.id) ?? 0) + 1);
    const settle = () => {
      const left = (this._inflight.get(item.id) ?? 1) - 1;
      if (left) this._inflight.set(item.id, left);
      else this._inflight.delete(item.id);
      return left === 0;
    };
    try {
      const saved = await patchAnswer(this.api, item.id, patch);
      if (settle()) this.replaceItem(saved);
      this._problem = '';
      this.say(done);
    } catch (error) {
      settle();
      const current = this._items.find((a) => a.id === item.id);
      if (current) this.replaceItem({ ...current, ...undo });
      this._problem = `Could not ${what}: ${(error as Error).message}`;
    }
  }

  private toggleReviewed(item: AnswerItem): void {
    const status = item.status === 'reviewed' ? 'new' : 'reviewed';
    void this.change(item, { status }, status === 'reviewed' ? 'Marked reviewed.' : 'Marked new.', `mark the answer ${status}`);
  }

  private toggleStar(item: AnswerItem): void {
    const starred = !item.starred;
    void this.change(item, { starred }, starred ? 'Starred.' : 'Star removed.', starred ? 'star the answer' : 'remove the star');
  }

  private addTag(item: AnswerItem, raw: string): void {
    const tag = raw.trim().toLowerCase();
    if (!tag) return;
    if (tag.length > 40) return void (this._problem = 'A tag is at most 40 characters.');
    if (item.tags.includes(tag)) return this.say(`Already tagged ${tag}.`);
    void this.change(item, { tags: [...item.tags, tag] }, `Tagged ${tag}.`, `add the tag ${tag}`);
  }

  private removeTag(item: AnswerItem, tag: string): void {
    void this.change(item, { tags: item.tags.filter((t) => t !== tag) }, `Tag ${tag} removed.`, `remove the tag ${tag}`);
  }

  private async openTagEditor(item: AnswerItem): Promise<void> {
    if (!this.canWrite) return this.say(READ_ONLY);
    this._tagEditing = item.id;
    void this.suggestTags('');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#tag-new')?.focus();
  }

  private closeTagEditor(): void {
    this._tagEditing = null;
    void this.focusRow(this._active);
  }

  private toggleSelected(item: AnswerItem): void {
    if (!canReel(item)) return this.say('Only video and audio answers go into a highlight reel.');
    const selected = new Set(this._selected);
    if (selected.has(item.id)) selected.delete(item.id);
    else selected.add(item.id);
    this._selected = selected;
    this.say(`${plural(selected.size, 'answer')} selected for the reel.`);
  }

  private makeReel(): void {
    const ids = this._items.filter((a) => this._selected.has(a.id)).map((a) => a.id);
    if (ids.length) requestNavigation(this, reelPath(ids));
  }

  private open(item: AnswerItem | undefined): void {
    if (item) requestNavigation(this, answerPath(item.id));
  }

  // ---- keyboard ----

  private async focusRow(index: number): Promise<void> {
    if (this._items.length === 0) return;
    this._active = Math.max(0, Math.min(this._items.length - 1, index));
    await this.updateComplete;
    const link = this.renderRoot.querySelector<HTMLElement>(`.row[data-index="${this._active}"] .main`);
    link?.focus();
    link?.scrollIntoView({ block: 'nearest' });
  }

  private async move(by: number): Promise<void> {
    const next = this._active + by;
    if (next >= this._items.length && this._nextCursor) await this.load(false);
    await this.focusRow(next);
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.composedPath()[0];
    if (isTyping(target) || this.renderRoot.querySelector('dialog[open]')) return;
    const item = this._items[this._active];
    const act = (action: () => void) => {
      event.preventDefault();
      action();
    };
    switch (event.key) {
      case '/':
        return act(() => this.renderRoot.querySelector<HTMLInputElement>('#q')?.focus());
      case '?':
        return act(() => this.renderRoot.querySelector<HTMLDialogElement>('#keys')?.showModal());
      case 'j':
      case 'ArrowDown':
        return act(() => void this.move(1));
      case 'k':
      case 'ArrowUp':
        return act(() => void this.move(-1));
    }
    if (!item || this._status !== 'ready') return;
    switch (event.key) {
      case 'Enter':
        // A focused link or button does its own thing.
        if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
        return act(() => this.open(item));
      case 'r':
        return act(() => this.toggleReviewed(item));
      case 's':
        return act(() => this.toggleStar(item));
      case 't':
        return act(() => void this.openTagEditor(item));
      case 'x':
        return act(() => this.toggleSelected(item));
    }
  };

  private onSearchKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this._searchText = '';
    (event.target as HTMLInputElement).value = '';
    void this.setFilters({ q: '' }).then(() => this.focusRow(this._active));
  }

  private onSearch(event: SubmitEvent): void {
    event.preventDefault();
    void this.setFilters({ q: this._searchText.trim() });
  }

  private onTagEditorKeyDown(event: KeyboardEvent, item: AnswerItem): void {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.addTag(item, input.value);
      input.value = '';
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.closeTagEditor();
    }
  }

  // ---- rendering ----

  private flowName(flowId: string): string {
    return this._flows.find((f) => f.id === flowId)?.name ?? flowId;
  }

  private renderFilters() {
    const f = this._filters;
    const select = (id: keyof InboxFilters, label: string, any: string, options: readonly { value: string; label: string }[]) => html`
      <div class="field">
        <label for="f-${id}">${label}</label>
        <select id="f-${id}" @change=${(e: Event) => void this.setFilters({ [id]: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${f[id] === ''}>${any}</option>
          ${options.map((o) => html`<option value=${o.value} ?selected=${f[id] === o.value}>${o.label}</option>`)}
        </select>
      </div>
    `;
    const flows = this._flows.map((fl) => ({ value: fl.id, label: fl.name }));
    if (f.flowId && !flows.some((o) => o.value === f.flowId)) flows.push({ value: f.flowId, label: f.flowId });
    const date = (id: 'from' | 'to', label: string) => html`
      <div class="field">
        <label for="f-${id}">${label}</label>
        <input id="f-${id}" type="date" .value=${f[id]} @change=${(e: Event) => void this.setFilters({ [id]: (e.target as HTMLInputElement).value })} />
      </div>
    `;
    return html`
      <div class="bar filters" part="filters" role="group" aria-label="Filters">
        ${select('flowId', 'Flow', 'All flows', flows)}
        ${select('stepId', 'Step', 'All steps', this._steps.map((s) => ({ value: s.id, label: s.label })))}
        ${select('kind', 'Kind', 'All kinds', KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })))}
        ${select('status', 'Status', 'Any status', STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })))}
        <div class="field">
          <label for="f-tag">Tag</label>
          <input
            id="f-tag"
            type="text"
            list="tag-options"
            autocomplete="off"
            size="12"
            .value=${f.tag}
            @input=${(e: Event) => void this.suggestTags((e.target as HTMLInputElement).value)}
            @change=${(e: Event) => void this.setFilters({ tag: (e.target as HTMLInputElement).value.trim().toLowerCase() })}
          />
        </div>
        ${date('from', 'From')} ${date('to', 'To')}
        ${select('starred', 'Starred', 'Any', [
          { value: 'true', label: 'Starred' },
          { value: 'false', label: 'Not starred' },
        ])}
        ${hasFilters(f)
          ? html`<button
              class="button quiet"
              type="button"
              @click=${() => {
                this._searchText = '';
                void this.setFilters({ ...NO_FILTERS });
              }}
            >
              Clear filters
            </button>`
          : nothing}
      </div>
      <datalist id="tag-options">${this._tagOptions.map((t) => html`<option value=${t}></option>`)}</datalist>
    `;
  }

  private renderRow(item: AnswerItem, index: number) {
    const active = index === this._active;
    const tab = active ? '0' : '-1';
    const snippet = snippetOf(item);
    const problem = clipProblem(item);
    const write = this.canWrite;
    const thumb =
      item.kind === 'video' && item.clip?.posterUrl && this.api
        ? html`<img class="thumb" src=${this.api.mediaUrl(item.clip.id, 'poster')} alt="" loading="lazy" width="72" height="40" />`
        : html`<span class="thumb" aria-hidden="true">${KIND_LABELS[item.kind]}</span>`;
    return html`<li class="row ${active ? 'active' : ''} ${item.status === 'new' ? 'unread' : ''}" part="row" data-id=${item.id} data-index=${index}>
      <input
        class="pick"
        type="checkbox"
        tabindex=${tab}
        aria-label="Select for the highlight reel: ${snippet.slice(0, 60)}"
        .checked=${this._selected.has(item.id)}
        ?disabled=${!canReel(item)}
        @change=${() => this.toggleSelected(item)}
      />
      ${thumb}
      <div>
        <a class="main" href=${answerPath(item.id)} tabindex=${tab} aria-current=${active ? 'true' : 'false'} @focus=${() => (this._active = index)}>
          <span class="snippet">${snippet}</span>
          <span class="meta muted">
            <span>${this.flowName(item.flowId)}</span> <span aria-hidden="true">·</span> <span>step ${item.stepId}</span>
            <span class="badge">${KIND_LABELS[item.kind]}</span>
            ${item.clip?.durationSeconds != null ? html`<span>${formatClock(item.clip.durationSeconds)}</span>` : nothing}
            ${problem ? html`<span class="badge" data-status=${problem}>clip ${problem}</span>` : nothing}
            <span class="badge" data-review=${item.status}>${item.status}</span>
            ${item.starred ? html`<span>★ starred</span>` : nothing}
            <time datetime=${item.submittedAt}>${formatTime(item.submittedAt)}</time>
          </span>
        </a>
        ${item.tags.length
          ? html`<ul class="tags" aria-label="Tags">
              ${item.tags.map(
                (tag) =>
                  html`<li class="badge tag">
                    ${tag}${write
                      ? html`<button type="button" tabindex=${tab} aria-label="Remove the tag ${tag}" @click=${() => this.removeTag(item, tag)}>×</button>`
                      : nothing}
                  </li>`,
              )}
            </ul>`
          : nothing}
        ${this._tagEditing === item.id
          ? html`<div class="tag-editor">
              <label for="tag-new">Add a tag</label>
              <input
                id="tag-new"
                type="text"
                list="tag-options"
                autocomplete="off"
                maxlength="40"
                @input=${(e: Event) => void this.suggestTags((e.target as HTMLInputElement).value)}
                @keydown=${(e: KeyboardEvent) => this.onTagEditorKeyDown(e, item)}
              />
              <button class="button quiet" type="button" @click=${() => this.closeTagEditor()}>Done</button>
            </div>`
          : nothing}
      </div>
      ${write
        ? html`<div class="side">
            <button class="toggle" type="button" tabindex=${tab} aria-pressed=${item.starred ? 'true' : 'false'} aria-keyshortcuts="s" @click=${() => this.toggleStar(item)}>
              <span aria-hidden="true">${item.starred ? '★' : '☆'}</span> Star
            </button>
            <button
              class="toggle"
              type="button"
              tabindex=${tab}
              aria-pressed=${item.status === 'reviewed' ? 'true' : 'false'}
              aria-keyshortcuts="r"
              @click=${() => this.toggleReviewed(item)}
            >
              Reviewed
            </button>
          </div>`
        : nothing}
    </li>`;
  }

  private renderKeys() {
    const keys: [string, string][] = [
      ['j / ↓', 'Next answer'],
      ['k / ↑', 'Previous answer'],
      ['Enter', 'Open the answer'],
      ['r', this.canWrite ? 'Mark reviewed (again: new)' : 'Mark reviewed (read-only for managers)'],
      ['s', this.canWrite ? 'Star or unstar' : 'Star (read-only for managers)'],
      ['t', this.canWrite ? 'Add a tag' : 'Tag (read-only for managers)'],
      ['x', 'Select for a highlight reel'],
      ['/', 'Search'],
      ['?', 'This list'],
    ];
    return html`<dialog id="keys" aria-labelledby="keys-title">
      <h2 id="keys-title">Keyboard shortcuts</h2>
      <dl>${keys.map(([k, d]) => html`<dt><kbd>${k}</kbd></dt><dd>${d}</dd>`)}</dl>
      <form method="dialog"><button class="button" type="submit" autofocus>Close</button></form>
    </dialog>`;
  }

  private toggleExport(): void {
    this._exportOpen = !this._exportOpen;
    if (this._exportOpen && this._exportLoaded !== true) {
      import('../exports/export.component.js').then(
        () => (this._exportLoaded = true),
        (error: unknown) => (this._exportLoaded = `The export could not be loaded (${(error as Error).message}). Reload the page to try again.`),
      );
    }
  }

  private renderExport() {
    if (!this._exportOpen) return nothing;
    return html`<section id="export-panel" class="export" aria-label="Export answers">
      ${this._exportLoaded === true
        ? html`<rb-export .api=${this.api} .params=${filtersToParams(this._filters)} label="Export the answers these filters show"></rb-export>`
        : this._exportLoaded
          ? html`<p class="error" role="alert">${this._exportLoaded}</p>`
          : html`<p role="status">Loading…</p>`}
    </section>`;
  }

  private renderList() {
    if (this._status === 'loading') return html`<p>Loading answers…</p>`;
    if (this._status === 'error') return html`<button class="button" type="button" @click=${() => this.load(true)}>Try again</button>`;
    const selected = this._selected.size;
    return html`
      <div class="actions">
        <p class="count muted">
          ${this._items.length === 0
            ? hasFilters(this._filters)
              ? 'No answers match these filters.'
              : 'No answers yet. They appear here as soon as viewers answer a flow.'
            : `${plural(this._items.length, 'answer')}${this._nextCursor ? ' (older ones below)' : ''}`}
        </p>
        ${this._pendingNew
          ? html`<button class="button" type="button" @click=${() => this.load(true)}>${plural(this._pendingNew, 'new answer')} — show</button>`
          : nothing}
        <button class="button" type="button" ?disabled=${selected === 0} @click=${() => this.makeReel()}>
          Make highlight reel${selected ? ` (${selected})` : ''}
        </button>
        <button class="button quiet" type="button" aria-expanded=${this._exportOpen ? 'true' : 'false'} aria-controls="export-panel" @click=${() => this.toggleExport()}>
          Export…
        </button>
        <button class="button quiet" type="button" aria-keyshortcuts="?" @click=${() => this.renderRoot.querySelector<HTMLDialogElement>('#keys')?.showModal()}>
          Keyboard shortcuts
        </button>
      </div>
      ${this.renderExport()}
      ${this.currentRole === 'manager' ? html`<p class="muted">${READ_ONLY}</p>` : nothing}
      ${this._items.length
        ? html`<ol part="list" aria-label="Answers, newest first" aria-busy=${this._reloading ? 'true' : 'false'}>
            ${repeat(this._items, (a) => a.id, (a, i) => this.renderRow(a, i))}
          </ol>`
        : nothing}
      ${this._nextCursor
        ? html`<button class="button quiet more" type="button" ?disabled=${this._loadingMore} @click=${() => this.load(false)}>
            ${this._loadingMore ? 'Loading…' : 'Load older answers'}
          </button>`
        : nothing}
    `;
  }

  override render() {
    return html`
      <h1 tabindex="-1">Answers</h1>
      <form class="bar" role="search" part="search" @submit=${this.onSearch}>
        <div class="field">
          <label for="q">Search transcripts and typed answers</label>
          <input
            id="q"
            type="search"
            autocomplete="off"
            aria-keyshortcuts="/"
            .value=${this._searchText}
            @input=${(e: Event) => (this._searchText = (e.target as HTMLInputElement).value)}
            @keydown=${this.onSearchKeyDown}
          />
        </div>
        <button class="button" type="submit">Search</button>
      </form>
      ${this.renderFilters()}
      <p class="error" role="alert">${this._problem}</p>
      <p class="visually-hidden" role="status">${this._announcement}</p>
      ${this.renderList()} ${this.renderKeys()}
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
