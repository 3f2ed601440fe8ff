import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ApiKeyView, AuditEntry } from '@reelback/shared';
import { ADMIN_KEY_ACTOR, AUDIT_ACTIONS } from '@reelback/shared/audit-actions';
import type { ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { formatTime } from '../../util/format.js';
import { problemText } from '../../util/problem-text.js';
import { listApiKeys } from '../api-keys/api-keys-api.js';
import { type AuditFilters, auditExportUrl, filtersFromSearch, listAuditLog, listMembers, searchFromFilters } from './audit-api.js';
import { actionWords, ACTION_WORDS, detailText } from './audit-words.js';

/** Someone the log can be filtered by. */
interface ActorOption {
  value: string;
  label: string;
}

const TARGET_WORDS: Record<string, string> = {
  invite: 'Invite',
  member: 'Member',
  'api-key': 'API key',
  tracker: 'Tracker',
  webhook: 'Webhook',
  viewer: 'Viewer',
  flow: 'Flow',
  workspace: 'Workspace',
};

const targetText = (target: AuditEntry['target']) => [TARGET_WORDS[target.type] ?? target.type, target.label ?? target.id].filter(Boolean).join(': ');

/**
 * The workspace's audit log, for admins (its own chunk, under `<rb-audit-log>`): newest first, filtered by action and
 * by who did it (kept in the address), older entries a page at a time, and the filtered log as CSV or NDJSON.
 *
 * @tag rb-audit-log-view
 */
export class RbAuditLogView extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.25rem;
        align-items: end;
        margin: 0 0 1rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        background: var(--rb-surface, #fff);
        margin: 0 0 1rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.375rem 0.75rem 0.375rem 0;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
        vertical-align: top;
      }
      td.detail {
        overflow-wrap: anywhere;
        font-size: 0.875rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    search: { attribute: false },
    _filters: { state: true },
    _entries: { state: true },
    _nextCursor: { state: true },
    _status: { state: true },
    _problem: { state: true },
    _actors: { state: true },
  };

  declare api: ApiClient;
  /** The address's query as the app routed here; a new value (back button, a link) is a new view. */
  declare search: string;
  private _routedSearch: string;
  declare private _filters: AuditFilters;
  declare private _entries: AuditEntry[];
  declare private _nextCursor: string | null;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _problem: string;
  declare private _actors: ActorOption[];
  /** Answers to older filters are dropped when they arrive after newer ones were asked for. */
  private _generation = 0;

  constructor() {
    super();
    this.search = location.search;
    this._routedSearch = this.search;
    this._filters = filtersFromSearch(this.search);
    this._entries = [];
    this._nextCursor = null;
    this._status = 'loading';
    this._problem = '';
    this._actors = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('search') || this.search === this._routedSearch) return;
    this._routedSearch = this.search;
    this._filters = filtersFromSearch(this.search);
    if (this.isConnected) void this.load('first');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load('first');
    void this.loadActors();
  }

  /** The people and keys the log can be filtered by: members (admins can list them) and the workspace's keys. */
  private async loadActors(): Promise<void> {
    const [members, keys] = await Promise.all([
      listMembers(this.api).catch(() => []),
      listApiKeys(this.api).catch((): ApiKeyView[] => []),
    ]);
    this._actors = [
      ...members.map((m) => ({ value: m.userId, label: m.name || m.email })),
      ...keys.map((k) => ({ value: k.id, label: `API key “${k.name}”` })),
      { value: ADMIN_KEY_ACTOR, label: 'The server admin key' },
    ];
  }

  private setFilters(patch: Partial<AuditFilters>): void {
    this._filters = { ...this._filters, ...patch };
    const search = searchFromFilters(this._filters);
    // Filtering is not a new page: the address follows without a history entry.
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
    this._routedSearch = search ? `?${search}` : '';
    void this.load('first');
  }

  private async load(mode: 'first' | 'more'): Promise<void> {
    const generation = ++this._generation;
    const cursor = mode === 'more' ? this._nextCursor : null;
    this._status = 'loading';
    this._problem = '';
    if (mode === 'first') this._entries = [];
    try {
      const page = await listAuditLog(this.api, this._filters, cursor);
      if (generation !== this._generation) return;
      this._entries = mode === 'more' ? [...this._entries, ...page.entries] : page.entries;
      this._nextCursor = page.nextCursor;
      this._status = 'ready';
    } catch (error) {
      if (generation !== this._generation) return;
      this._problem = `The audit log could not be loaded: ${problemText(error)}`;
      this._status = 'error';
    }
  }

  private renderFilters() {
    const f = this._filters;
    const known = this._actors.some((a) => a.value === f.actor);
    return html`<form class="filters" aria-label="Filter the audit log" @submit=${(e: Event) => e.preventDefault()}>
      <label class="field">
        Action
        <select name="action" @change=${(e: Event) => this.setFilters({ action: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${f.action === ''}>All actions</option>
          ${AUDIT_ACTIONS.map((a) => html`<option value=${a} ?selected=${f.action === a}>${ACTION_WORDS[a]}</option>`)}
        </select>
      </label>
      <label class="field">
        Who
        <select name="actor" @change=${(e: Event) => this.setFilters({ actor: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${f.actor === ''}>Anyone</option>
          ${this._actors.map((a) => html`<option value=${a.value} ?selected=${f.actor === a.value}>${a.label}</option>`)}
          ${f.actor && !known ? html`<option value=${f.actor} selected>Someone no longer here (${f.actor})</option>` : nothing}
        </select>
      </label>
      <p class="row">
        <span id="export-label">Export these entries:</span>
        <a class="button quiet" href=${auditExportUrl(f, 'csv')} download aria-describedby="export-label">CSV</a>
        <a class="button quiet" href=${auditExportUrl(f, 'ndjson')} download aria-describedby="export-label">NDJSON</a>
      </p>
    </form>`;
  }

  private renderEntry(e: AuditEntry) {
    return html`<tr data-id=${e.id} data-action=${e.action}>
      <td><time datetime=${e.at}>${formatTime(e.at)}</time></td>
      <td>${e.actor.label}</td>
      <th scope="row">${actionWords(e.action)}</th>
      <td>${targetText(e.target)}</td>
      <td class="detail">${detailText(e.detail) || html`<span class="muted">—</span>`}</td>
    </tr>`;
  }

  override render() {
    const entries = this._entries;
    return html`<p>Who did what in this workspace, newest first. Entries are kept as they were written and never change.</p>
      ${this.renderFilters()}
      ${entries.length > 0
        ? html`<table aria-busy=${this._status === 'loading' ? 'true' : 'false'}>
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">To what</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              ${entries.map((e) => this.renderEntry(e))}
            </tbody>
          </table>`
        : this._status === 'ready'
          ? html`<p class="muted">${this._filters.action || this._filters.actor ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}</p>`
          : nothing}
      ${this._status === 'loading' ? html`<p role="status">Loading the audit log…</p>` : nothing}
      ${this._status === 'error'
        ? html`<p class="error" role="alert">${this._problem}</p>
            <button class="button" type="button" @click=${() => this.load(entries.length ? 'more' : 'first')}>Try again</button>`
        : nothing}
      ${this._status === 'ready' && this._nextCursor ? html`<button class="button quiet" type="button" @click=${() => this.load('more')}>Older entries</button>` : nothing}`;
  }
}

export function defineRbAuditLogView(tagName = 'rb-audit-log-view'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAuditLogView);
}

defineRbAuditLogView();

declare global {
  interface HTMLElementTagNameMap {
    'rb-audit-log-view': RbAuditLogView;
  }
}
