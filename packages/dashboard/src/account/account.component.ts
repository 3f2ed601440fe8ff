import { css, html, LitElement, nothing } from 'lit';
import { ApiProblem, type ApiClient, type AuthInfo } from '../api/api-client.js';
import { loginProblemMessage, sentence } from '../login/login.component.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { newPasswordFields, newPasswordProblem } from './new-password.js';
import { changePassword } from './password-api.js';

/**
 * Your account (`/app/account`): who you are signed in as, and changing your password with the current one. Once
 * changed, this session stays and every other session of yours (other browsers, other workspaces) is signed out.
 *
 * @tag rb-account
 */
export class RbAccount extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 32rem;
      }
      form {
        display: grid;
        gap: var(--rb-space, 1rem);
      }
      h2 {
        font-size: 1.125rem;
        margin: 1.5rem 0 0.5rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      button {
        justify-self: start;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    auth: { attribute: false },
    _busy: { state: true },
    _currentProblem: { state: true },
    _newProblem: { state: true },
    _problem: { state: true },
    _done: { state: true },
  };

  declare api: ApiClient;
  declare auth: AuthInfo | null | undefined;
  declare private _busy: boolean;
  /** What is wrong with the current password typed. */
  declare private _currentProblem: string;
  declare private _newProblem: string;
  /** Anything else (rate limit, server trouble). */
  declare private _problem: string;
  declare private _done: boolean;

  constructor() {
    super();
    this._busy = false;
    this._currentProblem = '';
    this._newProblem = '';
    this._problem = '';
    this._done = false;
  }

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this._busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const current = String(data.get('currentPassword') ?? '');
    const next = String(data.get('newPassword') ?? '');
    this._done = false;
    this._problem = '';
    this._currentProblem = current ? '' : 'Type your current password.';
    this._newProblem = newPasswordProblem(next, String(data.get('repeatPassword') ?? ''));
    if (this._currentProblem || this._newProblem) {
      await this.updateComplete;
      form.querySelector<HTMLInputElement>(this._currentProblem ? '#current-password' : '#new-password')?.focus();
      return;
    }
    this._busy = true;
    try {
      await changePassword(this.api, current, next);
      form.reset();
      this._done = true;
    } catch (error) {
      this.refused(error);
      await this.updateComplete;
      form.querySelector<HTMLInputElement>(this._currentProblem ? '#current-password' : '#new-password')?.focus();
    } finally {
      this._busy = false;
    }
  };

  private refused(error: unknown): void {
    if (!(error instanceof ApiProblem)) {
      this._problem = 'Something went wrong. Please try again.';
      return;
    }
    if (error.code === 'wrong-password') this._currentProblem = 'That is not your current password.';
    else if (error.code === 'same-password') this._newProblem = 'That is your current password: choose a new one.';
    else if (error.status === 400) this._newProblem = sentence(error.issues.find((i) => i.path[0] === 'newPassword')?.message ?? error.message);
    else this._problem = error.status === 429 ? loginProblemMessage(error) : sentence(error.message);
  }

  override render() {
    const auth = this.auth;
    return html`<h1 tabindex="-1">Your account</h1>
      ${auth
        ? html`<dl>
            <dt>Name</dt>
            <dd>${auth.user.name || '—'}</dd>
            <dt>E-mail</dt>
            <dd>${auth.user.email}</dd>
          </dl>`
        : nothing}
      <h2 id="password-title">Change your password</h2>
      <form aria-labelledby="password-title" novalidate @submit=${this.onSubmit}>
        <div class="field">
          <label for="current-password">Current password</label>
          <input
            id="current-password"
            name="currentPassword"
            type="password"
            autocomplete="current-password"
            required
            aria-describedby="current-password-problem"
            aria-invalid=${this._currentProblem ? 'true' : 'false'}
            ?readonly=${this._busy}
          />
          <span id="current-password-problem" class="error" role="alert">${this._currentProblem}</span>
        </div>
        ${newPasswordFields({ busy: this._busy, problem: this._newProblem })}
        <p class="error" role="alert">${this._problem}</p>
        <p role="status">${this._done ? 'Your password is changed. You stay signed in here; your other sessions were signed out.' : ''}</p>
        <button class="button" type="submit" ?disabled=${this._busy}>${this._busy ? 'Changing…' : 'Change password'}</button>
      </form>`;
  }
}

export function defineRbAccount(tagName = 'rb-account'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAccount);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-account': RbAccount;
  }
}
