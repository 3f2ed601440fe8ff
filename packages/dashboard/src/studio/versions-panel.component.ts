import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { FlowVersionInfo } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatTime } from '../util/format.js';
import { listVersions } from './studio-api.js';

export interface VersionRequest {
  version: number;
}

/**
 * The flow's published versions (`GET /api/v1/flows/:id/versions`, newest first): number, who published it and
 * when. *View* asks the page to play that version read-only in the preview (`rb-version-view-request`); *Restore as
 * draft* asks it to make that version the draft (`rb-version-restore-request`; editors only). Lists again when
 * `latest` changes (a publish).
 *
 * @tag rb-versions-panel
 */
export class RbVersionsPanel extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.5rem;
        align-items: baseline;
        padding: 0.4rem 0;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
      }
      li[aria-current='true'] {
        background: var(--rb-accent-soft, #e8ebfb);
      }
      .actions {
        margin-left: auto;
        display: flex;
        gap: 0.25rem;
      }
      .actions .button {
        padding: 0.125rem 0.4rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    flowId: { attribute: 'flow-id' },
    latest: { attribute: false },
    viewing: { attribute: false },
    editable: { type: Boolean },
    _versions: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient | undefined;
  declare flowId: string;
  /** The latest published version: the list is read again when it changes. */
  declare latest: number | null;
  /** The version shown in the preview, if any. */
  declare viewing: number | null;
  declare editable: boolean;
  declare private _versions: FlowVersionInfo[] | null;
  declare private _problem: string;

  constructor() {
    super();
    this.flowId = '';
    this.latest = null;
    this.viewing = null;
    this.editable = false;
    this._versions = null;
    this._problem = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('latest') || changed.has('flowId') || changed.has('api')) void this.load();
  }

  async load(): Promise<void> {
    if (!this.api || !this.flowId) return;
    if (this.latest === null) {
      this._versions = [];
      return;
    }
    try {
      this._versions = await listVersions(this.api, this.flowId);
      this._problem = '';
    } catch (error) {
      this._problem = `The versions could not be loaded: ${(error as Error).message}`;
    }
  }

  private ask(type: 'rb-version-view-request' | 'rb-version-restore-request', version: number): void {
    this.dispatchEvent(new CustomEvent<VersionRequest>(type, { detail: { version }, bubbles: true, composed: true }));
  }

  override render() {
    const versions = this._versions;
    if (this._problem) {
      return html`<p class="error" role="alert">${this._problem}</p>
        <button class="button quiet" type="button" @click=${() => this.load()}>Try again</button>`;
    }
    if (versions === null) return html`<p role="status">Loading versions…</p>`;
    if (versions.length === 0) return html`<p class="muted">Not published yet.</p>`;
    return html`<ol aria-label="Published versions">
      ${versions.map(
        (v) => html`<li aria-current=${v.version === this.viewing ? 'true' : 'false'}>
          <strong>Version ${v.version}</strong>
          <span class="muted">
            ${v.publishedBy ? `by ${v.publishedBy.label}` : 'publisher not recorded'} ·
            <time datetime=${v.publishedAt}>${formatTime(v.publishedAt)}</time>
          </span>
          <span class="actions">
            <button class="button quiet" type="button" @click=${() => this.ask('rb-version-view-request', v.version)}>
              View<span class="visually-hidden"> version ${v.version}</span>
            </button>
            ${this.editable
              ? html`<button class="button quiet" type="button" @click=${() => this.ask('rb-version-restore-request', v.version)}>
                  Restore as draft<span class="visually-hidden"> (version ${v.version})</span>
                </button>`
              : nothing}
          </span>
        </li>`,
      )}
    </ol>`;
  }
}

export function defineRbVersionsPanel(tagName = 'rb-versions-panel'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbVersionsPanel);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-versions-panel': RbVersionsPanel;
  }
  interface GlobalEventHandlersEventMap {
    'rb-version-view-request': CustomEvent<VersionRequest>;
    'rb-version-restore-request': CustomEvent<VersionRequest>;
  }
}
