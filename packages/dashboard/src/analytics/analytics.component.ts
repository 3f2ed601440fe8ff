import { html, LitElement } from 'lit';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * The analytics page at /app/analytics?flow=…: its heading here (the app focuses it after navigating), the page
 * itself (filters, charts, tables) loaded as its own chunk, so the dashboard's main bundle carries only this shell.
 *
 * @tag rb-analytics
 */
export class RbAnalytics extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { api: { attribute: false }, search: { attribute: false }, loaded: { state: true }, failed: { state: true } };
  declare api: ApiClient;
  /** The address's query when the app (re)routed here; the page follows it when it changes. */
  declare search: string;
  declare loaded: boolean;
  declare failed: string | null;

  constructor() {
    super();
    this.search = location.search;
    this.loaded = false;
    this.failed = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loaded) return;
    import('./analytics-page.component.js').then(
      () => (this.loaded = true),
      (error: unknown) => (this.failed = error instanceof Error ? error.message : String(error)),
    );
  }

  override render() {
    return html`
      <h1 tabindex="-1">Analytics</h1>
      ${this.loaded
        ? html`<rb-analytics-page .api=${this.api} .search=${this.search}></rb-analytics-page>`
        : this.failed
          ? html`<p role="alert">This page could not be loaded (${this.failed}). Reload the page to try again.</p>`
          : html`<p role="status">Loading…</p>`}
    `;
  }
}

export function defineRbAnalytics(tagName = 'rb-analytics'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAnalytics);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-analytics': RbAnalytics;
  }
}
