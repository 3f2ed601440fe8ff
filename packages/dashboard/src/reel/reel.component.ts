import { html, LitElement } from 'lit';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * The highlight reel page at /app/reel?answers=…: its heading here (the app focuses it after navigating), the
 * editor below it loaded as its own chunk, so the dashboard's main bundle carries only this shell. The editor
 * loads ffmpeg.wasm in turn only when the owner makes the reel.
 *
 * @tag rb-reel
 */
export class RbReel extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { api: { attribute: false }, answerIds: { attribute: false }, loaded: { state: true }, failed: { state: true } };
  declare api: ApiClient;
  declare answerIds: string[];
  declare loaded: boolean;
  declare failed: string | null;

  constructor() {
    super();
    this.answerIds = [];
    this.loaded = false;
    this.failed = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loaded) return;
    import('./reel-editor.component.js').then(
      () => (this.loaded = true),
      (error: unknown) => (this.failed = error instanceof Error ? error.message : String(error)),
    );
  }

  override render() {
    return html`
      <h1 tabindex="-1">Highlight reel</h1>
      ${this.loaded
        ? html`<rb-reel-editor .api=${this.api} .answerIds=${this.answerIds}></rb-reel-editor>`
        : this.failed
          ? html`<p role="alert">This page could not be loaded (${this.failed}). Reload the page to try again.</p>`
          : html`<p role="status">Loading…</p>`}
    `;
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
