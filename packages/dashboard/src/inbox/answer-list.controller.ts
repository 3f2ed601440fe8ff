import type { ReactiveControllerHost } from 'lit';
import type { AnswerItem } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { listAnswers } from './answers-api.js';
import { type InboxFilters, matchesFilters } from './inbox-query.js';

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface AnswerListDeps {
  api(): ApiClient | undefined;
  filters(): InboxFilters;
  /** Tells screen-reader users what happened (the host's live region). */
  say(text: string): void;
  /** Shows (or clears, with '') the problem line. */
  problem(text: string): void;
  /** A page arrived: what depends on the loaded answers (the step filter's choices) can follow. */
  loaded(): void;
}

/**
 * The inbox's list: the loaded answers newest first, the cursor to older ones, the current row, and answers that
 * arrive live merged in (while a first page loads they wait and are merged when it comes). An older first-page
 * load that answers after a newer one is dropped.
 */
export class AnswerListController {
  items: AnswerItem[] = [];
  nextCursor: string | null = null;
  status: 'loading' | 'ready' | 'error' = 'loading';
  loadingMore = false;
  /** A new first page is on its way while the old list stays on screen. */
  reloading = false;
  /** The current row's index. */
  active = 0;
  /** New answers that came while searching: the server's full-text rules decide what matches, so a reload is offered. */
  pendingNew = 0;

  /** Increases with every first-page load, so an older one that answers late is dropped. */
  private loadToken = 0;
  /** New answers announced since the list was last loaded. */
  private liveCount = 0;
  /** Live answers that came while the first page was loading (merged when it arrives). */
  private liveWhileLoading: AnswerItem[] = [];

  constructor(
    /** Re-renders the host when the state changes (no lifecycle of its own to hook into). */
    private readonly host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    private readonly deps: AnswerListDeps,
  ) {}

  /** Loads the first page for the current filters (`reset`) or the next page after the loaded ones. */
  async load(reset: boolean): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    const token = reset ? ++this.loadToken : this.loadToken;
    const shown = this.shown();
    if (reset) {
      // Like a mail client, the old list stays (marked busy) until the new one is there.
      if (this.status === 'ready') this.reloading = true;
      else this.status = 'loading';
      this.liveWhileLoading = [];
    } else {
      if (!this.nextCursor || this.loadingMore) return;
      this.loadingMore = true;
    }
    // Only when something shows differently: a first load from the host's firstUpdated must not re-render for nothing.
    if (this.shown() !== shown) this.host.requestUpdate();
    const filters = this.deps.filters();
    try {
      const page = await listAnswers(api, filters, reset ? null : this.nextCursor);
      if (token !== this.loadToken) return;
      if (reset) {
        const ids = new Set(page.answers.map((a) => a.id));
        const early = this.liveWhileLoading.filter((a) => !ids.has(a.id) && matchesFilters(a, filters) && !filters.q);
        this.items = [...early, ...page.answers];
        this.active = 0;
        this.pendingNew = 0;
        this.liveCount = 0;
        this.status = 'ready';
        this.deps.say(page.answers.length === 0 ? 'No answers found.' : `${plural(this.items.length, 'answer')} shown${page.nextCursor ? ', more available' : ''}.`);
      } else {
        const ids = new Set(this.items.map((a) => a.id));
        this.items = [...this.items, ...page.answers.filter((a) => !ids.has(a.id))];
        this.deps.say(`${plural(page.answers.length, 'older answer')} loaded.`);
      }
      this.nextCursor = page.nextCursor;
      this.deps.problem('');
      this.deps.loaded();
    } catch (error) {
      if (token !== this.loadToken) return;
      this.deps.problem(`The answers could not be loaded: ${(error as Error).message}`);
      if (reset) this.status = 'error';
    } finally {
      if (token === this.loadToken && reset) this.reloading = false;
      if (!reset) this.loadingMore = false;
      this.host.requestUpdate();
    }
  }

  private shown(): string {
    return `${this.status} ${this.reloading} ${this.loadingMore}`;
  }

  /** A new answer from the live stream: shown at the top when it matches the filters, the current row kept. */
  addLive(item: AnswerItem): void {
    if (this.items.some((a) => a.id === item.id)) return this.replace(item);
    if (this.status === 'loading' || this.reloading) {
      this.liveWhileLoading.push(item);
      return;
    }
    const filters = this.deps.filters();
    if (filters.q) {
      this.pendingNew += 1;
      this.host.requestUpdate();
      this.deps.say(`${plural(this.pendingNew, 'new answer')}.`);
      return;
    }
    if (!matchesFilters(item, filters)) return;
    const hadRows = this.items.length > 0;
    this.items = [item, ...this.items];
    // The current row stays the same answer (its index moves down by one).
    if (hadRows) this.active += 1;
    this.liveCount += 1;
    this.host.requestUpdate();
    this.deps.say(`${plural(this.liveCount, 'new answer')}.`);
  }

  /** Puts the answer's new state in its row, if it is listed. */
  replace(item: AnswerItem): void {
    const index = this.items.findIndex((a) => a.id === item.id);
    if (index === -1) return;
    const items = [...this.items];
    items[index] = item;
    this.items = items;
    this.host.requestUpdate();
  }

  find(id: string): AnswerItem | undefined {
    return this.items.find((a) => a.id === id);
  }

  /** Makes row `index` (clamped to the list) the current one; false when there is no row. */
  setActive(index: number): boolean {
    if (this.items.length === 0) return false;
    this.active = Math.max(0, Math.min(this.items.length - 1, index));
    this.host.requestUpdate();
    return true;
  }
}
