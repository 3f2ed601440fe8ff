// What the pages that let a person in share (setup, invite): a card with a form, labelled fields with their hint
// and error tied to them, the checks made before anything is sent, and the server's field issues read back.
import { css, html, nothing, type TemplateResult } from 'lit';
import { ApiProblem } from '../api/api-client.js';

/** The server's smallest password (packages/server/src/accounts/passwords.ts). */
export const MIN_PASSWORD_LENGTH = 10;

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete: string;
  hint?: string;
  /** Shown, not editable (an invite's e-mail). */
  readonly?: boolean;
  value?: string;
  /** For codes: no spell check, capitals on phone keyboards. */
  code?: boolean;
}

export type FieldErrors = Partial<Record<string, string>>;

/** One labelled input; its hint and its error are announced with it (`aria-describedby`). */
export function accountField(field: FieldSpec, error: string | undefined, busy: boolean): TemplateResult {
  const id = `field-${field.name}`;
  const describedBy = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for=${id}>${field.label}</label>
    <input
      id=${id}
      name=${field.name}
      type=${field.type ?? 'text'}
      autocomplete=${field.autocomplete}
      spellcheck=${field.code ? 'false' : nothing}
      autocapitalize=${field.code ? 'characters' : nothing}
      required
      ?readonly=${busy || field.readonly === true}
      .value=${field.value ?? ''}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
    />
    ${field.hint ? html`<span class="hint" id="${id}-hint">${field.hint}</span>` : nothing}
    ${error ? html`<span class="field-error" id="${id}-error">${error}</span>` : nothing}
  </div>`;
}

/** The form's values, trimmed except passwords. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) values[name] = name === 'password' ? String(value) : String(value).trim();
  return values;
}

/** What is wrong before sending: empty fields, an e-mail without @, a password too short. */
export function checkFields(values: Record<string, string>, fields: readonly FieldSpec[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const value = values[field.name] ?? '';
    if (!value) errors[field.name] = `Please enter ${field.label.toLowerCase()}.`;
    else if (field.type === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) errors[field.name] = 'Please enter an e-mail address like name@example.com.';
    else if (field.type === 'password' && field.autocomplete === 'new-password' && value.length < MIN_PASSWORD_LENGTH) {
      errors[field.name] = `Please choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
    }
  }
  return errors;
}

/** A 400's issues, on the fields they name (the first for each). */
export function fieldErrorsOf(error: unknown, fields: readonly FieldSpec[]): FieldErrors {
  const errors: FieldErrors = {};
  if (!(error instanceof ApiProblem)) return errors;
  for (const issue of error.issues) {
    const field = fields.find((f) => f.name === issue.path[0]);
    if (field && !errors[field.name]) errors[field.name] = `${field.label}: ${issue.message}`;
  }
  return errors;
}

/** Moves focus to the first field marked invalid, once the page shows it. */
export async function focusFirstInvalid(host: { updateComplete: Promise<unknown>; renderRoot: ParentNode }): Promise<void> {
  await host.updateComplete;
  host.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

export const accountFormStyles = css`
  :host {
    display: block;
    max-width: 28rem;
    margin: 8vh auto 2rem;
    padding: 0 var(--rb-space, 1rem);
  }
  .card {
    display: grid;
    gap: var(--rb-space, 1rem);
    padding: 1.5rem;
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius-large, 10px);
    background: var(--rb-surface, #fff);
  }
  form {
    display: grid;
    gap: var(--rb-space, 1rem);
  }
  .product {
    font-weight: 600;
    color: var(--rb-muted, #545968);
    margin: 0;
  }
  h1 {
    margin: 0;
  }
  p {
    margin: 0;
  }
  .field input[aria-invalid='true'] {
    border-color: var(--rb-bad-text, #7f1d1d);
  }
  .field input[readonly] {
    background: var(--rb-page, #f7f8fa);
  }
  .hint {
    font-size: 0.875rem;
    color: var(--rb-muted, #545968);
  }
  .field-error {
    font-size: 0.875rem;
    color: var(--rb-bad-text, #7f1d1d);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
`;
