import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiProblem, type ApiClient, type AuthInfo } from '../api/api-client.js';
import { BASE, requestLogout, requestNavigation } from '../app/routes.js';
import { accountField, accountFormStyles, checkFields, type FieldErrors, fieldErrorsOf, type FieldSpec, focusFirstInvalid, formValues } from '../forms/account-form.js';
import { loginProblemMessage } from '../login/login.component.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { acceptInvite, type InvitePreview, joinInvite, previewInvite } from './invite-api.js';
import { forgetInviteToken, inviteToken } from './invite-token.js';

const ROLES: Record<string, string> = {
  manager: 'a manager (reads and analyses answers)',
  owner: 'an owner (also edits flows and reviews answers)',
  admin: 'an admin (also invites people and runs the workspace)',
};

type Mode = 'new' | 'existing';

const EMAIL: FieldSpec = { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'username' };
const NAME: FieldSpec = { name: 'name', label: 'Your name', autocomplete: 'name' };
const NEW_PASSWORD: FieldSpec = { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', hint: 'At least 10 characters.' };
const PASSWORD: FieldSpec = { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', hint: 'The password of your Reelback account.' };

/**
 * An invite link (`/app/invite#token=…`): shows the workspace and the role, then lets the person in. Logged out:
 * a new account (name and password) or an existing one (its password) accepts. Logged in as the invited e-mail (or
 * for an invite without one): a Join button. Logged in as someone else: says so, and offers to sign out and go on
 * (the token is kept in this tab). Used, expired or unknown invites say so plainly.
 *
 * @tag rb-invite
 * @event rb-login - `detail`: the `AuthInfo` once the person is in the invite's workspace.
 */
export class RbInvite extends LitElement {
  static override styles = [
    sharedStyles,
    accountFormStyles,
    css`
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      legend {
        padding: 0;
        margin-bottom: 0.25rem;
      }
      .choice {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .who {
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    auth: { attribute: false },
    _token: { state: true },
    _preview: { state: true },
    _loadProblem: { state: true },
    _mode: { state: true },
    _errors: { state: true },
    _problem: { state: true },
    _busy: { state: true },
  };

  declare api: ApiClient | undefined;
  /** Who is logged in (null: nobody). */
  declare auth: AuthInfo | null | undefined;
  declare private _token: string | null;
  /** undefined while loading; null when it could not be loaded (`_loadProblem` says why). */
  declare private _preview: InvitePreview | null | undefined;
  declare private _loadProblem: { kind: 'unknown' | 'failed'; message: string } | null;
  declare private _mode: Mode;
  declare private _errors: FieldErrors;
  declare private _problem: string;
  declare private _busy: boolean;

  constructor() {
    super();
    this.auth = null;
    this._token = null;
    this._preview = undefined;
    this._loadProblem = null;
    this._mode = 'new';
    this._errors = {};
    this._problem = '';
    this._busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._token = inviteToken();
  }

  protected override firstUpdated(): void {
    void this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Signed out to accept as someone else: the form starts afresh.
    if (changed.has('auth')) {
      this._errors = {};
      this._problem = '';
    }
  }

  private async load(): Promise<void> {
    if (!this.api || !this._token) return;
    this._preview = undefined;
    this._loadProblem = null;
    try {
      const preview = await previewInvite(this.api, this._token);
      this._preview = preview;
      this._mode = preview.hasAccount ? 'existing' : 'new';
      if (preview.state !== 'pending') forgetInviteToken();
    } catch (error) {
      this._preview = null;
      if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) {
        forgetInviteToken();
        this._loadProblem = { kind: 'unknown', message: '' };
      } else {
        this._loadProblem = { kind: 'failed', message: loginProblemMessage(error) };
      }
    }
  }

  private fields(preview: InvitePreview): FieldSpec[] {
    const email = preview.email ? { ...EMAIL, readonly: true, value: preview.email } : EMAIL;
    return this._mode === 'new' ? [email, NAME, NEW_PASSWORD] : [email, PASSWORD];
  }

  private entered(info: AuthInfo): void {
    forgetInviteToken();
    this.dispatchEvent(new CustomEvent<AuthInfo>('rb-login', { detail: info, bubbles: true, composed: true }));
    requestNavigation(this, `${BASE}/`);
  }

  private async accept(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const preview = this._preview;
    if (this._busy || !this.api || !this._token || !preview) return;
    const fields = this.fields(preview);
    const values = formValues(event.currentTarget as HTMLFormElement);
    this._errors = checkFields(values, fields);
    this._problem = '';
    if (Object.keys(this._errors).length > 0) {
      this._problem = 'Please correct the fields marked below.';
      return focusFirstInvalid(this);
    }
    this._busy = true;
    try {
      const body = { token: this._token, email: values.email!, password: values.password!, ...(this._mode === 'new' ? { name: values.name! } : {}) };
      this.entered(await acceptInvite(this.api, body));
    } catch (error) {
      await this.refused(error, fields);
    } finally {
      this._busy = false;
    }
  }

  private async join(): Promise<void> {
    if (this._busy || !this.api || !this._token) return;
    this._busy = true;
    this._problem = '';
    try {
      this.entered(await joinInvite(this.api, this._token));
    } catch (error) {
      await this.refused(error, []);
    } finally {
      this._busy = false;
    }
  }

  private async refused(error: unknown, fields: FieldSpec[]): Promise<void> {
    const status = error instanceof ApiProblem ? error.status : 0;
    if (status === 404 || status === 410) {
      // Used or expired meanwhile: the preview says which.
      await this.load();
      return;
    }
    if (status === 401 && this.auth === null) {
      this._errors = { password: this._mode === 'existing' ? 'This password is not right for this account.' : 'This e-mail has an account already: choose “I have an account” and enter its password.' };
      this._problem = 'The invite was not accepted.';
    } else if (status === 409) {
      this._problem = `You are a member of ${this._preview?.workspace.name ?? 'this workspace'} already.${this.auth ? ' Switch to it in Settings.' : ' Log in instead.'}`;
    } else {
      this._errors = fieldErrorsOf(error, fields);
      this._problem = `The invite was not accepted: ${loginProblemMessage(error)}`;
    }
    await focusFirstInvalid(this);
  }

  private signOutAndContinue(): void {
    requestLogout(this, `${location.pathname}${location.search}${location.hash}`);
  }

  private renderMessage(title: string, text: string) {
    const next = this.auth ? html`<a href="${BASE}/">Go to your dashboard</a>` : html`<a href="${BASE}/login">Log in</a>`;
    return html`<div class="card">
      <p class="product">Reelback</p>
      <h1 tabindex="-1">${title}</h1>
      <p>${text}</p>
      <p>${next}</p>
    </div>`;
  }

  private renderModeChoice() {
    const choose = (mode: Mode) => () => {
      this._mode = mode;
      this._errors = {};
      this._problem = '';
    };
    return html`<fieldset>
      <legend>Do you have a Reelback account?</legend>
      <label class="choice"><input type="radio" name="mode" value="new" .checked=${this._mode === 'new'} @change=${choose('new')} /> No, I am new here</label>
      <label class="choice"><input type="radio" name="mode" value="existing" .checked=${this._mode === 'existing'} @change=${choose('existing')} /> Yes, I have an account</label>
    </fieldset>`;
  }

  private renderAccept(preview: InvitePreview) {
    const auth = this.auth;
    if (auth && preview.email && preview.email !== auth.user.email.toLowerCase()) {
      return html`<p class="who">You are signed in as <strong>${auth.user.email}</strong>, but this invite is for <strong>${preview.email}</strong>.</p>
        <div class="error" role="alert">${this._problem || nothing}</div>
        <div class="actions"><button class="button" type="button" @click=${this.signOutAndContinue}>Sign out and continue as ${preview.email}</button></div>`;
    }
    if (auth) {
      return html`<p class="who">You are signed in as <strong>${auth.user.email}</strong>.</p>
        <div class="error" role="alert">${this._problem || nothing}</div>
        <div class="actions">
          <button class="button" type="button" ?disabled=${this._busy} @click=${this.join}>${this._busy ? 'Joining…' : `Join ${preview.workspace.name}`}</button>
        </div>`;
    }
    return html`<form method="post" action="/api/v1/auth/invites/accept" novalidate @submit=${this.accept}>
      ${preview.email === null ? this.renderModeChoice() : nothing}
      ${this.fields(preview).map((field) => accountField(field, this._errors[field.name], this._busy))}
      <div class="error" role="alert">${this._problem || nothing}</div>
      <button class="button" type="submit" ?disabled=${this._busy}>
        ${this._busy ? 'Joining…' : this._mode === 'new' ? 'Create account and join' : 'Log in and join'}
      </button>
    </form>`;
  }

  override render() {
    if (!this._token) {
      return this.renderMessage('This invite link is incomplete', 'The address has no invite in it. Open the link from your invite again, whole: it ends with #token= and a long code.');
    }
    const preview = this._preview;
    if (preview === undefined) return html`<div class="card"><p role="status">Loading the invite…</p></div>`;
    if (preview === null) {
      if (this._loadProblem?.kind === 'unknown') {
        return this.renderMessage(
          'This invite link does not work',
          'No invite has this link: it may have been withdrawn, or only part of the link was copied. Ask an admin of the workspace for a new invite.',
        );
      }
      return html`<div class="card">
        <h1 tabindex="-1">The invite could not be loaded</h1>
        <p class="error" role="alert">${this._loadProblem?.message}</p>
        <div class="actions"><button class="button" type="button" @click=${this.load}>Try again</button></div>
      </div>`;
    }
    const workspace = preview.workspace.name;
    if (preview.state === 'used') {
      return this.renderMessage('This invite was used already', `Each invite link works once. If you accepted it, log in; if not, ask an admin of ${workspace} for a new one.`);
    }
    if (preview.state === 'expired') {
      return this.renderMessage('This invite has expired', `Invites last 7 days. Ask an admin of ${workspace} for a new one.`);
    }
    return html`<div class="card">
      <p class="product">Reelback</p>
      <h1 tabindex="-1">Join ${workspace}</h1>
      <p>
        ${preview.invitedBy ?? 'An admin'} invited you to join <strong>${workspace}</strong> as ${ROLES[preview.role] ?? preview.role}.
        ${preview.email ? html`This invite is for <strong class="who">${preview.email}</strong>.` : nothing}
      </p>
      ${this.renderAccept(preview)}
    </div>`;
  }
}

export function defineRbInvite(tagName = 'rb-invite'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbInvite);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-invite': RbInvite;
  }
}
