import { html } from 'lit';
import type { ApiClient, Role } from '../api/api-client.js';
import { flowPath } from '../app/routes.js';
import { editsFlows } from '../flows/flow-roles.js';
import { shareSnippets } from '../flows/snippets.js';
import { WIDGET_MODULE } from '../flows/widget-module.js';
import { LazyPage } from '../lazy-page/lazy-page.js';

/**
 * The flow studio at /app/flows/:id/edit: its heading here (the app focuses it after navigating), the editor
 * itself (map, step panel, preview, dagre and `checkFlow`) loaded as its own chunk when the page first opens.
 *
 * @tag rb-studio
 * @attr flow-id - The flow to edit.
 */
export class RbStudio extends LazyPage {
  static override properties = { ...LazyPage.properties, api: { attribute: false }, flowId: { attribute: 'flow-id' }, memberRole: { attribute: false } };
  declare api: ApiClient;
  declare flowId: string;
  /** The signed-in member's role: owners and admins edit, managers read. */
  declare memberRole: Role | undefined;
  protected readonly heading = 'Flow studio';

  constructor() {
    super();
    this.flowId = '';
    this.memberRole = undefined;
  }

  protected loadBody(): Promise<unknown> {
    return import('./studio-page.component.js');
  }

  protected renderBody() {
    // What the chunk needs from the main bundle comes as properties, so no module is shared by just these two
    // (esbuild would split it off as one more file for every first load to fetch).
    return html`<rb-studio-page
      .api=${this.api}
      flow-id=${this.flowId}
      .editable=${editsFlows(this.memberRole)}
      .flowHref=${flowPath(this.flowId)}
      .widgetModule=${WIDGET_MODULE}
      .shareSnippets=${shareSnippets}
    ></rb-studio-page>`;
  }
}

export function defineRbStudio(tagName = 'rb-studio'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbStudio);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-studio': RbStudio;
  }
}
