import { html } from 'lit';
import { AdminSettingsPage } from '../admin-settings-page.js';

/**
 * Settings → Sign-in (`/app/settings/sign-in`): the shell in the main bundle; the settings are their own chunk.
 *
 * @tag rb-sign-in
 */
export class RbSignIn extends AdminSettingsPage {
  protected readonly heading = 'Sign-in';
  protected readonly adminsOnly = 'change how members sign in';

  protected loadBody(): Promise<unknown> {
    return import('./sign-in-settings.component.js');
  }

  protected renderBody() {
    return html`<rb-sign-in-settings .api=${this.api}></rb-sign-in-settings>`;
  }
}

export function defineRbSignIn(tagName = 'rb-sign-in'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbSignIn);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-sign-in': RbSignIn;
  }
}
