import { html, LitElement } from 'lit';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * The highlight reel: the chosen answers (or a range of each) made into one MP4 in the browser.
 * (Being built in #5: only the page heading exists so far.)
 *
 * @tag rb-reel
 */
export class RbReel extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { api: { attribute: false }, answerIds: { attribute: false } };
  declare api: ApiClient;
  declare answerIds: string[];

  override render() {
    return html`<h1 tabindex="-1">Highlight reel</h1>`;
  }
}

export function defineRbReel(tagName = 'rb-reel'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbReel);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-reel': RbReel;
  }
}
