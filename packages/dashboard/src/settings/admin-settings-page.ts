import { css, html } from 'lit';
import type { ApiClient, AuthInfo } from '../api/api-client.js';
import { settingsPath } from '../app/routes.js';
import { LazyPage } from '../lazy-page/lazy-page.js';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * A Settings page for admins only, under Settings: a link back, the page's `<h1>` (in the main bundle, so the app can
 * focus it), and for admins the body from its own chunk. Anyone else is told who may, and nothing is loaded or asked
 * of the server (it would refuse them with 403 anyway).
 */
export abstract class AdminSettingsPage extends LazyPage {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .up {
        margin: 0 0 0.25rem;
      }
    `,
  ];
  static override properties = { ...LazyPage.properties, api: { attribute: false }, auth: { attribute: false } };

  declare api: ApiClient;
  declare auth: AuthInfo | null | undefined;

  /** What only admins may do here, for the sentence others read. */
  protected abstract readonly adminsOnly: string;

  private get isAdmin(): boolean {
    return this.auth?.role === 'admin';
  }

  protected override wantsBody(): boolean {
    return this.isAdmin;
  }

  override render() {
    return html`<p class="up"><a href=${settingsPath}>Settings</a></p>
      ${this.isAdmin
        ? super.render()
        : html`<h1 tabindex="-1">${this.heading}</h1>
            <p>Only admins of ${this.auth?.workspace.name ?? 'this workspace'} can ${this.adminsOnly}.</p>`}`;
  }
}
