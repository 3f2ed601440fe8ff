import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FlowDefinition, FlowSummary } from '@reelback/shared';
import type { ApiClient, Role } from '../api/api-client.js';
import { flowPath, requestNavigation, studioPath } from '../app/routes.js';
import { editsFlows } from './flow-roles.js';
import { sharedStyles } from '../styles/shared.styles.js';

function isEditable(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** A new flow's draft: one end step, so it is valid from the start; the studio builds on it. */
export const BLANK_FLOW: FlowDefinition = {
  name: 'Untitled flow',
  steps: [{ id: 'thanks', prompt: { title: 'Thank you!' }, answer: { type: 'end' } }],
};


export const problemCount = (count: number): string => (count === 0 ? 'no problems' : `${count} problem${count === 1 ? '' : 's'}`);

/**
 * The workspace's flows (`GET /api/v1/flows`): name, id, latest published version (or "not published") and how
 * many problems the draft has. Each opens its embed snippets and preview, and has a link to the studio; owners and
 * admins may start a *New flow* (a blank draft, `POST /api/v1/flows`, then the studio). Keyboard: `j`/`k` move,
 * Enter opens.
 *
 * @tag rb-flows
 * @csspart list - The list of flows.
 * @csspart row - One flow.
 * @cssproperty --rb-row-active-bg - Background of the current row (default: `--rb-accent-soft`).
 */
export class RbFlows extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .keys {
        font-size: 0.875rem;
      }
      kbd {
        font: inherit;
        font-family: ui-monospace, monospace;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: 4px;
        padding: 0 0.3em;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
      }
      li .row {
        flex: 1;
        border-bottom: 0;
      }
      .edit {
        padding: 0 0.5rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        border-top: 1px solid var(--rb-border, #d5d8e0);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: baseline;
        padding: 0.6rem 0.5rem;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
        color: inherit;
        text-decoration: none;
      }
      .row[tabindex='0'] {
        background: var(--rb-row-active-bg, var(--rb-accent-soft, #e8ebfb));
      }
      .row:hover .name {
        text-decoration: underline;
      }
      .name {
        font-weight: 600;
      }
      code {
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
      }
      .meta {
        margin-left: auto;
        display: flex;
        gap: 0.5rem;
        font-size: 0.875rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    memberRole: { attribute: false },
    _creating: { state: true },
    _flows: { state: true },
    _active: { state: true },
    _status: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient | undefined;
  /** The signed-in member's role: managers get no *New flow*. */
  declare memberRole: Role | undefined;
  declare private _creating: boolean;
  declare private _flows: FlowSummary[];
  declare private _active: number;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _problem: string;

  constructor() {
    super();
    this._flows = [];
    this._creating = false;
    this._active = 0;
    this._status = 'loading';
    this._problem = '';
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
    void this.load();
  }

  async load(): Promise<void> {
    if (!this.api) return;
    this._status = 'loading';
    try {
      this._flows = await this.api.listFlows();
      this._active = Math.min(this._active, Math.max(0, this._flows.length - 1));
      this._status = 'ready';
      this._problem = '';
    } catch (error) {
      this._problem = `The flows could not be loaded: ${(error as Error).message}`;
      this._status = 'error';
    }
  }

  /** A blank draft, then its studio. */
  private async create(): Promise<void> {
    if (!this.api) return;
    this._creating = true;
    this._problem = '';
    try {
      const flow = await this.api.send<FlowSummary>('POST', '/flows', { definition: BLANK_FLOW });
      requestNavigation(this, studioPath(flow!.id));
    } catch (error) {
      this._problem = `The flow could not be created: ${(error as Error).message}`;
    } finally {
      this._creating = false;
    }
  }

  private async focusRow(index: number): Promise<void> {
    if (this._flows.length === 0) return;
    this._active = Math.max(0, Math.min(this._flows.length - 1, index));
    await this.updateComplete;
    const row = this.renderRoot.querySelectorAll<HTMLElement>('.row')[this._active];
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || this._status !== 'ready') return;
    const target = event.composedPath()[0];
    if (isEditable(target)) return;
    switch (event.key) {
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
        if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
        const flow = this._flows[this._active];
        if (!flow) return;
        event.preventDefault();
        requestNavigation(this, flowPath(flow.id));
        break;
      }
    }
  };

  private renderRow(flow: FlowSummary, index: number) {
    return html`<li>
      <a class="row" part="row" href=${flowPath(flow.id)} tabindex=${index === this._active ? '0' : '-1'} data-id=${flow.id} @focus=${() => (this._active = index)}>
        <span class="name">${flow.name}</span>
        <code>${flow.id}</code>
        <span class="meta muted">
          <span class="badge" data-status=${flow.latestVersion === null ? 'unknown' : 'ready'}
            >${flow.latestVersion === null ? 'not published' : `version ${flow.latestVersion}`}</span
          >
          <span>draft: ${problemCount(flow.problems.length)}</span>
        </span>
      </a>
      <a class="edit" href=${studioPath(flow.id)} tabindex=${index === this._active ? '0' : '-1'}
        >${editsFlows(this.memberRole) ? 'Edit' : 'Open in studio'}<span class="visually-hidden"> ${flow.name}</span></a
      >
    </li>`;
  }

  override render() {
    return html`
      <h1 tabindex="-1">Flows</h1>
      ${editsFlows(this.memberRole)
        ? html`<p><button class="button" type="button" ?disabled=${this._creating} @click=${() => this.create()}>${this._creating ? 'Creating…' : 'New flow'}</button></p>`
        : nothing}
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      ${this._status === 'loading'
        ? html`<p role="status">Loading flows…</p>`
        : this._status === 'error'
          ? html`<button class="button" type="button" @click=${() => this.load()}>Try again</button>`
          : html`
              <p class="muted" role="status">
                ${this._flows.length === 0 ? 'No flows in this workspace yet.' : `${this._flows.length} flow${this._flows.length === 1 ? '' : 's'}`}
              </p>
              ${this._flows.length
                ? html`<p class="keys muted"><kbd>j</kbd> <kbd>k</kbd> move · <kbd>Enter</kbd> opens</p>
                    <ol part="list" aria-label="Flows">
                      ${repeat(this._flows, (flow) => flow.id, (flow, index) => this.renderRow(flow, index))}
                    </ol>`
                : nothing}
            `}
    `;
  }
}

export function defineRbFlows(tagName = 'rb-flows'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbFlows);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-flows': RbFlows;
  }
}
