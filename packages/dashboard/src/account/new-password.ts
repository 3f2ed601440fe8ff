// The "new password, twice" fields both password forms share, and what they say when it will not do.
import { html } from 'lit';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@reelback/shared/password-limits';

/** Why these cannot be the new password, or '' when they can. */
export function newPasswordProblem(password: string, repeated: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (password !== repeated) return 'The two new passwords are not the same.';
  return '';
}

/** Two fields, `newPassword` and `repeatPassword`, with the length rule described to assistive tech. */
export function newPasswordFields(opts: { busy: boolean; problem: string }) {
  return html`<div class="field">
      <label for="new-password">New password</label>
      <input
        id="new-password"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        minlength=${MIN_PASSWORD_LENGTH}
        aria-describedby="new-password-hint new-password-problem"
        aria-invalid=${opts.problem ? 'true' : 'false'}
        ?readonly=${opts.busy}
      />
      <span id="new-password-hint" class="muted">At least ${MIN_PASSWORD_LENGTH} characters; a few words make a good one.</span>
    </div>
    <div class="field">
      <label for="repeat-password">New password again</label>
      <input id="repeat-password" name="repeatPassword" type="password" autocomplete="new-password" required ?readonly=${opts.busy} />
    </div>
    <p id="new-password-problem" class="error" role="alert">${opts.problem}</p>`;
}
