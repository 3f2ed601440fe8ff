import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { AnswerValue } from '@reelback/shared';
import type { Translate } from '../../util/i18n/catalogue.js';

/** Why a form control cannot be sent as it is, in words; '' when it can. */
function problemWith(control: HTMLInputElement | HTMLTextAreaElement, t: Translate): string {
  const { validity, type, value } = control;
  const checkable = type === 'radio' || type === 'checkbox';
  const max = Number(control.dataset.max);
  if (validity.valueMissing || (control.required && !checkable && !value.trim())) {
    if (type === 'radio') return t('chooseScore');
    if (type === 'checkbox') return t('tickBox');
    return t(control.localName === 'textarea' ? 'typeFirst' : 'fillIn');
  }
  if (validity.typeMismatch || validity.patternMismatch) {
    return t(type === 'email' ? 'emailLike' : 'checkValue');
  }
  if (max && value.length > max) return t('shorten', { max, n: value.length - max });
  return '';
}

/**
 * The step's answer form: checks every control when it is sent (the browser's own checks — required, type,
 * pattern — plus the length limit), says what to fix under each control and focuses the first, and hands a
 * valid answer on. Messages are keyed by control name ('form' for the whole form). It has no lifecycle of its own:
 * it asks the host to render when its messages change.
 */
export class AnswerFormController {
  private messages: Record<string, string> = {};

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly send: (value: AnswerValue) => void,
    /** The viewer's language (read at each use: it may arrive after the form). */
    private readonly t: () => Translate,
  ) {}

  /** Forgets every message (a new step, or the viewer went back). */
  clear(): void {
    this.set({});
  }

  /** Says the whole answer could not be sent. */
  fail(message: string): void {
    this.set({ form: message });
  }

  hasError(name: string): boolean {
    return !!this.messages[name];
  }

  /** Sends a form's answer once every control is fine; otherwise says what to fix. */
  submit(event: Event, value: (form: HTMLFormElement) => AnswerValue): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const errors: Record<string, string> = {};
    let first: HTMLElement | undefined;
    for (const control of form.elements as unknown as Iterable<HTMLInputElement>) {
      const message = control.name && !errors[control.name] ? problemWith(control, this.t()) : '';
      if (message) {
        errors[control.name] = message;
        first ??= control;
      }
    }
    this.set(errors);
    if (first) first.focus();
    else this.send(value(form));
  }

  /** A corrected control loses its message (an `input`/`change` listener). */
  readonly edited = (event: Event): void => {
    const { name } = event.target as HTMLInputElement;
    if (this.messages[name] || this.messages.form) this.set({ ...this.messages, [name]: '', form: '' });
  };

  /** The message under a control, if it has one. */
  error(name: string): unknown {
    const message = this.messages[name];
    return message ? html`<p class="field-error" part="field-error" id="error-${name}">${message}</p>` : nothing;
  }

  /** `aria-describedby` of a control: its error, and any other descriptions. */
  describedBy(name: string, ...others: string[]): string | undefined {
    return [...others, ...(this.messages[name] ? [`error-${name}`] : [])].join(' ') || undefined;
  }

  /** The form's message and its Send button. */
  submitButton(): unknown {
    return html`${this.error('form')}<button class="button cta" part="submit" type="submit">${this.t()('send')}</button>`;
  }

  private set(messages: Record<string, string>): void {
    this.messages = messages;
    this.host.requestUpdate();
  }
}
