import { html } from 'lit';
import type { ApiClient } from '../api/api-client.js';
import { LazyPage } from '../lazy-page/lazy-page.js';

/**
 * The analytics page at /app/analytics?flow=…: its heading here (the app focuses it after navigating), the page
 * itself (filters, charts, tables) loaded as its own chunk, so the dashboard's main bundle carries only this shell.
 *
 * @tag rb-analytics
 */
export class RbAnalytics extends LazyPage {
  static override properties = { ...LazyPage.properties, api: { attribute: false }, search: { attribute: false } };
  declare api: ApiClient;
  /** The address's query when the app (re)routed here; the page follows it when it changes. */
  declare search: string;
  protected readonly heading = 'Analytics';

  constructor() {
    super();
    this.search = location.search;
  }

  protected loadBody(): Promise<unknown> {
    return import('./analytics-page.component.js');
  }

  protected renderBody() {
    return html`<rb-analytics-page .api=${this.api} .search=${this.search}></rb-analytics-page>`;
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
