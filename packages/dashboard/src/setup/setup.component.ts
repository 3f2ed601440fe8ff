import { html, LitElement, nothing } from 'lit';
import { ApiProblem, type ApiClient, type AuthInfo } from '../api/api-client.js';
import { BASE } from '../app/routes.js';
import { accountField, accountFormStyles, checkFields, type FieldErrors, fieldErrorsOf, type FieldSpec, focusFirstInvalid, formValues } from '../forms/account-form.js';
import { loginProblemMessage } from '../login/login.component.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { browserTimeZone, completeSetup } from './setup-api.js';

const FIELDS: FieldSpec[] = [
  {
    name: 'code',
    label: 'Setup code',
    autocomplete: 'off',
    code: true,
    hint: 'Printed in the server\'s start-up log, on the line “Setup code: …”.',
  },
  { name: 'workspaceName', label: 'Workspace name', autocomplete: 'organization', hint: 'Your team or company; you can make more workspaces later.' },
  { name: 'name', label: 'Your name', autocomplete: 'name' },
  { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'username' },
  { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', hint: 'At least 10 characters.' },
  { name: 'timeZone', label: 'Time zone', autocomplete: 'off', hint: 'Days and hours in analytics follow it (an IANA name such as Europe/Berlin).' },
];

/**
 * The first run: the person who started the server proves it with the setup code from its log, and makes the
 * workspace and its first admin. Fires `rb-login` once they are in; says so plainly when the server is set up
 * already (someone was quicker) or the code is wrong.
 *
 * @tag rb-setup
 * @csspart form - The form.
 * @event rb-login - `detail`: the `AuthInfo` of the new admin.
 */
export class RbSetup extends LitElement {
  static override styles = [sharedStyles, accountFormStyles];

  static override properties = {
    api: { attribute: false },
    _errors: { state: true },
    _problem: { state: true },
    _setUpAlready: { state: true },
    _busy: { state: true },
  };

  declare api: ApiClient | undefined;
  declare private _errors: FieldErrors;
  declare private _problem: string;
  declare private _setUpAlready: boolean;
  declare private _busy: boolean;
  private readonly timeZone = browserTimeZone();

  constructor() {
    super();
    this._errors = {};
    this._problem = '';
    this._setUpAlready = false;
    this._busy = false;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy || !this.api) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = formValues(form);
    this._errors = checkFields(values, FIELDS);
    this._problem = '';
    if (Object.keys(this._errors).length > 0) {
      this._problem = 'Please correct the fields marked below.';
      return focusFirstInvalid(this);
    }
    this._busy = true;
    try {
      const info = await completeSetup(this.api, {
        code: values.code!,
        workspaceName: values.workspaceName!,
        name: values.name!,
        email: values.email!,
        password: values.password!,
        timeZone: values.timeZone!,
      });
      this.dispatchEvent(new CustomEvent<AuthInfo>('rb-login', { detail: info, bubbles: true, composed: true }));
    } catch (error) {
      this.refused(error);
      await focusFirstInvalid(this);
    } finally {
      this._busy = false;
    }
  }

  private refused(error: unknown): void {
    if (error instanceof ApiProblem && (error.status === 409 || error.status === 410)) {
      this._setUpAlready = true;
      return;
    }
    if (error instanceof ApiProblem && error.status === 403) {
      this._errors = { code: 'This is not the setup code. Copy it from the server\'s start-up log; it looks like ABCD-EFGH-JKMN-PQRS.' };
      this._problem = 'The setup code is not right.';
      return;
    }
    this._errors = fieldErrorsOf(error, FIELDS);
    this._problem = error instanceof ApiProblem && error.status === 429 ? loginProblemMessage(error) : `Reelback could not be set up: ${loginProblemMessage(error)}`;
  }

  override render() {
    if (this._setUpAlready) {
      return html`<div class="card">
        <p class="product">Reelback</p>
        <h1 tabindex="-1">Reelback is set up already</h1>
        <p role="status">Someone has made the first workspace and admin with this setup code. Log in, or ask an admin of the workspace for an invite.</p>
        <p><a class="button" href="${BASE}/login">Log in</a></p>
      </div>`;
    }
    return html`<div class="card">
      <form part="form" method="post" action="/api/v1/setup" novalidate @submit=${this.submit}>
        <p class="product">Reelback</p>
        <h1 tabindex="-1">Set up Reelback</h1>
        <p>Create your workspace and its first admin: you. Invite your team once you are in.</p>
        ${FIELDS.map((field) => accountField(field.name === 'timeZone' ? { ...field, value: this.timeZone } : field, this._errors[field.name], this._busy))}
        <div class="error" role="alert">${this._problem || nothing}</div>
        <button class="button" type="submit" ?disabled=${this._busy}>${this._busy ? 'Setting up…' : 'Create workspace'}</button>
      </form>
    </div>`;
  }
}

export function defineRbSetup(tagName = 'rb-setup'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbSetup);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-setup': RbSetup;
  }
}
