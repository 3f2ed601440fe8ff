import { html } from 'lit';
import { AdminSettingsPage } from '../admin-settings-page.js';

/**
 * Settings → Audit log (`/app/settings/audit-log?action=…&actor=…`): the shell in the main bundle; the log is its own
 * chunk.
 *
 * @tag rb-audit-log
 */
export class RbAuditLog extends AdminSettingsPage {
  static override properties = { ...AdminSettingsPage.properties, search: { attribute: false } };
  /** The address's query: the log's filters. */
  declare search: string;

  protected readonly heading = 'Audit log';
  protected readonly adminsOnly = 'read the audit log';

  constructor() {
    super();
    this.search = '';
  }

  protected loadBody(): Promise<unknown> {
    return import('./audit-log.component.js');
  }

  protected renderBody() {
    return html`<rb-audit-log-view .api=${this.api} .search=${this.search}></rb-audit-log-view>`;
  }
}

export function defineRbAuditLog(tagName = 'rb-audit-log'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAuditLog);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-audit-log': RbAuditLog;
  }
}
