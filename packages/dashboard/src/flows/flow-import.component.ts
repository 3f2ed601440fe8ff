import { html, LitElement } from 'lit';
import type { FlowBundleImportResult } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { importBundle } from './flows-api.js';

/** What `rb-flow-import` tells its owner: the import's result, or why it failed. */
export type FlowImportDetail = { ok: true; result: FlowBundleImportResult } | { ok: false; message: string };

/**
 * "Import a flow…": picks a flow bundle (a `.tar`/`.tar.gz` another workspace or server exported) and sends it to
 * `POST /api/v1/flows/bundle`. It does not show the outcome itself: it fires `rb-flow-import` (a `FlowImportDetail`)
 * for the flows list, which reloads and says what happened.
 *
 * @tag rb-flow-import
 */
export class RbFlowImport extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { api: { attribute: false }, _busy: { state: true } };

  declare api: ApiClient | undefined;
  declare private _busy: boolean;

  constructor() {
    super();
    this._busy = false;
  }

  private async onPicked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this.api) return;
    this._busy = true;
    let detail: FlowImportDetail;
    try {
      detail = { ok: true, result: await importBundle(this.api, file) };
    } catch (error) {
      detail = { ok: false, message: `“${file.name}” could not be imported: ${(error as Error).message}` };
    }
    this._busy = false;
    this.dispatchEvent(new CustomEvent<FlowImportDetail>('rb-flow-import', { detail, bubbles: true, composed: true }));
  }

  override render() {
    return html`<button class="button quiet" type="button" ?disabled=${this._busy} @click=${() => this.renderRoot.querySelector('input')?.click()}>
        ${this._busy ? 'Importing…' : 'Import a flow…'}</button
      ><input
        class="visually-hidden"
        type="file"
        tabindex="-1"
        aria-hidden="true"
        accept=".tar,.tgz,.gz,application/x-tar,application/gzip"
        @change=${(e: Event) => this.onPicked(e)}
      />`;
  }
}

export function defineRbFlowImport(tagName = 'rb-flow-import'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbFlowImport);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-flow-import': RbFlowImport;
  }
}
