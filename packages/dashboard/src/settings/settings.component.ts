import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ApiClient, AuthInfo } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { apiKeysPath, auditLogPath, signInSettingsPath } from '../app/routes.js';
import { listAdmins, type Member } from './tracker-api.js';
import { defineRbTrackerSettings } from './tracker-settings.component.js';
import { appNavigation, listWorkspaces, switchWorkspace, type WorkspaceList } from './workspaces-api.js';

defineRbTrackerSettings();

const ROLES: Record<string, string> = { admin: 'Admin', owner: 'Owner', manager: 'Manager' };

/**
 * Settings: the workspaces the person belongs to (switch with `POST /auth/workspace`, then the dashboard
 * starts over there), for admins the members and invites, and the workspace's backlog tracker — a form for admins,
 * who to ask for everyone else.
 *
 * @tag rb-settings
 */
export class RbSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      section {
        margin-bottom: 2rem;
      }
      h2 {
        font-size: 1.125rem;
        margin: 0 0 0.5rem;
      }
      .workspaces {
        list-style: none;
        margin: 0;
        padding: 0;
        max-width: 36rem;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-surface, #fff);
      }
      .workspaces li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        padding: 0.5rem 0.75rem;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
      }
      .workspaces li:last-child {
        border-bottom: 0;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .end {
        margin-left: auto;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    auth: { attribute: false },
    _workspaces: { state: true },
    _workspacesProblem: { state: true },
    _switching: { state: true },
    _switchProblem: { state: true },
    _admins: { state: true },
    _webhooks: { state: true },
    _members: { state: true },
  };

  declare api: ApiClient;
  declare auth: AuthInfo | null | undefined;
  declare private _workspaces: WorkspaceList | null;
  declare private _workspacesProblem: string;
  /** The workspace being switched to. */
  declare private _switching: string;
  declare private _switchProblem: string;
  /** The workspace's admins, for people who must ask one; null when unknown. */
  declare private _admins: Member[] | null;
  /** Admins' webhooks section is its own chunk: '' while loading, true once defined, or why it failed. */
  declare private _webhooks: boolean | string;
  /** Admins' members section is its own chunk, as the webhooks one. */
  declare private _members: boolean | string;

  constructor() {
    super();
    this._workspaces = null;
    this._workspacesProblem = '';
    this._switching = '';
    this._switchProblem = '';
    this._admins = null;
    this._webhooks = '';
    this._members = '';
  }

  private get isAdmin(): boolean {
    return this.auth?.role === 'admin';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('auth')) && this.api && this.auth) void this.load(this.api, this.auth);
  }

  private async load(api: ApiClient, auth: AuthInfo): Promise<void> {
    this._workspacesProblem = '';
    const admins = auth.role === 'admin' ? Promise.resolve(null) : listAdmins(api).catch(() => null);
    if (auth.role === 'admin' && this._members !== true) {
      import('./members/members-settings.component.js').then(
        () => (this._members = true),
        (error: unknown) => (this._members = `This section could not be loaded (${(error as Error).message}). Reload the page to try again.`),
      );
    }
    if (auth.role === 'admin' && this._webhooks !== true) {
      import('./webhooks-settings.component.js').then(
        () => (this._webhooks = true),
        (error: unknown) => (this._webhooks = `This section could not be loaded (${(error as Error).message}). Reload the page to try again.`),
      );
    }
    try {
      this._workspaces = await listWorkspaces(api);
    } catch (error) {
      this._workspacesProblem = `Your workspaces could not be loaded: ${(error as Error).message}`;
    }
    this._admins = await admins;
  }

  private async switchTo(workspaceId: string): Promise<void> {
    if (this._switching) return;
    this._switching = workspaceId;
    this._switchProblem = '';
    try {
      await switchWorkspace(this.api, workspaceId);
      appNavigation.reload();
    } catch (error) {
      this._switchProblem = `Could not switch workspace: ${(error as Error).message}`;
    } finally {
      this._switching = '';
    }
  }

  private renderWorkspaces() {
    const list = this._workspaces;
    if (!list) {
      return this._workspacesProblem ? html`<p class="error" role="alert">${this._workspacesProblem}</p>` : html`<p role="status">Loading your workspaces…</p>`;
    }
    return html`<ul class="workspaces" aria-labelledby="workspaces-title">
        ${list.workspaces.map((w) => {
          const current = w.id === list.currentWorkspaceId;
          return html`<li aria-current=${current ? 'true' : nothing}>
            <span class="name">${w.name}</span>
            <span class="badge">${ROLES[w.role] ?? w.role}</span>
            <span class="end">
              ${current
                ? html`<span class="muted">Current workspace</span>`
                : html`<button class="button quiet" type="button" ?disabled=${this._switching !== ''} @click=${() => this.switchTo(w.id)}>
                    Switch<span class="visually-hidden"> to ${w.name}</span>
                  </button>`}
            </span>
          </li>`;
        })}
      </ul>
      <p role="status">${this._switching ? 'Switching…' : ''}</p>
      <p class="error" role="alert">${this._switchProblem}</p>`;
  }

  private renderTracker() {
    if (this.isAdmin) return html`<rb-tracker-settings .api=${this.api}></rb-tracker-settings>`;
    const admins = this._admins;
    return html`<p>Only admins can set up the backlog tracker that answers are sent to.</p>
      ${admins && admins.length
        ? html`<p id="ask">Ask an admin of ${this.auth?.workspace.name ?? 'this workspace'}:</p>
            <ul aria-labelledby="ask">
              ${admins.map((a) => html`<li>${a.name || a.email} (<a href="mailto:${a.email}">${a.email}</a>)</li>`)}
            </ul>`
        : html`<p>Ask an admin of ${this.auth?.workspace.name ?? 'this workspace'}.</p>`}`;
  }

  override render() {
    return html`
      <h1 tabindex="-1">Settings</h1>
      <section aria-labelledby="workspaces-title">
        <h2 id="workspaces-title">Workspaces</h2>
        ${this.auth ? this.renderWorkspaces() : nothing}
      </section>
      ${this.isAdmin
        ? html`<section aria-labelledby="members-title">
            <h2 id="members-title">Members</h2>
            ${this._members === true
              ? html`<rb-members-settings .api=${this.api} me=${this.auth?.user.id ?? ''}></rb-members-settings>`
              : this._members
                ? html`<p class="error" role="alert">${this._members}</p>`
                : html`<p role="status">Loading…</p>`}
          </section>`
        : nothing}
      <section aria-labelledby="tracker-title">
        <h2 id="tracker-title">Backlog tracker</h2>
        ${this.auth ? this.renderTracker() : nothing}
      </section>
      ${this.isAdmin
        ? html`<section aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">Webhooks</h2>
            ${this._webhooks === true
              ? html`<rb-webhooks-settings .api=${this.api}></rb-webhooks-settings>`
              : this._webhooks
                ? html`<p class="error" role="alert">${this._webhooks}</p>`
                : html`<p role="status">Loading…</p>`}
          </section>
          <section aria-labelledby="admin-pages-title">
            <h2 id="admin-pages-title">Keys and audit</h2>
            <ul>
              <li><a href=${apiKeysPath}>API keys</a>: keys for scripts, integrations and the export command, each with a scope and an optional expiry.</li>
              <li><a href=${signInSettingsPath}>Sign-in</a>: single sign-on, and turning passwords off for this workspace.</li>
              <li><a href=${auditLogPath}>Audit log</a>: who invited whom, changed roles, made keys, changed the tracker or webhooks, erased a viewer or published a flow.</li>
            </ul>
          </section>`
        : nothing}
    `;
  }
}

export function defineRbSettings(tagName = 'rb-settings'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbSettings);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-settings': RbSettings;
  }
}
