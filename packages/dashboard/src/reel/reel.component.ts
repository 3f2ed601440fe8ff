import { html } from 'lit';
import type { ApiClient } from '../api/api-client.js';
import { LazyPage } from '../lazy-page/lazy-page.js';

/**
 * The highlight reel page at /app/reel?answers=…: its heading here (the app focuses it after navigating), the
 * editor below it loaded as its own chunk, so the dashboard's main bundle carries only this shell. The editor
 * loads ffmpeg.wasm in turn only when the owner makes the reel.
 *
 * @tag rb-reel
 */
export class RbReel extends LazyPage {
  static override properties = { ...LazyPage.properties, api: { attribute: false }, answerIds: { attribute: false } };
  declare api: ApiClient;
  declare answerIds: string[];
  protected readonly heading = 'Highlight reel';

  constructor() {
    super();
    this.answerIds = [];
  }

  protected loadBody(): Promise<unknown> {
    return import('./reel-editor.component.js');
  }

  protected renderBody() {
    return html`<rb-reel-editor .api=${this.api} .answerIds=${this.answerIds}></rb-reel-editor>`;
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
