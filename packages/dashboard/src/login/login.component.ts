import { css, html, LitElement } from 'lit';
import { ApiProblem, type ApiClient, type AuthInfo } from '../api/api-client.js';
import { forgotPath, setupPath } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';

/** The message for a refused login, with the wait time of a rate limit. */
export function loginProblemMessage(error: unknown): string {
  if (!(error instanceof ApiProblem)) return 'Something went wrong. Please try again.';
  if (error.status === 401) return sentence(error.message) || 'The e-mail address or password is not right.';
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
  };

  declare api: ApiClient | undefined;
  /** No account exists yet: the first one is made on the setup page. */
  declare setupPending: boolean;
  declare private _error: string;
  declare private _busy: boolean;

  constructor() {
    super();
    this._error = '';
    this._busy = false;
    this.setupPending = false;
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
