import { html, LitElement } from 'lit';
import type { ApiClient, AuthInfo } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * Workspace settings: the backlog tracker (admins) and the workspaces the user belongs to.
 * (Being built in #5: only the page heading exists so far.)
 *
 * @tag rb-settings
 */
export class RbSettings extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { api: { attribute: false }, auth: { attribute: false } };
  declare api: ApiClient;
  declare auth: AuthInfo | null | undefined;

  override render() {
    return html`<h1 tabindex="-1">Settings</h1>`;
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
