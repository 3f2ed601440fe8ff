import { css, html, LitElement, nothing } from 'lit';
import { copyToClipboard } from '../answer/copy-link.js';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * Something shown this once (an invite or password reset link, a new API key, a webhook's signing secret): read-only in
 * a field so it can be selected, a Copy button whose outcome is announced, and — when `dismissible` — "I have copied
 * it", which asks the page to forget it (`rb-shown-once-dismiss`). Focus moves to its heading whenever the value
 * changes, so keyboard and screen reader users land on it. Every settings page that hands out a secret uses this one.
 *
 * @tag rb-shown-once
 * @attr heading - What it is ("Invite link for bo@example.org"); also the field's label.
 * @attr level - The heading's level in the page (2 or 3; default 3).
 * @attr copy-label - The Copy button's words ("Copy link", "Copy key").
 * @attr noun - What it is in one word, for the message when copying is not allowed ("link", "key", "secret").
 * @attr dismissible - Offers "I have copied it".
 * @fires rb-shown-once-dismiss - "I have copied it" was pressed.
 * @slot - What to say about it (who gets it, how long it works, where it goes).
 * @csspart box - The framed box.
 */
export class RbShownOnce extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .box {
        border: 2px solid var(--rb-accent, #2f3fb8);
        border-radius: var(--rb-radius, 6px);
        padding: 0.75rem;
        display: grid;
        gap: 0.5rem;
      }
      .heading {
        font-size: 1rem;
        font-weight: 700;
        margin: 0;
        overflow-wrap: anywhere;
      }
      .heading:focus {
        outline: none;
      }
      input {
        width: 100%;
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
    `,
  ];

  static override properties = {
    value: {},
    heading: {},
    level: { type: Number },
    copyLabel: { attribute: 'copy-label' },
    noun: {},
    dismissible: { type: Boolean },
    _copied: { state: true },
  };

  declare value: string;
  declare heading: string;
  declare level: 2 | 3;
  declare copyLabel: string;
  declare noun: string;
  declare dismissible: boolean;
  declare private _copied: string;

  constructor() {
    super();
    this.value = '';
    this.heading = '';
    this.level = 3;
    this.copyLabel = 'Copy';
    this.noun = 'text';
    this.dismissible = false;
    this._copied = '';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('value')) this._copied = '';
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('value')) this.renderRoot.querySelector<HTMLElement>('.heading')?.focus();
  }

  private async copy(): Promise<void> {
    if (await copyToClipboard(this.value)) {
      this._copied = 'Copied.';
      return;
    }
    this._copied = `The browser did not allow copying: the ${this.noun} is selected, press Ctrl+C (⌘+C).`;
    const field = this.renderRoot.querySelector<HTMLInputElement>('input');
    field?.focus();
    field?.select();
  }

  private dismiss(): void {
    this.dispatchEvent(new CustomEvent('rb-shown-once-dismiss', { bubbles: true, composed: true }));
  }

  override render() {
    return html`<section class="box" part="box" aria-labelledby="heading">
      <p class="heading" id="heading" role="heading" aria-level=${this.level} tabindex="-1">${this.heading}</p>
      <slot></slot>
      <label class="visually-hidden" for="value">${this.heading}</label>
      <input id="value" type="text" readonly spellcheck="false" .value=${this.value} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
      <div class="row">
        <button class="button" type="button" @click=${() => this.copy()}>${this.copyLabel}</button>
        ${this.dismissible ? html`<button class="button quiet" type="button" @click=${() => this.dismiss()}>I have copied it</button>` : nothing}
        <span role="status">${this._copied}</span>
      </div>
    </section>`;
  }
}

export function defineRbShownOnce(tagName = 'rb-shown-once'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbShownOnce);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-shown-once': RbShownOnce;
  }
}
