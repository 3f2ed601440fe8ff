import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { EditableFlow } from '@reelback/shared';
import type { ApiClient, Role } from '../api/api-client.js';
import { archivedFlowsPath, flowPath, flowsPath, requestNavigation, studioPath } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { editsFlows } from './flow-roles.js';
import { defineRbFlowImport, type FlowImportDetail } from './flow-import.component.js';
import { bundleUrl, duplicateFlow, setArchived } from './flows-api.js';
import { defineRbNewFlow } from './new-flow.component.js';

defineRbNewFlow();
defineRbFlowImport();

function isEditable(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export const problemCount = (count: number): string => (count === 0 ? 'no problems' : `${count} problem${count === 1 ? '' : 's'}`);

/**
 * The workspace's flows (`GET /api/v1/flows`; the *Archived* view, `?archived=1`, lists the archived ones): name, id,
 * latest published version (or "not published") and how many problems the draft has. Each opens its embed snippets
 * and preview, and has a link to the studio. Owners and admins may start a *New flow* (`<rb-new-flow>`: a template
 * and a name, then the studio), *Duplicate* a flow, *Archive* it (confirmed in the page: it stops being served to
 * widgets) and *Unarchive* it, and *Import a flow…* from a bundle (`<rb-flow-import>`); everyone may *Export* a flow
 * with its media as a bundle (docs/flow-bundles.md). Managers see no other write actions. Keyboard: `j`/`k` move,
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
      .views {
        display: flex;
        gap: 1rem;
        margin: 0 0 0.75rem;
      }
      .views a[aria-current='page'] {
        font-weight: 600;
      }
      .actions {
        display: flex;
        gap: 0.25rem;
        padding-right: 0.5rem;
      }
      .actions .button {
        padding: 0.125rem 0.5rem;
        font-size: 0.8125rem;
      }
      .confirm {
        border: 2px solid var(--rb-problem, #a4262c);
        border-radius: var(--rb-radius, 6px);
        padding: 0.5rem 0.75rem;
        margin: 0 0 0.75rem;
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
    archived: { type: Boolean },
    _creating: { state: true },
    _confirming: { state: true },
    _notice: { state: true },
    _flows: { state: true },
    _active: { state: true },
    _status: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient | undefined;
  /** The signed-in member's role: managers get no *New flow*. */
  declare memberRole: Role | undefined;
  /** The archived flows instead of the active ones. */
  declare archived: boolean;
  /** The *New flow* form is open. */
  declare private _creating: boolean;
  /** The flow whose archiving waits for a confirmation. */
  declare private _confirming: EditableFlow | null;
  declare private _notice: string;
  declare private _flows: EditableFlow[];
  declare private _active: number;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _problem: string;

  constructor() {
    super();
    this._flows = [];
    this.archived = false;
    this._creating = false;
    this._confirming = null;
    this._notice = '';
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

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('archived') || changed.has('api')) void this.load();
  }

  async load(): Promise<void> {
    if (!this.api) return;
    this._status = 'loading';
    try {
      this._flows = await this.api.listFlows({ archived: this.archived });
      this._active = Math.min(this._active, Math.max(0, this._flows.length - 1));
      this._status = 'ready';
      this._problem = '';
    } catch (error) {
      this._problem = `The flows could not be loaded: ${(error as Error).message}`;
      this._status = 'error';
    }
  }

  /** Duplicates, archives or unarchives a flow, then lists the flows again and says what happened. */
  private async act(flow: EditableFlow, action: 'duplicate' | 'archive' | 'unarchive'): Promise<void> {
    if (!this.api) return;
    this._confirming = null;
    this._problem = '';
    try {
      let notice: string;
      if (action === 'duplicate') {
        const copy = await duplicateFlow(this.api, flow.id);
        notice = `Duplicated “${flow.name}” as “${copy.name}”.`;
      } else {
        await setArchived(this.api, flow.id, action === 'archive');
        notice =
          action === 'archive' ? `Archived “${flow.name}”. Widgets no longer show it; find it under Archived.` : `Unarchived “${flow.name}”. Widgets show its latest version again.`;
      }
      await this.load();
      this._notice = notice;
    } catch (error) {
      this._problem = `“${flow.name}” could not be ${action === 'duplicate' ? 'duplicated' : `${action}d`}: ${(error as Error).message}`;
    }
  }

  /** After `<rb-flow-import>`: the new flow in the list, and what the owner should know about it. */
  private async imported(event: CustomEvent<FlowImportDetail>): Promise<void> {
    const outcome = event.detail;
    this._notice = '';
    if (!outcome.ok) {
      this._problem = outcome.message;
      return;
    }
    this._problem = '';
    await this.load();
    const { flow, assets, notes } = outcome.result;
    const media = assets.length === 0 ? '' : ` Its ${assets.length} media file${assets.length === 1 ? ' is' : 's are'} being processed.`;
    this._notice = `Imported “${flow.name}”; it is not published yet: open it in the studio to publish.${media}${notes.length ? ` ${notes.join(' ')}` : ''}`;
  }

  private async closeNewFlow(): Promise<void> {
    this._creating = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.new-flow')?.focus();
  }

  private async confirmArchive(flow: EditableFlow): Promise<void> {
    this._confirming = flow;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm .button.quiet')?.focus();
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

  private renderActions(flow: EditableFlow, tab: string) {
    const exportLink = this.api
      ? html`<a class="button quiet" href=${bundleUrl(this.api, flow.id)} download tabindex=${tab}>Export<span class="visually-hidden"> ${flow.name}</span></a>`
      : nothing;
    if (!editsFlows(this.memberRole)) return html`<span class="actions">${exportLink}</span>`;
    const act = (label: string, onClick: () => void) =>
      html`<button class="button quiet" type="button" tabindex=${tab} @click=${onClick}>${label}<span class="visually-hidden"> ${flow.name}</span></button>`;
    return html`<span class="actions">
      ${exportLink} ${act('Duplicate', () => this.act(flow, 'duplicate'))}
      ${this.archived ? act('Unarchive', () => this.act(flow, 'unarchive')) : act('Archive', () => this.confirmArchive(flow))}
    </span>`;
  }

  private renderConfirm() {
    const flow = this._confirming;
    if (!flow) return nothing;
    return html`<div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <p id="confirm-title"><strong>Archive “${flow.name}”?</strong></p>
      <p id="confirm-text">
        It stops being served to widgets: pages that embed it show nothing, and no new viewer can start it. Its answers,
        versions and analytics stay, and you can unarchive it later.
      </p>
      <button class="button" type="button" @click=${() => this.act(flow, 'archive')}>Archive</button>
      <button class="button quiet" type="button" @click=${() => (this._confirming = null)}>Cancel</button>
    </div>`;
  }

  private renderRow(flow: EditableFlow, index: number) {
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
        >${editsFlows(this.memberRole) && !this.archived ? 'Edit' : 'Open in studio'}<span class="visually-hidden"> ${flow.name}</span></a
      >
      ${this.renderActions(flow, index === this._active ? '0' : '-1')}
    </li>`;
  }

  override render() {
    return html`
      <h1 tabindex="-1">${this.archived ? 'Archived flows' : 'Flows'}</h1>
      <nav class="views" aria-label="Which flows">
        <a href=${flowsPath} aria-current=${this.archived ? 'false' : 'page'}>Active</a>
        <a href=${archivedFlowsPath} aria-current=${this.archived ? 'page' : 'false'}>Archived</a>
      </nav>
      ${editsFlows(this.memberRole) && !this.archived
        ? this._creating
          ? html`<rb-new-flow .api=${this.api} @rb-new-flow-cancel=${() => this.closeNewFlow()}></rb-new-flow>`
          : html`<p>
              <button class="button new-flow" type="button" @click=${() => (this._creating = true)}>New flow</button>
              <rb-flow-import .api=${this.api} @rb-flow-import=${(e: CustomEvent<FlowImportDetail>) => this.imported(e)}></rb-flow-import>
            </p>`
        : nothing}
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      <p class="notice" role="status">${this._notice}</p>
      ${this.renderConfirm()}
      ${this._status === 'loading'
        ? html`<p role="status">Loading flows…</p>`
        : this._status === 'error'
          ? html`<button class="button" type="button" @click=${() => this.load()}>Try again</button>`
          : html`
              <p class="muted" role="status">
                ${this._flows.length === 0 ? (this.archived ? 'No archived flows.' : 'No flows in this workspace yet.') : `${this._flows.length} flow${this._flows.length === 1 ? '' : 's'}`}
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
