import { css, html, LitElement, nothing } from 'lit';
import type { FlowTemplateSummary } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { requestNavigation, studioPath } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { createFromTemplate, listTemplates } from './flows-api.js';

/**
 * "New flow": a name and a template to start from (`GET /api/v1/flow-templates`, blank first), then `POST
 * /api/v1/flows` with `{ template, name }` and the new flow's studio. Fires `rb-new-flow-cancel` when closed.
 *
 * @tag rb-new-flow
 */
export class RbNewFlow extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        padding: 0.75rem 1rem;
        margin-bottom: 1rem;
      }
      h2 {
        font-size: 1.1rem;
        margin: 0 0 0.5rem;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
        max-width: 24rem;
        margin-bottom: 0.75rem;
      }
      input[type='text'] {
        font: inherit;
        padding: 0.3rem 0.4rem;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.75rem;
      }
      legend {
        font-weight: 600;
        margin-bottom: 0.25rem;
      }
      .template {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        padding: 0.25rem 0;
      }
      .template span {
        display: block;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _templates: { state: true },
    _chosen: { state: true },
    _name: { state: true },
    _busy: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient | undefined;
  declare private _templates: FlowTemplateSummary[] | null;
  declare private _chosen: string;
  declare private _name: string;
  declare private _busy: boolean;
  declare private _problem: string;

  constructor() {
    super();
    this._templates = null;
    this._chosen = 'blank';
    this._name = '';
    this._busy = false;
    this._problem = '';
  }

  protected override async firstUpdated(): Promise<void> {
    this.renderRoot.querySelector<HTMLInputElement>('#new-flow-name')?.focus();
    if (!this.api) return;
    try {
      this._templates = await listTemplates(this.api);
      this._chosen = this._templates[0]?.id ?? 'blank';
    } catch (error) {
      this._problem = `The templates could not be loaded: ${(error as Error).message}`;
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.api || this._busy) return;
    this._busy = true;
    this._problem = '';
    try {
      const flow = await createFromTemplate(this.api, this._chosen, this._name);
      requestNavigation(this, studioPath(flow.id));
    } catch (error) {
      this._problem = `The flow could not be created: ${(error as Error).message}`;
    } finally {
      this._busy = false;
    }
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('rb-new-flow-cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const templates = this._templates;
    return html`<form aria-labelledby="new-flow-title" @submit=${(e: Event) => this.create(e)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.cancel()}>
      <h2 id="new-flow-title">New flow</h2>
      <div class="field">
        <label for="new-flow-name">Name</label>
        <input id="new-flow-name" type="text" maxlength="200" .value=${this._name} @input=${(e: Event) => (this._name = (e.target as HTMLInputElement).value)} />
        <span class="muted">Leave empty to use the template's name.</span>
      </div>
      <fieldset>
        <legend>Start from</legend>
        ${templates === null
          ? this._problem
            ? nothing
            : html`<p role="status">Loading templates…</p>`
          : templates.map(
              (t) => html`<label class="template">
                <input type="radio" name="template" value=${t.id} .checked=${t.id === this._chosen} @change=${() => (this._chosen = t.id)} />
                <span><strong>${t.name}</strong> <span class="muted">${t.description}</span></span>
              </label>`,
            )}
      </fieldset>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this._busy}>${this._busy ? 'Creating…' : 'Create and open in studio'}</button>
        <button class="button quiet" type="button" @click=${() => this.cancel()}>Cancel</button>
      </div>
    </form>`;
  }
}

export function defineRbNewFlow(tagName = 'rb-new-flow'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbNewFlow);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-new-flow': RbNewFlow;
  }
  interface GlobalEventHandlersEventMap {
    'rb-new-flow-cancel': CustomEvent<undefined>;
  }
}
