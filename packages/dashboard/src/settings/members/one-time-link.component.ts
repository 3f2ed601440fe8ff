import { css, html, LitElement } from 'lit';
import { copyToClipboard } from '../../answer/copy-link.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/**
 * A link shown this once (an invite, a password reset link), read-only in a field so it can be selected, with a Copy
 * button whose outcome is announced. Focus moves to its heading when it appears.
 *
 * @tag rb-one-time-link
 * @attr heading - What the link is for ("Invite link for bo@example.org").
 * @slot - What to say about it (who gets it, how long it works).
 * @csspart box - The framed box.
 */
export class RbOneTimeLink extends LitElement {
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
      h3 {
        font-size: 1rem;
        margin: 0;
        overflow-wrap: anywhere;
      }
      h3:focus {
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
    url: {},
    heading: {},
    _copied: { state: true },
  };

  declare url: string;
  declare heading: string;
  declare private _copied: string;

  constructor() {
    super();
    this.url = '';
    this.heading = '';
    this._copied = '';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('url')) this._copied = '';
  }

  /** Each new link takes the focus, so keyboard and screen reader users land on it. */
  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('url')) this.renderRoot.querySelector<HTMLElement>('h3')?.focus();
  }

  private async copy(): Promise<void> {
    if (await copyToClipboard(this.url)) {
      this._copied = 'Copied.';
      return;
    }
    this._copied = 'The browser did not allow copying: the link is selected, press Ctrl+C (⌘+C).';
    const field = this.renderRoot.querySelector<HTMLInputElement>('input');
    field?.focus();
    field?.select();
  }

  override render() {
    return html`<section class="box" part="box" aria-labelledby="heading">
      <h3 id="heading" tabindex="-1">${this.heading}</h3>
      <slot></slot>
      <label class="visually-hidden" for="link">${this.heading}</label>
      <input id="link" type="text" readonly .value=${this.url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
      <div class="row">
        <button class="button" type="button" @click=${() => this.copy()}>Copy link</button>
        <span role="status">${this._copied}</span>
      </div>
    </section>`;
  }
}

export function defineRbOneTimeLink(tagName = 'rb-one-time-link'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbOneTimeLink);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-one-time-link': RbOneTimeLink;
  }
}
