import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ApiClient, AuthInfo } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { appNavigation, listWorkspaces, switchWorkspace, type WorkspaceMembership } from './workspaces-api.js';

/**
 * The top bar's workspace picker: a select, shown only to people in more than one workspace. Choosing one
 * moves the session there (`POST /auth/workspace`) and starts the dashboard over in it.
 *
 * @tag rb-workspace-switcher
 */
export class RbWorkspaceSwitcher extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
      }
      select {
        font: inherit;
        font-size: 0.9375rem;
        border: 1px solid var(--rb-border-strong, #767b8c);
        border-radius: var(--rb-radius, 6px);
        padding: 0.2em 0.4em;
        background: var(--rb-surface, #fff);
        color: inherit;
      }
      .problem {
        color: var(--rb-bad-text, #7f1d1d);
        font-size: 0.875rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    auth: { attribute: false },
    _workspaces: { state: true },
    _busy: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient | undefined;
  declare auth: AuthInfo | null | undefined;
  declare private _workspaces: WorkspaceMembership[];
  declare private _busy: boolean;
  declare private _problem: string;

  constructor() {
    super();
    this._workspaces = [];
    this._busy = false;
    this._problem = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('auth') as AuthInfo | null | undefined;
    if ((changed.has('api') || (changed.has('auth') && before?.workspace.id !== this.auth?.workspace.id)) && this.api && this.auth) {
      void this.load(this.api);
    }
  }

  private async load(api: ApiClient): Promise<void> {
    try {
      this._workspaces = (await listWorkspaces(api)).workspaces;
    } catch {
      // Only a convenience: the settings page lists the workspaces and says when they cannot be loaded.
      this._workspaces = [];
    }
  }

  private async onChange(event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const current = this.auth?.workspace.id ?? '';
    if (!this.api || select.value === current) return;
    this._busy = true;
    this._problem = '';
    try {
      await switchWorkspace(this.api, select.value);
      appNavigation.reload();
    } catch (error) {
      select.value = current;
      this._problem = `Could not switch: ${(error as Error).message}`;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    if (this._workspaces.length < 2 || !this.auth) return nothing;
    const current = this.auth.workspace.id;
    return html`<label class="visually-hidden" for="workspace">Switch workspace</label>
      <select id="workspace" ?disabled=${this._busy} @change=${this.onChange}>
        ${this._workspaces.map((w) => html`<option value=${w.id} ?selected=${w.id === current}>${w.name}</option>`)}
      </select>
      <span class="problem" role="alert">${this._problem}</span>`;
  }
}

export function defineRbWorkspaceSwitcher(tagName = 'rb-workspace-switcher'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbWorkspaceSwitcher);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-workspace-switcher': RbWorkspaceSwitcher;
  }
}
