import { html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AnswerItem, AnswerPatch, FlowSummary } from '@reelback/shared';
import type { ApiClient, Role } from '../api/api-client.js';
import { answerPath, reelPath, requestNavigation } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { AnswerChanges } from './answer-changes.js';
import { AnswerListController, plural } from './answer-list.controller.js';
import { canReel } from './answer-row.js';
import { AnswerStreamController } from './answer-stream.controller.js';
import { listFlows, patchAnswer } from './answers-api.js';
import { renderFilterBar } from './filter-bar.js';
import { InboxKeysController } from './inbox-keys.controller.js';
import { inboxStyles } from './inbox.styles.js';
import { filtersFromSearch, filtersToParams, hasFilters, type InboxFilters, NO_FILTERS } from './inbox-query.js';
import { renderInboxRow } from './inbox-row.js';
import { renderKeyboardHelp } from './keyboard-help.js';
import { StepChoicesController } from './step-choices.controller.js';
import { parseTag, renderTagEditor, TagEditorController } from './tag-editor.controller.js';

const READ_ONLY = 'Read-only: managers can look at answers but not change them.';

/**
 * The answers inbox, like a mail client: answers newest first (`GET /api/v1/answers`) with filters and a
 * full-text search kept in the page's query string, cursor pagination, new answers arriving live over
 * server-sent events, and keyboard work on the current row: `j`/`k` move, Enter opens, `r` reviewed,
 * `s` star, `t` tag, `x` select for a highlight reel, `/` search, `?` the list of keys. Managers read only.
 *
 * It owns the filters and every change to an answer; its controllers keep the list (`answer-list.controller.ts`),
 * the live stream, the keyboard, the tag editor and the step choices, and its rows and filter bar are templates
 * that call back here.
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
    _selected: { state: true },
    _flows: { state: true },
    _announcement: { state: true },
    _problem: { state: true },
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
  declare private _selected: ReadonlySet<string>;
  declare private _flows: FlowSummary[];
  declare private _announcement: string;
  declare private _problem: string;
  declare private _exportOpen: boolean;
  /** `<rb-export>` is its own chunk, fetched the first time the export panel opens ('' while loading, or why it failed). */
  declare private _exportLoaded: boolean | string;

  private readonly list = new AnswerListController(this, {
    api: () => this.api,
    filters: () => this._filters,
    say: (text) => this.say(text),
    problem: (text) => (this._problem = text),
    loaded: () => void this.refreshSteps(),
  });
  private readonly stream = new AnswerStreamController(this, () => this.api?.url('/answers/stream'), {
    answer: (item) => this.list.addLive(item),
    updated: (item) => this.list.replace(item),
  });
  private readonly tags = new TagEditorController(this, () => this.api);
  private readonly stepChoices = new StepChoicesController(this, () => this.api);
  private readonly changes = new AnswerChanges({
    send: (id, patch) => (this.api ? patchAnswer(this.api, id, patch) : Promise.reject(new Error('no API client'))),
    current: (id) => this.list.find(id),
    show: (item) => this.list.replace(item),
  });

  constructor() {
    super();
    this.memberRole = undefined;
    this._fetchedRole = undefined;
    this._filters = filtersFromSearch(location.search);
    this._searchText = this._filters.q;
    this._selected = new Set();
    this._flows = [];
    this._announcement = '';
    this._problem = '';
    this._exportOpen = false;
    this._exportLoaded = '';
    new InboxKeysController(this, {
      focusSearch: () => this.renderRoot.querySelector<HTMLInputElement>('#q')?.focus(),
      showKeys: () => this.renderRoot.querySelector<HTMLDialogElement>('#keys')?.showModal(),
      move: (by) => void this.move(by),
      dialogOpen: () => this.renderRoot.querySelector('dialog[open]') !== null,
      hasCurrent: () => this.current !== undefined && this.list.status === 'ready',
      open: () => this.open(this.current),
      toggleReviewed: () => this.withCurrent((item) => this.toggleReviewed(item)),
      toggleStar: () => this.withCurrent((item) => this.toggleStar(item)),
      editTags: () => this.withCurrent((item) => void this.openTagEditor(item)),
      toggleSelected: () => this.withCurrent((item) => this.toggleSelected(item)),
    });
  }

  protected override firstUpdated(): void {
    if (!this.api) return;
    void this.load(true);
    this.stream.open();
    if (this.memberRole === undefined) {
      this.api.me().then(
        (info) => (this._fetchedRole = info?.role ?? null),
        () => (this._fetchedRole = null),
      );
    }
    listFlows(this.api).then(
      (flows) => {
        this._flows = flows;
        void this.refreshSteps();
      },
      // Without the flow list the filter shows flow ids: nothing else depends on it.
      () => undefined,
    );
  }

  /** Loads the first page for the current filters (`reset`) or the next page after the loaded ones. */
  load(reset: boolean): Promise<void> {
    return this.list.load(reset);
  }

  private get current(): AnswerItem | undefined {
    return this.list.items[this.list.active];
  }

  private withCurrent(action: (item: AnswerItem) => void): void {
    const item = this.current;
    if (item) action(item);
  }

  private get currentRole(): Role | null | undefined {
    return this.memberRole ?? this._fetchedRole;
  }

  /** Owners and admins change answers; managers read (the server refuses them too). Unknown: no writes. */
  private get canWrite(): boolean {
    const role = this.currentRole;
    return role != null && role !== 'manager';
  }

  private refreshSteps(): Promise<void> {
    return this.stepChoices.refresh(this._filters, this.list.items, this._flows);
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
    try {
      await this.changes.apply(item, patch);
      this._problem = '';
      this.say(done);
    } catch (error) {
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
    const entry = parseTag(raw, item.tags);
    if (!entry) return;
    if ('problem' in entry) return void (this._problem = entry.problem);
    if ('already' in entry) return this.say(`Already tagged ${entry.already}.`);
    void this.change(item, { tags: [...item.tags, entry.tag] }, `Tagged ${entry.tag}.`, `add the tag ${entry.tag}`);
  }

  private removeTag(item: AnswerItem, tag: string): void {
    void this.change(item, { tags: item.tags.filter((t) => t !== tag) }, `Tag ${tag} removed.`, `remove the tag ${tag}`);
  }

  private async openTagEditor(item: AnswerItem): Promise<void> {
    if (!this.canWrite) return this.say(READ_ONLY);
    this.tags.open(item.id);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#tag-new')?.focus();
  }

  private closeTagEditor(): void {
    this.tags.close();
    void this.focusRow(this.list.active);
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
    const ids = this.list.items.filter((a) => this._selected.has(a.id)).map((a) => a.id);
    if (ids.length) requestNavigation(this, reelPath(ids));
  }

  private open(item: AnswerItem | undefined): void {
    if (item) requestNavigation(this, answerPath(item.id));
  }

  // ---- moving through the list ----

  private async focusRow(index: number): Promise<void> {
    if (!this.list.setActive(index)) return;
    await this.updateComplete;
    const link = this.renderRoot.querySelector<HTMLElement>(`.row[data-index="${this.list.active}"] .main`);
    link?.focus();
    link?.scrollIntoView({ block: 'nearest' });
  }

  private async move(by: number): Promise<void> {
    const next = this.list.active + by;
    if (next >= this.list.items.length && this.list.nextCursor) await this.load(false);
    await this.focusRow(next);
  }

  private onSearchKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this._searchText = '';
    (event.target as HTMLInputElement).value = '';
    void this.setFilters({ q: '' }).then(() => this.focusRow(this.list.active));
  }

  private onSearch(event: SubmitEvent): void {
    event.preventDefault();
    void this.setFilters({ q: this._searchText.trim() });
  }

  // ---- rendering ----

  private flowName(flowId: string): string {
    return this._flows.find((f) => f.id === flowId)?.name ?? flowId;
  }

  private renderFilters() {
    return renderFilterBar({
      filters: this._filters,
      flows: this._flows,
      steps: this.stepChoices.steps,
      tagOptions: this.tags.options,
      change: (change) => void this.setFilters(change),
      suggestTags: (prefix) => void this.tags.suggest(prefix),
      clear: () => {
        this._searchText = '';
        void this.setFilters({ ...NO_FILTERS });
      },
    });
  }

  private renderRow(item: AnswerItem, index: number) {
    return renderInboxRow({
      item,
      index,
      active: index === this.list.active,
      selected: this._selected.has(item.id),
      canWrite: this.canWrite,
      api: this.api,
      flowName: this.flowName(item.flowId),
      tagEditor: renderTagEditor(item, this.tags, { add: (answer, raw) => this.addTag(answer, raw), close: () => this.closeTagEditor() }),
      focused: (i) => void this.list.setActive(i),
      toggleSelected: (answer) => this.toggleSelected(answer),
      toggleStar: (answer) => this.toggleStar(answer),
      toggleReviewed: (answer) => this.toggleReviewed(answer),
      removeTag: (answer, tag) => this.removeTag(answer, tag),
    });
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
    if (this.list.status === 'loading') return html`<p>Loading answers…</p>`;
    if (this.list.status === 'error') return html`<button class="button" type="button" @click=${() => this.load(true)}>Try again</button>`;
    const selected = this._selected.size;
    return html`
      <div class="actions">
        <p class="count muted">
          ${this.list.items.length === 0
            ? hasFilters(this._filters)
              ? 'No answers match these filters.'
              : 'No answers yet. They appear here as soon as viewers answer a flow.'
            : `${plural(this.list.items.length, 'answer')}${this.list.nextCursor ? ' (older ones below)' : ''}`}
        </p>
        ${this.list.pendingNew
          ? html`<button class="button" type="button" @click=${() => this.load(true)}>${plural(this.list.pendingNew, 'new answer')} — show</button>`
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
      ${this.list.items.length
        ? html`<ol part="list" aria-label="Answers, newest first" aria-busy=${this.list.reloading ? 'true' : 'false'}>
            ${repeat(this.list.items, (a) => a.id, (a, i) => this.renderRow(a, i))}
          </ol>`
        : nothing}
      ${this.list.nextCursor
        ? html`<button class="button quiet more" type="button" ?disabled=${this.list.loadingMore} @click=${() => this.load(false)}>
            ${this.list.loadingMore ? 'Loading…' : 'Load older answers'}
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
      ${this.renderList()} ${renderKeyboardHelp(this.canWrite)}
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
