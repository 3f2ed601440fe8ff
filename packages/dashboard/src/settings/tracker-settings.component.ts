import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { checkTracker, getTracker, type RedactedTracker, removeTracker, saveTracker, type TrackerKind } from './tracker-api.js';
import { formOf, TRACKER_FORMS, trackerBody, type TrackerField, valuesOf } from './tracker-form.js';

/**
 * The workspace's backlog tracker (admins): GitHub, Jira, Linear or a webhook. Secrets are never shown back,
 * only their redacted hint, and are kept when the field is left empty. Save (PUT), Test connection (POST
 * …/check, of the saved settings), Remove (DELETE, after a confirmation in the page).
 *
 * @tag rb-tracker-settings
 */
export class RbTrackerSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.875rem;
        max-width: 36rem;
      }
      .field input,
      select {
        font: inherit;
        border: 1px solid var(--rb-border-strong, #767b8c);
        border-radius: var(--rb-radius, 6px);
        padding: 0.45em 0.6em;
        background: var(--rb-surface, #fff);
        color: inherit;
      }
      .field input[aria-invalid='true'] {
        border-color: var(--rb-bad-text, #7f1d1d);
      }
      .hint {
        font-size: 0.875rem;
        color: var(--rb-muted, #545968);
      }
      .field-error {
        font-size: 0.875rem;
        color: var(--rb-bad-text, #7f1d1d);
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .confirm {
        border: 1px solid var(--rb-bad-text, #7f1d1d);
        border-radius: var(--rb-radius, 6px);
        padding: 0.75rem;
        max-width: 36rem;
      }
      .ok {
        color: var(--rb-ok-text, #14532d);
      }
      p {
        margin: 0.5rem 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _loaded: { state: true },
    _stored: { state: true },
    _kind: { state: true },
    _values: { state: true },
    _fieldErrors: { state: true },
    _error: { state: true },
    _status: { state: true },
    _busy: { state: true },
    _confirming: { state: true },
  };

  declare api: ApiClient | undefined;
  declare private _loaded: boolean;
  declare private _stored: RedactedTracker | null;
  declare private _kind: TrackerKind;
  declare private _values: Record<string, string>;
  declare private _fieldErrors: Record<string, string>;
  declare private _error: string;
  declare private _status: string;
  declare private _busy: '' | 'save' | 'check' | 'remove';
  declare private _confirming: boolean;

  constructor() {
    super();
    this._loaded = false;
    this._stored = null;
    this._kind = 'github';
    this._values = valuesOf('github', null);
    this._fieldErrors = {};
    this._error = '';
    this._status = '';
    this._busy = '';
    this._confirming = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.api) void this.load(this.api);
  }

  private async load(api: ApiClient): Promise<void> {
    try {
      this.show(await getTracker(api));
      this._loaded = true;
    } catch (error) {
      this._error = `The tracker settings could not be loaded: ${(error as Error).message}`;
    }
  }

  private show(stored: RedactedTracker | null): void {
    this._stored = stored;
    this._kind = stored?.kind ?? this._kind;
    this._values = valuesOf(this._kind, stored);
    this._fieldErrors = {};
  }

  private onKind(event: Event): void {
    this._kind = (event.target as HTMLSelectElement).value as TrackerKind;
    this._values = valuesOf(this._kind, this._stored);
    this._fieldErrors = {};
    this._error = '';
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.api || this._busy) return;
    this._busy = 'save';
    this._error = '';
    this._status = '';
    this._fieldErrors = {};
    try {
      this.show(await saveTracker(this.api, trackerBody(this._kind, this._values, this._stored)));
      this._status = 'Saved. Test the connection to check that the tracker accepts it.';
    } catch (error) {
      const issues = error instanceof ApiProblem ? error.issues : [];
      const names = new Set(formOf(this._kind).fields.map((f) => f.name));
      const fieldErrors: Record<string, string> = {};
      for (const issue of issues) {
        const name = String(issue.path[0] ?? '');
        if (names.has(name) && !fieldErrors[name]) fieldErrors[name] = issue.message;
      }
      this._fieldErrors = fieldErrors;
      this._error = `The settings were not saved: ${(error as Error).message}`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      this._busy = '';
    }
  }

  private async check(): Promise<void> {
    if (!this.api || this._busy) return;
    this._busy = 'check';
    this._error = '';
    this._status = 'Testing the connection…';
    try {
      const result = await checkTracker(this.api);
      this._status = result.ok
        ? 'Connection works: the tracker accepted the settings.'
        : `The tracker did not accept the connection: ${result.reason}${result.retryable ? ' (this may pass if you try again later)' : ''}`;
    } catch (error) {
      this._status = '';
      this._error = `The connection could not be tested: ${(error as Error).message}`;
    } finally {
      this._busy = '';
    }
  }

  private async removeStored(): Promise<void> {
    if (!this.api || this._busy) return;
    this._busy = 'remove';
    this._error = '';
    try {
      await removeTracker(this.api);
      this._confirming = false;
      this.show(null);
      this._status = 'The tracker was removed. Answers cannot be sent to a backlog until one is set up again.';
    } catch (error) {
      this._error = `The tracker could not be removed: ${(error as Error).message}`;
    } finally {
      this._busy = '';
    }
  }

  private setConfirming(confirming: boolean): void {
    this._confirming = confirming;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(confirming ? '#confirm-remove' : '#remove')?.focus());
  }

  private renderField(field: TrackerField) {
    const id = `tracker-${field.name}`;
    const error = this._fieldErrors[field.name];
    const storedSecret = field.type === 'secret' && this._stored?.kind === this._kind ? this._stored[field.name] : undefined;
    const hint =
      storedSecret !== undefined
        ? `Saved: ${String(storedSecret)}. Leave empty to keep it, or type a new one.`
        : field.hint;
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const required = field.required && !(field.type === 'secret' && storedSecret !== undefined);
    return html`<div class="field">
      <label for=${id}>${field.label}${required ? html` <span aria-hidden="true">*</span>` : nothing}</label>
      <input
        id=${id}
        name=${field.name}
        type=${field.type === 'secret' ? 'password' : field.type === 'list' ? 'text' : field.type}
        autocomplete=${field.type === 'secret' ? 'new-password' : 'off'}
        placeholder=${field.placeholder ?? nothing}
        ?required=${required}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        .value=${this._values[field.name] ?? ''}
        @input=${(event: Event) => (this._values = { ...this._values, [field.name]: (event.target as HTMLInputElement).value })}
      />
      ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}
      ${error ? html`<span class="field-error" id="${id}-error">${field.label}: ${error}</span>` : nothing}
    </div>`;
  }

  override render() {
    if (!this._loaded) {
      return this._error ? html`<p class="error" role="alert">${this._error}</p>` : html`<p role="status">Loading the tracker settings…</p>`;
    }
    const stored = this._stored;
    const form = formOf(this._kind);
    return html`
      <p>
        ${stored
          ? html`Answers are sent to <strong>${formOf(stored.kind).label}</strong>.`
          : html`No tracker is set up: owners cannot send answers to a backlog yet.`}
      </p>
      <form @submit=${this.save} novalidate aria-describedby="tracker-error">
        <div class="field">
          <label for="tracker-kind">Tracker</label>
          <select id="tracker-kind" .value=${this._kind} @change=${this.onKind}>
            ${TRACKER_FORMS.map((f) => html`<option value=${f.kind} ?selected=${f.kind === this._kind}>${f.label}</option>`)}
          </select>
        </div>
        ${form.fields.map((field) => this.renderField(field))}
        <p class="error" id="tracker-error" role="alert">${this._error}</p>
        <div class="buttons">
          <button class="button" type="submit" ?disabled=${this._busy !== ''}>Save</button>
          <button
            class="button quiet"
            type="button"
            ?disabled=${!stored || this._busy !== ''}
            aria-describedby=${stored ? nothing : 'check-hint'}
            @click=${this.check}
          >
            Test connection
          </button>
          ${stored ? html`<button id="remove" class="button quiet" type="button" ?disabled=${this._busy !== ''} @click=${() => this.setConfirming(true)}>Remove</button>` : nothing}
        </div>
        ${stored ? nothing : html`<span class="hint" id="check-hint">Save the settings first to test them.</span>`}
      </form>
      ${this._confirming && stored
        ? html`<div class="confirm" role="group" aria-labelledby="confirm-text">
            <p id="confirm-text">Remove the ${formOf(stored.kind).label} tracker? Its settings and secret are deleted; existing backlog links stay.</p>
            <div class="buttons">
              <button id="confirm-remove" class="button" type="button" ?disabled=${this._busy !== ''} @click=${this.removeStored}>Yes, remove it</button>
              <button class="button quiet" type="button" @click=${() => this.setConfirming(false)}>Keep it</button>
            </div>
          </div>`
        : nothing}
      <p role="status" class=${this._status.startsWith('Connection works') ? 'ok' : ''}>${this._status}</p>
    `;
  }
}

export function defineRbTrackerSettings(tagName = 'rb-tracker-settings'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbTrackerSettings);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-tracker-settings': RbTrackerSettings;
  }
}
