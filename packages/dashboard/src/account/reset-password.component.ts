import { html, LitElement, nothing } from 'lit';
import type { PasswordResetLinkInfo } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { BASE, forgotPath } from '../app/routes.js';
import { loginProblemMessage, sentence } from '../login/login.component.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { newPasswordFields, newPasswordProblem } from './new-password.js';
import { checkReset, confirmReset } from './password-api.js';
import { signedOutStyles } from './signed-out.styles.js';

/** What the page shows: checking the link, the form, the link's refusal, or done. */
type State = { step: 'checking' } | { step: 'form'; link: PasswordResetLinkInfo } | { step: 'refused'; title: string; message: string } | { step: 'done'; email: string };

/** The token of a reset link (`/app/reset#token=…`); '' when there is none. */
export function resetTokenFrom(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

function refusal(error: unknown): { title: string; message: string } {
  if (error instanceof ApiProblem) {
    if (error.code === 'reset-used') return { title: 'This link was used already', message: 'Each reset link works once. If you still need a new password, ask for another link.' };
    if (error.code === 'reset-expired') return { title: 'This link has expired', message: 'Reset links work for a short while only. Ask for a new one.' };
    if (error.code === 'reset-invalid') return { title: 'This link does not work', message: 'It may be incomplete: copy the whole link from the e-mail, or ask for a new one.' };
  }
  return { title: 'The link could not be checked', message: error instanceof ApiProblem && error.status === 429 ? loginProblemMessage(error) : 'Please try again in a moment.' };
}

/**
 * The page a reset link opens (`/app/reset#token=…`): the token is read from the fragment (never sent in a URL) and
 * then taken out of the address bar; the link is checked first, so a used or expired one says so before anyone types
 * a password; then a new password, twice. Setting it signs the account out everywhere.
 *
 * @tag rb-reset-password
 */
export class RbResetPassword extends LitElement {
  static override styles = [sharedStyles, signedOutStyles];

  static override properties = {
    api: { attribute: false },
    _state: { state: true },
    _busy: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient;
  declare private _state: State;
  declare private _busy: boolean;
  declare private _problem: string;
  private token = '';

  constructor() {
    super();
    this._state = { step: 'checking' };
    this._busy = false;
    this._problem = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.token = resetTokenFrom(location.hash);
    // Out of the address bar (and so out of history and screenshots) once read.
    if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
    void this.check();
  }

  private async check(): Promise<void> {
    if (!this.token) {
      this._state = { step: 'refused', ...refusal(new ApiProblem(404, '', null, { code: 'reset-invalid' })) };
      return;
    }
    try {
      this._state = { step: 'form', link: await checkReset(this.api, this.token) };
    } catch (error) {
      this._state = { step: 'refused', ...refusal(error) };
    }
  }

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this._busy || this._state.step !== 'form') return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const password = String(data.get('newPassword') ?? '');
    this._problem = newPasswordProblem(password, String(data.get('repeatPassword') ?? ''));
    if (this._problem) {
      form.querySelector<HTMLInputElement>('#new-password')?.focus();
      return;
    }
    const email = this._state.link.email;
    this._busy = true;
    try {
      await confirmReset(this.api, this.token, password);
      this._state = { step: 'done', email };
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400) this._problem = sentence(error.issues[0]?.message ?? error.message);
      else if (error instanceof ApiProblem && (error.status === 404 || error.status === 410)) this._state = { step: 'refused', ...refusal(error) };
      else this._problem = error instanceof ApiProblem ? sentence(error.message) : 'Something went wrong. Please try again.';
    } finally {
      this._busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this._problem ? '#new-password' : 'h1')?.focus();
  };

  override render() {
    const state = this._state;
    const head = html`<p class="product">Reelback</p>`;
    switch (state.step) {
      case 'checking':
        return html`<section class="card" aria-labelledby="title">${head}<h1 id="title" tabindex="-1">Set a new password</h1><p role="status">Checking your link…</p></section>`;
      case 'refused':
        return html`<section class="card" aria-labelledby="title">
          ${head}
          <h1 id="title" tabindex="-1">${state.title}</h1>
          <p role="alert">${state.message}</p>
          <p><a href=${forgotPath}>Ask for a new link</a> · <a href="${BASE}/login">Log in</a></p>
        </section>`;
      case 'done':
        return html`<section class="card" aria-labelledby="title">
          ${head}
          <h1 id="title" tabindex="-1">Your password is set</h1>
          <p role="status">Log in as ${state.email} with your new password. Every session of this account was signed out.</p>
          <p><a class="button" href="${BASE}/login">Log in</a></p>
        </section>`;
      case 'form':
        return html`<form class="card" novalidate aria-labelledby="title" @submit=${this.onSubmit}>
          ${head}
          <h1 id="title" tabindex="-1">Set a new password</h1>
          <p>For <strong>${state.link.email}</strong>. Setting it signs this account out everywhere.</p>
          <input type="email" name="username" autocomplete="username" .value=${state.link.email} hidden />
          ${newPasswordFields({ busy: this._busy, problem: this._problem })}
          <button class="button" type="submit" ?disabled=${this._busy}>${this._busy ? 'Setting…' : 'Set password'}</button>
          ${this._busy ? nothing : html`<p><a href="${BASE}/login">Back to log in</a></p>`}
        </form>`;
    }
  }
}

export function defineRbResetPassword(tagName = 'rb-reset-password'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbResetPassword);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-reset-password': RbResetPassword;
  }
}
