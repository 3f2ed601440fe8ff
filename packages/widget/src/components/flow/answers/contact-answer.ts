import { html, nothing, type TemplateResult } from 'lit';
import type { AnswerSpec, AnswerValue } from '@reelback/shared';
import type { Translate } from '../../../util/i18n/catalogue.js';
import type { AnswerFormController } from '../answer-form.controller.js';

type ContactSpec = Extract<AnswerSpec, { type: 'contact' }>;

/** Each contact field's input `type` and `autocomplete` token. */
const CONTACT_INPUTS = { name: ['text', 'name'], email: ['email', 'email'], phone: ['tel', 'tel'], company: ['text', 'organization'] } as const;
/** The e-mail rule of the shared branching function (stricter than `type="email"`), as an HTML pattern. */
const EMAIL_PATTERN = '[^\\s@]+@[^\\s@]+\\.[^\\s@]+';

/** A contact form: the flow's fields with the right input types, and the consent box when it asks for one. */
export function renderContact(spec: ContactSpec, form: AnswerFormController, t: Translate): TemplateResult {
  const send = (el: HTMLFormElement): AnswerValue => {
    const fields: Partial<Record<keyof typeof CONTACT_INPUTS, string>> = {};
    for (const { name } of spec.fields) {
      const value = (el.elements.namedItem(name) as HTMLInputElement).value.trim();
      if (value) fields[name] = value;
    }
    const consent = !!spec.consentText && (el.elements.namedItem('consent') as HTMLInputElement).checked;
    return { kind: 'contact', fields, consent };
  };
  return html`<form class="answer" part="form" novalidate @submit=${(event: Event) => form.submit(event, send)} @input=${form.edited}>
    ${spec.fields.map(({ name, label, required }) => {
      const [type, autocomplete] = CONTACT_INPUTS[name];
      return html`<div class="field" part="field">
        <label part="label" for="field-${name}">${label}${required ? nothing : html` <span class="hint">${t('optional')}</span>`}</label>
        <input
          part="input"
          id="field-${name}"
          name=${name}
          type=${type}
          autocomplete=${autocomplete}
          maxlength="500"
          pattern=${type === 'email' ? EMAIL_PATTERN : nothing}
          ?required=${required}
          aria-invalid=${form.hasError(name) ? 'true' : nothing}
          aria-describedby=${form.describedBy(name) ?? nothing}
        />
        ${form.error(name)}
      </div>`;
    })}
    ${spec.consentText
      ? html`<div class="field" part="field">
          <div class="consent" part="consent">
            <input
              id="consent"
              name="consent"
              type="checkbox"
              required
              aria-invalid=${form.hasError('consent') ? 'true' : nothing}
              aria-describedby=${form.describedBy('consent') ?? nothing}
            />
            <label for="consent">${spec.consentText}</label>
          </div>
          ${form.error('consent')}
        </div>`
      : nothing}
    ${form.submitButton()}
  </form>`;
}
