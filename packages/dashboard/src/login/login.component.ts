import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { SignInOptions, SsoErrorCode } from '@reelback/shared';
import { ApiProblem, type ApiClient, type AuthInfo } from '../api/api-client.js';
import { forgotPath, setupPath } from '../app/routes.js';
import { signInOptions } from '../settings/sign-in/sign-in-api.js';
import { sharedStyles } from '../styles/shared.styles.js';

/** Why a single sign-on came back refused (`?sso_error=` from the server), in words; the provider's text is never shown. */
export const SSO_ERROR_WORDS: Record<SsoErrorCode, string> = {
  'state-mismatch': 'The single sign-on did not match one started here (it may have taken too long). Please try again.',
  'nonce-mismatch': 'The sign-in from your provider did not match the one started here. Please try again.',
  'wrong-audience': 'Your provider answered for another application. Ask your admin to check the SSO client settings.',
  'token-invalid': 'The answer from your provider failed a security check. Please try again, or ask your admin.',
  'email-unverified': 'Your provider has not verified your e-mail address, so it cannot be used to sign in here.',
  'domain-not-allowed': 'Your e-mail address is not from a domain that may sign in here. Ask your admin.',
  'provider-unavailable': 'The single sign-on provider cannot be reached right now. Please try again later.',
  'provider-refused': 'Your provider did not sign you in.',
  'no-workspace': 'Reelback is not set up yet, so nobody can sign in with SSO.',
};

/** The `sso_error` of the page's address in words, or ''. */
export function ssoErrorMessage(search: string): string {
  const code = new URLSearchParams(search).get('sso_error');
  if (!code) return '';
  return SSO_ERROR_WORDS[code as SsoErrorCode] ?? 'The single sign-on did not work. Please try again.';
}

/** The message for a refused login, with the wait time of a rate limit. */
export function loginProblemMessage(error: unknown): string {
  if (!(error instanceof ApiProblem)) return 'Something went wrong. Please try again.';
  if (error.status === 401) return sentence(error.message) || 'The e-mail address or password is not right.';
  if (error.status === 403 && error.code === 'passwords-disabled') return 'Passwords are turned off for your workspace: use "Sign in with SSO".';
  if (error.status === 429) {
    const wait = error.retryAfterSeconds;
    if (wait === null) return 'Too many attempts. Please wait a little before trying again.';
    const minutes = Math.ceil(wait / 60);
    const span = wait < 90 ? `${wait} second${wait === 1 ? '' : 's'}` : `${minutes} minutes`;
    return `Too many attempts. Please wait ${span} before trying again.`;
  }
  return sentence(error.message);
}

/** The server's messages start in lower case (they are written to be quoted); shown alone, they start a sentence. */
export function sentence(message: string): string {
  const text = message.trim();
  return text && text[0]!.toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

/**
 * The login form: e-mail and password, posted as JSON to `/api/v1/auth/login` (never in a URL).
 * Fires `rb-login` with the signed-in user when it works; announces problems in an alert. While the server has
 * no account at all (`setupPending`), there is nobody to log in as: it says so and links the setup page instead.
 *
 * @tag rb-login
 * @csspart form - The form.
 * @csspart error - The alert that announces a refused login.
 * @event rb-login - `detail`: the `AuthInfo` of the signed-in user.
 */
export class RbLogin extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 24rem;
        margin: 10vh auto 0;
        padding: 0 var(--rb-space, 1rem);
      }
      form,
      .form {
        display: grid;
        gap: var(--rb-space, 1rem);
        padding: 1.5rem;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius-large, 10px);
        background: var(--rb-surface, #fff);
      }
      .forgot {
        margin: 0;
      }
      .sso {
        display: grid;
        gap: 0.5rem;
      }
      .sso p {
        margin: 0;
      }
      .or {
        color: var(--rb-muted, #545968);
        font-size: 0.9rem;
      }
      .product {
        font-weight: 600;
        color: var(--rb-muted, #545968);
        margin: 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    setupPending: { type: Boolean, attribute: 'setup-pending' },
    _error: { state: true },
    _busy: { state: true },
    _options: { state: true },
  };

  declare api: ApiClient | undefined;
  /** No account exists yet: the first one is made on the setup page. */
  declare setupPending: boolean;
  declare private _error: string;
  declare private _busy: boolean;
  /** From `/auth/sign-in-options`: the SSO button and whether passwords are off; null until known. */
  declare private _options: SignInOptions | null;
  private optionsAsked = false;

  constructor() {
    super();
    this._options = null;
    this._error = ssoErrorMessage(location.search);
    this._busy = false;
    this.setupPending = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.api && !this.optionsAsked) {
      this.optionsAsked = true;
      // Without the answer the page is the plain password form: SSO is offered only when the server says so.
      signInOptions(this.api).then(
        (options) => (this._options = options),
        () => {},
      );
    }
  }

  private renderSso() {
    const sso = this._options?.sso;
    if (!sso) return nothing;
    return html`<div class="sso">
      ${this._options?.passwords === false ? html`<p>This workspace signs in with single sign-on.</p>` : nothing}
      <a class="button" href=${sso.startUrl}>Sign in with SSO</a>
      <p class="or">or with your e-mail and password</p>
    </div>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy || !this.api) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      this._error = 'Please enter your e-mail address and password.';
      return;
    }
    this._error = '';
    this._busy = true;
    try {
      const info = await this.api.login(email, password);
      this.dispatchEvent(new CustomEvent<AuthInfo>('rb-login', { detail: info, bubbles: true, composed: true }));
    } catch (error) {
      this._error = loginProblemMessage(error);
      const field = form.querySelector<HTMLInputElement>('input[name=password]');
      if (field) field.value = '';
    } finally {
      this._busy = false;
    }
  }

  override render() {
    if (this.setupPending) {
      return html`<div part="form" class="form">
        <p class="product">Reelback</p>
        <h1 tabindex="-1">Log in</h1>
        <p role="status">No account exists yet: this Reelback is waiting to be set up. Whoever started the server has the setup code.</p>
        <p><a class="button" href=${setupPath}>Set up Reelback</a></p>
      </div>`;
    }
    // method=post: even before the script runs, a submit can never put the password in a URL.
    return html`
      <form part="form" method="post" action="/api/v1/auth/login" novalidate @submit=${this.submit}>
        <p class="product">Reelback</p>
        <h1 tabindex="-1">Log in</h1>
        ${this.renderSso()}
        <div class="field">
          <label for="email">E-mail</label>
          <input id="email" name="email" type="email" autocomplete="username" required ?readonly=${this._busy} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required ?readonly=${this._busy} />
        </div>
        <div class="error" part="error" role="alert">${this._error}</div>
        <button class="button" type="submit" ?disabled=${this._busy}>${this._busy ? 'Logging in…' : 'Log in'}</button>
        <p class="forgot"><a href=${forgotPath}>Forgot password?</a></p>
      </form>
    `;
  }
}

export function defineRbLogin(tagName = 'rb-login'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbLogin);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-login': RbLogin;
  }
  interface GlobalEventHandlersEventMap {
    'rb-login': CustomEvent<AuthInfo>;
  }
}
