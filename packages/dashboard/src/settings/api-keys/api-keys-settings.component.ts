import { css, html, LitElement, nothing } from 'lit';
import type { ApiKeyScope, ApiKeyView, CreatedApiKey } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { formatTime } from '../../util/format.js';
import { problemText } from '../../util/problem-text.js';
import { defineRbShownOnce } from '../shown-once.component.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys-api.js';

defineRbShownOnce();

/** The scopes, weakest first, as the form offers them: what each lets a key do. */
export const SCOPES: { scope: ApiKeyScope; label: string; what: string }[] = [
  { scope: 'read', label: 'Read', what: 'read flows, answers, analytics and exports (what a manager may): enough for the export command' },
  { scope: 'write', label: 'Write', what: 'also change flows, answers, transcripts and media, and delete a session (what an owner may)' },
  { scope: 'admin', label: 'Admin', what: 'also members, invites, keys, the tracker, webhooks, erasure and the audit log (what an admin may)' },
];

/** How long a new key works. */
const EXPIRIES = [
  { value: 'never', label: 'Never expires' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'date', label: 'On a date…' },
] as const;
type Expiry = (typeof EXPIRIES)[number]['value'];

const DAY_MS = 86_400_000;
const RANK: Record<string, number> = { read: 0, write: 1, admin: 2 };
const scopeLabel = (scopes: readonly string[]) => {
  const strongest = [...scopes].sort((a, b) => (RANK[b] ?? -1) - (RANK[a] ?? -1))[0];
  return SCOPES.find((s) => s.scope === strongest)?.label ?? strongest ?? '—';
};
const STATUS: Record<ApiKeyView['status'], { text: string; badge: string }> = {
  active: { text: 'Active', badge: 'ready' },
  expired: { text: 'Expired', badge: 'queued' },
  revoked: { text: 'Revoked', badge: 'failed' },
};

/** `YYYY-MM-DD` of a local day. */
const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * The workspace's API keys, for admins (its own chunk, under `<rb-api-keys>`): each key with its scope, who made it,
 * when, its last use (to the minute), expiry and status, and Revoke (confirmed in the page); a form to make one with a
 * name, a scope and an expiry, whose secret is shown this once with a copy button.
 *
 * @tag rb-api-keys-settings
 */
export class RbApiKeysSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 64rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        margin: 0 0 1.5rem;
        background: var(--rb-surface, #fff);
      }
      th,
      td {
        text-align: left;
        padding: 0.375rem 0.75rem 0.375rem 0;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
        vertical-align: top;
      }
      .prefix {
        display: block;
        font-size: 0.8125rem;
        font-weight: normal;
      }
      rb-shown-once {
        margin: 0 0 1rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      form .field {
        margin-bottom: 0.75rem;
      }
      form input[type='text'] {
        width: min(28rem, 100%);
      }
      fieldset {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        margin: 0 0 0.75rem;
      }
      fieldset label {
        display: block;
        margin: 0.25rem 0;
      }
      select {
        width: max-content;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _keys: { state: true },
    _loadProblem: { state: true },
    _created: { state: true },
    _createProblem: { state: true },
    _expiry: { state: true },
    _creating: { state: true },
    _busy: { state: true },
    _confirmRevoke: { state: true },
    _message: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient;
  /** Newest first, as the server lists them; null while loading. */
  declare private _keys: ApiKeyView[] | null;
  declare private _loadProblem: string;
  /** The key just made, with its secret: shown until dismissed, never again. */
  declare private _created: CreatedApiKey | null;
  declare private _createProblem: string;
  declare private _expiry: Expiry;
  declare private _creating: boolean;
  /** The key a revocation is running on. */
  declare private _busy: string;
  declare private _confirmRevoke: string;
  declare private _message: string;
  declare private _problem: string;

  constructor() {
    super();
    this._keys = null;
    this._loadProblem = '';
    this._created = null;
    this._createProblem = '';
    this._expiry = 'never';
    this._creating = false;
    this._busy = '';
    this._confirmRevoke = '';
    this._message = '';
    this._problem = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this._loadProblem = '';
    try {
      this._keys = await listApiKeys(this.api);
    } catch (error) {
      this._loadProblem = `The API keys could not be loaded: ${problemText(error)}`;
    }
  }

  /** The form's expiry as an ISO time, or null for never; a message when the chosen date is not in the future. */
  private expiresAt(data: FormData): { at: string | null } | { problem: string } {
    if (this._expiry === 'never') return { at: null };
    if (this._expiry !== 'date') return { at: new Date(Date.now() + Number(this._expiry) * DAY_MS).toISOString() };
    const day = String(data.get('expiresOn') ?? '');
    // The end of the chosen day where the admin is.
    const end = day ? new Date(`${day}T23:59:59`) : null;
    if (!end || Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) return { problem: 'Choose a day from today on for the key to expire, or another expiry.' };
    return { at: end.toISOString() };
  }

  private readonly onCreate = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this._creating) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const scope = String(data.get('scope') ?? 'read') as ApiKeyScope;
    this._createProblem = '';
    this._message = '';
    if (!name) {
      this._createProblem = 'Give the key a name that says what uses it.';
      return;
    }
    const expiry = this.expiresAt(data);
    if ('problem' in expiry) {
      this._createProblem = expiry.problem;
      return;
    }
    this._creating = true;
    try {
      const created = await createApiKey(this.api, { name, scopes: [scope], expiresAt: expiry.at });
      const { key: _secret, ...listed } = created;
      this._keys = [listed, ...(this._keys ?? [])];
      this._created = created;
      form.reset();
      this._expiry = 'never';
    } catch (error) {
      this._createProblem = `The key was not made: ${problemText(error)}`;
    } finally {
      this._creating = false;
    }
  };

  private async revoke(key: ApiKeyView): Promise<void> {
    if (this._busy) return;
    this._busy = key.id;
    this._message = '';
    this._problem = '';
    try {
      await revokeApiKey(this.api, key.id);
      this._confirmRevoke = '';
      const now = new Date().toISOString();
      this._keys = (this._keys ?? []).map((k) => (k.id === key.id ? { ...k, revokedAt: k.revokedAt ?? now, status: 'revoked' as const } : k));
      this._message = `Revoked “${key.name}”: it no longer works.`;
    } catch (error) {
      this._problem = `“${key.name}” was not revoked: ${problemText(error)}`;
    } finally {
      this._busy = '';
    }
  }

  private renderCreated() {
    const created = this._created;
    if (!created) return nothing;
    return html`<rb-shown-once
      heading="New API key “${created.name}”"
      level="2"
      copy-label="Copy key"
      noun="key"
      dismissible
      .value=${created.key}
      @rb-shown-once-dismiss=${() => (this._created = null)}
    >
      <p>Copy it now: it is not shown again. Send it as <code>Authorization: Bearer …</code>, or give it to the export command as
        <code>--key</code> or <code>REELBACK_API_KEY</code>.</p>
    </rb-shown-once>`;
  }

  private renderKey(key: ApiKeyView) {
    const busy = this._busy !== '';
    const status = STATUS[key.status];
    return html`<tr data-id=${key.id}>
      <th scope="row">${key.name} <code class="muted prefix">rb_${key.prefix}_…</code></th>
      <td>${scopeLabel(key.scopes)}</td>
      <td>${key.createdBy?.label ?? html`<span class="muted">unknown</span>`}</td>
      <td>${formatTime(key.createdAt)}</td>
      <td>${key.lastUsedAt ? formatTime(key.lastUsedAt) : html`<span class="muted">never</span>`}</td>
      <td>${key.expiresAt ? formatTime(key.expiresAt) : html`<span class="muted">never</span>`}</td>
      <td><span class="badge" data-status=${status.badge}>${status.text}</span></td>
      <td>
        ${key.status === 'revoked'
          ? nothing
          : this._confirmRevoke === key.id
            ? html`<div class="row" role="group" aria-label="Confirm revoking ${key.name}">
                <span>Revoke “${key.name}”? Anything using it stops at once.</span>
                <button class="button" type="button" ?disabled=${busy} @click=${() => this.revoke(key)}>Yes, revoke</button>
                <button class="button quiet" type="button" @click=${() => (this._confirmRevoke = '')}>Keep it</button>
              </div>`
            : html`<button class="button quiet" type="button" ?disabled=${busy} @click=${() => (this._confirmRevoke = key.id)}>
                Revoke<span class="visually-hidden"> ${key.name}</span>
              </button>`}
      </td>
    </tr>`;
  }

  private renderList() {
    const keys = this._keys;
    if (keys === null) {
      return this._loadProblem
        ? html`<p class="error" role="alert">${this._loadProblem}</p>
            <button class="button" type="button" @click=${() => this.load()}>Try again</button>`
        : html`<p role="status">Loading API keys…</p>`;
    }
    if (keys.length === 0) return html`<p class="muted">No API keys yet.</p>`;
    return html`<table>
      <caption class="visually-hidden">API keys, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Scope</th>
          <th scope="col">Created by</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Expires</th>
          <th scope="col">Status</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${keys.map((k) => this.renderKey(k))}
      </tbody>
    </table>`;
  }

  private renderForm() {
    const today = dayOf(new Date());
    return html`<form aria-labelledby="create-title" @submit=${this.onCreate}>
      <h2 id="create-title">Make an API key</h2>
      <div class="field">
        <label for="key-name">Name</label>
        <input id="key-name" name="name" type="text" required maxlength="200" autocomplete="off" placeholder="Nightly export" />
      </div>
      <fieldset>
        <legend>Scope</legend>
        ${SCOPES.map(
          (s, i) => html`<label><input type="radio" name="scope" value=${s.scope} ?checked=${i === 0} /> <strong>${s.label}</strong>: ${s.what}</label>`,
        )}
      </fieldset>
      <div class="field">
        <label for="key-expiry">Expires</label>
        <select id="key-expiry" name="expiry" .value=${this._expiry} @change=${(e: Event) => (this._expiry = (e.target as HTMLSelectElement).value as Expiry)}>
          ${EXPIRIES.map((x) => html`<option value=${x.value} ?selected=${this._expiry === x.value}>${x.label}</option>`)}
        </select>
      </div>
      ${this._expiry === 'date'
        ? html`<div class="field">
            <label for="key-expires-on">Last day it works</label>
            <input id="key-expires-on" name="expiresOn" type="date" required min=${today} />
          </div>`
        : nothing}
      ${this._createProblem ? html`<p class="error" role="alert">${this._createProblem}</p>` : nothing}
      <button class="button" type="submit" ?disabled=${this._creating}>Make key</button>
    </form>`;
  }

  override render() {
    return html`<p>
        Keys let scripts and integrations use the API as this workspace: the export command, a CI job, a dashboard of your own. Each
        key does what its scope allows and nothing more; revoke one the moment it is not needed.
      </p>
      ${this.renderCreated()} ${this.renderList()}
      <p role="status">${this._message}</p>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing} ${this.renderForm()}`;
  }
}

export function defineRbApiKeysSettings(tagName = 'rb-api-keys-settings'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbApiKeysSettings);
}

defineRbApiKeysSettings();

declare global {
  interface HTMLElementTagNameMap {
    'rb-api-keys-settings': RbApiKeysSettings;
  }
}
