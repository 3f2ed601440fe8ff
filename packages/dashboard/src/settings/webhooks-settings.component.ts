import { css, html, LitElement, nothing } from 'lit';
import type { Webhook, WebhookDelivery } from '@reelback/shared';
import { WEBHOOK_EVENT_TYPES } from '@reelback/shared/event-types';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatTime } from '../util/format.js';
import { defineRbShownOnce } from './shown-once.component.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, replayDelivery, sendTest, updateWebhook } from './webhooks-api.js';

defineRbShownOnce();

/** One endpoint's delivery log as loaded so far. */
interface Log {
  deliveries: WebhookDelivery[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'error';
  problem?: string;
}

function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).filter((m) => !error.message.includes(m));
  return [error.message, ...issues].join(' — ');
}

const typesText = (types: readonly string[]) => (types.includes('*') ? 'All events' : types.join(', '));

/**
 * The workspace's webhooks, for admins (its own chunk, loaded by the settings page): each endpoint with its event
 * types and whether it is on (with the reason when the server turned it off); add one (its `whsec_` secret shown
 * this once, with a copy button), enable or disable, rotate the secret (the new one shown once), delete (confirmed
 * in the page), send a test ping, and a delivery log per endpoint with every attempt and Replay.
 *
 * @tag rb-webhooks-settings
 */
export class RbWebhooksSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 48rem;
      }
      .hooks {
        list-style: none;
        margin: 0 0 1.5rem;
        padding: 0;
      }
      .hook {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-surface, #fff);
        padding: 0.75rem;
        margin-bottom: 0.75rem;
      }
      .hook h3 {
        font-size: 1rem;
        margin: 0 0 0.25rem;
        overflow-wrap: anywhere;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0.5rem 0 0;
      }
      rb-shown-once {
        margin: 0 0 1rem;
      }
      .types {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: 0.25rem 1rem;
      }
      fieldset {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        margin: 0.5rem 0;
      }
      form .field {
        margin-bottom: 0.5rem;
      }
      form input[type='url'],
      form input[type='text'] {
        width: min(32rem, 100%);
      }
      .delivery {
        border-top: 1px solid var(--rb-border, #d5d8e0);
        padding: 0.5rem 0;
      }
      table {
        border-collapse: collapse;
        font-size: 0.875rem;
        margin-top: 0.25rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.125rem 0.75rem 0.125rem 0;
        vertical-align: top;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _hooks: { state: true },
    _loadProblem: { state: true },
    _secret: { state: true },
    _createProblem: { state: true },
    _all: { state: true },
    _busy: { state: true },
    _confirmDelete: { state: true },
    _logs: { state: true },
    _message: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient;
  /** Oldest first, as the server lists them; null while loading. */
  declare private _hooks: Webhook[] | null;
  declare private _loadProblem: string;
  /** A secret to show this once: after create or rotate. */
  declare private _secret: { url: string; secret: string; rotated: boolean } | null;
  declare private _createProblem: string;
  /** "All events" is ticked in the form. */
  declare private _all: boolean;
  /** The webhook an action is running on. */
  declare private _busy: string;
  declare private _confirmDelete: string;
  /** Open delivery logs by webhook id. */
  declare private _logs: ReadonlyMap<string, Log>;
  declare private _message: string;
  declare private _problem: string;

  constructor() {
    super();
    this._hooks = null;
    this._loadProblem = '';
    this._secret = null;
    this._createProblem = '';
    this._all = true;
    this._busy = '';
    this._confirmDelete = '';
    this._logs = new Map();
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
      this._hooks = await listWebhooks(this.api);
    } catch (error) {
      this._loadProblem = `The webhooks could not be loaded: ${problemText(error)}`;
    }
  }

  private upsert(hook: Webhook): void {
    const { id, url, eventTypes, description, enabled, disabledReason, disabledAt, createdAt, updatedAt } = hook;
    const plain: Webhook = { id, url, eventTypes, description, enabled, disabledReason, disabledAt, createdAt, updatedAt };
    const hooks = this._hooks ?? [];
    this._hooks = hooks.some((h) => h.id === id) ? hooks.map((h) => (h.id === id ? plain : h)) : [...hooks, plain];
  }

  /** Runs an action on one webhook: one at a time, its outcome in the status line or the alert. */
  private async act(hook: Webhook, run: () => Promise<string>): Promise<void> {
    if (this._busy) return;
    this._busy = hook.id;
    this._message = '';
    this._problem = '';
    try {
      this._message = await run();
    } catch (error) {
      this._problem = `${hook.url}: ${problemText(error)}`;
    } finally {
      this._busy = '';
    }
  }

  private readonly onCreate = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const types = data.getAll('eventTypes').map(String);
    const description = String(data.get('description') ?? '').trim();
    this._createProblem = '';
    this._message = '';
    if (!this._all && types.length === 0) {
      this._createProblem = 'Choose at least one event type, or all events.';
      return;
    }
    try {
      const created = await createWebhook(this.api, {
        url: String(data.get('url') ?? '').trim(),
        eventTypes: this._all ? ['*'] : (types as (typeof WEBHOOK_EVENT_TYPES)[number][]),
        ...(description ? { description } : {}),
      });
      this.upsert(created);
      this._secret = { url: created.url, secret: created.secret, rotated: false };
      form.reset();
      this._all = true;
    } catch (error) {
      this._createProblem = `The webhook was not added: ${problemText(error)}`;
    }
  };

  private toggle(hook: Webhook): Promise<void> {
    return this.act(hook, async () => {
      this.upsert(await updateWebhook(this.api, hook.id, { enabled: !hook.enabled }));
      return hook.enabled ? `Disabled ${hook.url}.` : `Enabled ${hook.url}.`;
    });
  }

  private rotate(hook: Webhook): Promise<void> {
    return this.act(hook, async () => {
      const updated = await updateWebhook(this.api, hook.id, { rotateSecret: true });
      this.upsert(updated);
      if ('secret' in updated) {
        this._secret = { url: updated.url, secret: updated.secret, rotated: true };
      }
      return `New secret for ${hook.url}: the old one no longer signs.`;
    });
  }

  private deleteHook(hook: Webhook): Promise<void> {
    return this.act(hook, async () => {
      await deleteWebhook(this.api, hook.id);
      this._confirmDelete = '';
      this._hooks = (this._hooks ?? []).filter((h) => h.id !== hook.id);
      const logs = new Map(this._logs);
      logs.delete(hook.id);
      this._logs = logs;
      return `Deleted the webhook to ${hook.url}.`;
    });
  }

  private test(hook: Webhook): Promise<void> {
    return this.act(hook, async () => {
      const delivery = await sendTest(this.api, hook.id);
      this.prependDelivery(hook.id, delivery);
      return `Test ping queued for ${hook.url}. Its delivery is in the log.`;
    });
  }

  private replay(hook: Webhook, delivery: WebhookDelivery): Promise<void> {
    return this.act(hook, async () => {
      const updated = await replayDelivery(this.api, hook.id, delivery.id);
      const log = this._logs.get(hook.id);
      if (log) this.setLog(hook.id, { ...log, deliveries: log.deliveries.map((d) => (d.id === updated.id ? updated : d)) });
      return `Replay of ${delivery.eventType} queued.`;
    });
  }

  private setLog(webhookId: string, log: Log): void {
    const logs = new Map(this._logs);
    logs.set(webhookId, log);
    this._logs = logs;
  }

  private prependDelivery(webhookId: string, delivery: WebhookDelivery): void {
    const log = this._logs.get(webhookId);
    if (log) this.setLog(webhookId, { ...log, deliveries: [delivery, ...log.deliveries.filter((d) => d.id !== delivery.id)] });
  }

  /** Opens (first page), closes, or with `more` adds the next older page of an endpoint's log. */
  private async loadLog(hook: Webhook, mode: 'toggle' | 'refresh' | 'more'): Promise<void> {
    const current = this._logs.get(hook.id);
    if (mode === 'toggle' && current) {
      const logs = new Map(this._logs);
      logs.delete(hook.id);
      this._logs = logs;
      return;
    }
    const before = mode === 'more' ? (current?.nextCursor ?? null) : null;
    const kept = mode === 'more' ? (current?.deliveries ?? []) : [];
    this.setLog(hook.id, { deliveries: kept, nextCursor: current?.nextCursor ?? null, status: 'loading' });
    try {
      const page = await listDeliveries(this.api, hook.id, before);
      this.setLog(hook.id, { deliveries: [...kept, ...page.deliveries], nextCursor: page.nextCursor, status: 'ready' });
    } catch (error) {
      this.setLog(hook.id, { deliveries: kept, nextCursor: before, status: 'error', problem: `The deliveries could not be loaded: ${problemText(error)}` });
    }
  }

  private renderSecret() {
    const s = this._secret;
    if (!s) return nothing;
    return html`<rb-shown-once
      heading="${s.rotated ? 'New signing secret' : 'Signing secret'} for ${s.url}"
      copy-label="Copy secret"
      noun="secret"
      dismissible
      .value=${s.secret}
      @rb-shown-once-dismiss=${() => (this._secret = null)}
    >
      <p>Copy it now and give it to the receiver to verify signatures: it is not shown again.</p>
    </rb-shown-once>`;
  }

  private renderHook(hook: Webhook, index: number) {
    const busy = this._busy !== '';
    const log = this._logs.get(hook.id);
    const title = `hook-${index}`;
    return html`<li class="hook" data-id=${hook.id}>
      <h3 id=${title}>${hook.url}</h3>
      ${hook.description ? html`<p class="description">${hook.description}</p>` : nothing}
      <p class="meta">
        <span class="badge" data-state=${hook.enabled ? 'enabled' : 'disabled'}>${hook.enabled ? 'Enabled' : 'Disabled'}</span>
        <span class="muted">Events: ${typesText(hook.eventTypes)}</span>
      </p>
      ${!hook.enabled && hook.disabledReason
        ? html`<p class="reason">Disabled by Reelback${hook.disabledAt ? ` on ${formatTime(hook.disabledAt)}` : ''}: ${hook.disabledReason}</p>`
        : nothing}
      <div class="row">
        <button class="button quiet" type="button" ?disabled=${busy} @click=${() => this.toggle(hook)}>
          ${hook.enabled ? 'Disable' : 'Enable'}<span class="visually-hidden"> ${hook.url}</span>
        </button>
        <button class="button quiet" type="button" ?disabled=${busy || !hook.enabled} @click=${() => this.test(hook)}>
          Send test<span class="visually-hidden"> to ${hook.url}</span>
        </button>
        <button class="button quiet" type="button" ?disabled=${busy} @click=${() => this.rotate(hook)}>
          Rotate secret<span class="visually-hidden"> of ${hook.url}</span>
        </button>
        <button class="button quiet" type="button" aria-expanded=${log ? 'true' : 'false'} aria-controls="log-${index}" @click=${() => this.loadLog(hook, 'toggle')}>
          Deliveries<span class="visually-hidden"> to ${hook.url}</span>
        </button>
        <button class="button quiet" type="button" ?disabled=${busy} @click=${() => (this._confirmDelete = hook.id)}>
          Delete<span class="visually-hidden"> ${hook.url}</span>
        </button>
      </div>
      ${this._confirmDelete === hook.id
        ? html`<div class="row confirm" role="group" aria-label="Confirm deletion">
            <span>Delete the webhook to ${hook.url}? Deliveries stop and its log goes with it.</span>
            <button class="button" type="button" ?disabled=${busy} @click=${() => this.deleteHook(hook)}>Yes, delete</button>
            <button class="button quiet" type="button" @click=${() => (this._confirmDelete = '')}>Keep it</button>
          </div>`
        : nothing}
      ${log ? this.renderLog(hook, log, `log-${index}`) : nothing}
    </li>`;
  }

  private renderLog(hook: Webhook, log: Log, id: string) {
    return html`<section class="log" id=${id} aria-label="Deliveries to ${hook.url}" aria-busy=${log.status === 'loading' ? 'true' : 'false'}>
      <div class="row">
        <button class="button quiet" type="button" ?disabled=${log.status === 'loading'} @click=${() => this.loadLog(hook, 'refresh')}>Refresh</button>
      </div>
      ${log.status === 'error' ? html`<p class="error" role="alert">${log.problem}</p>` : nothing}
      ${log.status !== 'loading' && log.deliveries.length === 0 && log.status !== 'error' ? html`<p class="muted">No deliveries yet.</p>` : nothing}
      ${log.deliveries.map((d) => this.renderDelivery(hook, d))}
      ${log.status === 'loading' ? html`<p role="status">Loading deliveries…</p>` : nothing}
      ${log.nextCursor && log.status === 'ready'
        ? html`<button class="button quiet" type="button" @click=${() => this.loadLog(hook, 'more')}>Older deliveries</button>`
        : nothing}
    </section>`;
  }

  private renderDelivery(hook: Webhook, d: WebhookDelivery) {
    return html`<article class="delivery" data-id=${d.id}>
      <p>
        <strong>${d.eventType}</strong>
        <span class="badge" data-status=${d.status === 'delivered' ? 'ready' : d.status === 'failed' ? 'failed' : 'queued'}>${d.status}</span>
        <span class="muted">${formatTime(d.createdAt)} · event ${d.eventId}</span>
      </p>
      ${d.lastError ? html`<p class="last-error">Last error: ${d.lastError}</p>` : nothing}
      ${d.status === 'pending' && d.nextAttemptAt ? html`<p class="muted">Next try ${formatTime(d.nextAttemptAt)}</p>` : nothing}
      ${d.attempts.length
        ? html`<table>
            <caption class="visually-hidden">Attempts of ${d.eventType} ${d.eventId}</caption>
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">Time</th>
                <th scope="col">Result</th>
                <th scope="col">Duration</th>
                <th scope="col">Next retry</th>
              </tr>
            </thead>
            <tbody>
              ${d.attempts.map(
                (a) => html`<tr>
                  <th scope="row">${a.attempt}</th>
                  <td>${formatTime(a.at)}</td>
                  <td>${[a.statusCode === null ? 'no response' : `HTTP ${a.statusCode}`, a.error].filter(Boolean).join(': ')}</td>
                  <td>${a.durationMs} ms</td>
                  <td>${a.nextRetryAt ? formatTime(a.nextRetryAt) : '—'}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">Not tried yet.</p>`}
      ${d.status !== 'pending'
        ? html`<button class="button quiet" type="button" ?disabled=${this._busy !== '' || !hook.enabled} @click=${() => this.replay(hook, d)}>
            Replay<span class="visually-hidden"> ${d.eventType} ${d.eventId}</span>
          </button>`
        : nothing}
    </article>`;
  }

  private renderForm() {
    return html`<form class="create" aria-labelledby="create-title" @submit=${this.onCreate}>
      <h3 id="create-title">Add a webhook</h3>
      <div class="field">
        <label for="webhook-url">Receiver address</label>
        <input id="webhook-url" name="url" type="url" required placeholder="https://example.com/hooks/reelback" autocomplete="off" />
      </div>
      <div class="field">
        <label for="webhook-description">Description (optional)</label>
        <input id="webhook-description" name="description" type="text" maxlength="500" autocomplete="off" />
      </div>
      <fieldset>
        <legend>Event types</legend>
        <label><input type="checkbox" name="all" .checked=${this._all} @change=${(e: Event) => (this._all = (e.target as HTMLInputElement).checked)} /> All events</label>
        <div class="types">
          ${WEBHOOK_EVENT_TYPES.map(
            (type) => html`<label><input type="checkbox" name="eventTypes" value=${type} ?disabled=${this._all} /> ${type}</label>`,
          )}
        </div>
      </fieldset>
      ${this._createProblem ? html`<p class="error" role="alert">${this._createProblem}</p>` : nothing}
      <button class="button" type="submit">Add webhook</button>
    </form>`;
  }

  override render() {
    const hooks = this._hooks;
    return html`<p>
        Reelback posts each event of the chosen types to your URL, signed per Standard Webhooks, and retries failures for up to
        24 hours.
      </p>
      ${this.renderSecret()}
      ${hooks === null
        ? this._loadProblem
          ? html`<p class="error" role="alert">${this._loadProblem}</p>
              <button class="button" type="button" @click=${() => this.load()}>Try again</button>`
          : html`<p role="status">Loading webhooks…</p>`
        : hooks.length === 0
          ? html`<p class="muted">No webhooks yet.</p>`
          : html`<ul class="hooks" aria-label="Webhooks">
              ${hooks.map((h, i) => this.renderHook(h, i))}
            </ul>`}
      <p role="status">${this._message}</p>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing} ${this.renderForm()}`;
  }
}

export function defineRbWebhooksSettings(tagName = 'rb-webhooks-settings'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbWebhooksSettings);
}

defineRbWebhooksSettings();

declare global {
  interface HTMLElementTagNameMap {
    'rb-webhooks-settings': RbWebhooksSettings;
  }
}
