import { html, LitElement, nothing } from 'lit';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { BASE } from '../app/routes.js';
import { loginProblemMessage, sentence } from '../login/login.component.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { requestReset } from './password-api.js';
import { signedOutStyles } from './signed-out.styles.js';

/**
 * "Forgot password?" (`/app/forgot`): asks for a reset link by e-mail. The server answers the same whether or not the
 * address has an account, so this page says the same too, and where to turn when no e-mail comes (an admin can make
 * a link on servers that send no e-mail).
 *
 * @tag rb-forgot-password
 */
export class RbForgotPassword extends LitElement {
  static override styles = [sharedStyles, signedOutStyles];

  static override properties = {
    api: { attribute: false },
    _busy: { state: true },
    _problem: { state: true },
    _sentTo: { state: true },
  };

  declare api: ApiClient;
  declare private _busy: boolean;
  declare private _problem: string;
  /** The address asked for, once the server took the request. */
  declare private _sentTo: string;

  constructor() {
    super();
    this._busy = false;
    this._problem = '';
    this._sentTo = '';
  }

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this._busy) return;
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      this._problem = 'Please enter the e-mail address you log in with.';
      return;
    }
    this._problem = '';
    this._busy = true;
    try {
      await requestReset(this.api, email);
      this._sentTo = email;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
    } catch (error) {
      this._problem = error instanceof ApiProblem && error.status === 429 ? loginProblemMessage(error) : error instanceof ApiProblem ? sentence(error.message) : 'Something went wrong. Please try again.';
    } finally {
      this._busy = false;
    }
  };

  override render() {
    if (this._sentTo) {
      return html`<section class="card" aria-labelledby="title">
        <p class="product">Reelback</p>
        <h1 id="title" tabindex="-1">Check your e-mail</h1>
        <p>If an account uses <strong>${this._sentTo}</strong>, a link to set a new password is on its way. It works once, for 30 minutes.</p>
        <p class="muted">No e-mail after a few minutes? Look in your spam folder, or ask an admin of your workspace: they can make a reset link for you in Settings → Members.</p>
        <p><a href="${BASE}/login">Back to log in</a></p>
      </section>`;
    }
    return html`<form class="card" method="post" action="/api/v1/auth/password-reset" novalidate aria-labelledby="title" @submit=${this.onSubmit}>
      <p class="product">Reelback</p>
      <h1 id="title" tabindex="-1">Forgot your password?</h1>
      <p>Enter the e-mail address you log in with, and we will send you a link to set a new password.</p>
      <div class="field">
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required ?readonly=${this._busy} />
      </div>
      <div class="error" role="alert">${this._problem}</div>
      <button class="button" type="submit" ?disabled=${this._busy}>${this._busy ? 'Sending…' : 'Send me a link'}</button>
      ${this._busy ? nothing : html`<p><a href="${BASE}/login">Back to log in</a></p>`}
    </form>`;
  }
}

export function defineRbForgotPassword(tagName = 'rb-forgot-password'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbForgotPassword);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-forgot-password': RbForgotPassword;
  }
}
