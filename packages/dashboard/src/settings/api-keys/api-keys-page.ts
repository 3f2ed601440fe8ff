import { html } from 'lit';
import { AdminSettingsPage } from '../admin-settings-page.js';

/**
 * Settings → API keys (`/app/settings/api-keys`): the shell in the main bundle; the list and form are their own chunk.
 *
 * @tag rb-api-keys
 */
export class RbApiKeys extends AdminSettingsPage {
  protected readonly heading = 'API keys';
  protected readonly adminsOnly = 'make and revoke API keys';

  protected loadBody(): Promise<unknown> {
    return import('./api-keys-settings.component.js');
  }

  protected renderBody() {
    return html`<rb-api-keys-settings .api=${this.api}></rb-api-keys-settings>`;
  }
}

export function defineRbApiKeys(tagName = 'rb-api-keys'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbApiKeys);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-api-keys': RbApiKeys;
  }
}
