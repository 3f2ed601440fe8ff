import { css, html, LitElement, nothing } from 'lit';
import type { SignInSettings } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { formatTime } from '../../util/format.js';
import { problemText } from '../../util/problem-text.js';
import { getSignInSettings, setPasswordsEnabled } from './sign-in-api.js';

/**
 * How the workspace's members sign in, for admins (its own chunk, under `<rb-sign-in>`): whether single sign-on is
 * configured on the server and signs in to this workspace, and the switch that turns passwords off (SSO only). The
 * switch is offered only when SSO can take over; the server refuses otherwise too.
 *
 * @tag rb-sign-in-settings
 */
export class RbSignInSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 48rem;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _settings: { state: true },
    _error: { state: true },
    _status: { state: true },
    _busy: { state: true },
  };

  declare api: ApiClient;
  declare private _settings: SignInSettings | null;
  declare private _error: string;
  declare private _status: string;
  declare private _busy: boolean;

  constructor() {
    super();
    this._settings = null;
    this._error = '';
    this._status = '';
    this._busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this._settings = await getSignInSettings(this.api);
    } catch (error) {
      this._error = problemText(error);
    }
  }

  private async toggle(event: Event): Promise<void> {
    const box = event.currentTarget as HTMLInputElement;
    const passwordsEnabled = box.checked;
    this._busy = true;
    this._error = '';
    this._status = '';
    try {
      this._settings = await setPasswordsEnabled(this.api, passwordsEnabled);
      this._status = passwordsEnabled ? 'Passwords work again for this workspace.' : 'Passwords are off: members sign in with single sign-on.';
    } catch (error) {
      box.checked = !passwordsEnabled;
      this._error = problemText(error);
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const s = this._settings;
    if (!s) return html`<p role="status">${this._error ? nothing : 'Loading…'}</p><div class="error" role="alert">${this._error}</div>`;
    const canTurnOff = s.ssoConfigured && s.ssoWorkspace;
    return html`
      <h2>Single sign-on</h2>
      <p data-sso>
        ${!s.ssoConfigured
          ? 'Single sign-on is not configured on this server (REELBACK_OIDC_ISSUER). See docs/sso.md.'
          : s.ssoWorkspace
            ? 'Single sign-on is on: people from the allowed e-mail domains sign in to this workspace with "Sign in with SSO".'
            : 'Single sign-on is on, but signs people in to another workspace (REELBACK_OIDC_WORKSPACE).'}
      </p>
      <h2>Passwords</h2>
      <label class="check">
        <input type="checkbox" name="passwords" .checked=${s.passwordsEnabled} ?disabled=${this._busy || (s.passwordsEnabled && !canTurnOff)} @change=${this.toggle} />
        <span>Members may sign in with a password</span>
      </label>
      <p>
        ${s.passwordsEnabled
          ? canTurnOff
            ? 'Turn this off to allow single sign-on only: password login and password resets are refused for every member of this workspace.'
            : 'Passwords can only be turned off while single sign-on signs people in to this workspace, so nobody is locked out.'
          : html`Passwords are off since ${formatTime(s.passwordsOffSince ?? '')}: members sign in with single sign-on only.`}
      </p>
      <p role="status">${this._status}</p>
      <div class="error" role="alert">${this._error}</div>
    `;
  }
}

export function defineRbSignInSettings(tagName = 'rb-sign-in-settings'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbSignInSettings);
}

defineRbSignInSettings();

declare global {
  interface HTMLElementTagNameMap {
    'rb-sign-in-settings': RbSignInSettings;
  }
}
