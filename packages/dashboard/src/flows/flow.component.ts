import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { EditableFlow, FlowProblem, FlowSummary, PublishedFlow } from '@reelback/shared';
import type { ApiClient, Role } from '../api/api-client.js';
import { analyticsPath, archivedFlowsPath, flowsPath, studioPath } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { embedSnippets, shareSnippets, type ShareSnippet, type Snippet } from './snippets.js';
import { problemCount } from './flows.component.js';
import { editsFlows } from './flow-roles.js';
import { loadWidgetPlayer, WIDGET_MODULE } from './widget-module.js';

export { WIDGET_MODULE };

/** What the widget's `.flow` takes for an offline preview (nothing is sent to a server). */
interface PreviewPlayer extends HTMLElement {
  flow: { flowId: string; version: number; definition: PublishedFlow['definition'] } | string | undefined;
}

const pathText = (path: FlowProblem['path']): string => path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');

/**
 * One flow: its embed snippets (inline element, bubble, one-line script tag) for this server's origin, each with a
 * Copy button, and a preview of the latest published version in the real `<reelback-flow>` (loaded from
 * `/widget/reelback-flow.js` when this page opens; `.flow = { flowId, version, definition }` sends nothing). A flow
 * that is not published shows its draft's problems instead.
 *
 * @tag rb-flow
 * @attr flow-id - The flow to show.
 * @csspart snippet - One snippet's code block.
 * @csspart preview - The box the widget plays in.
 * @cssproperty --rb-code-bg - Background of the code blocks. Default `#f0f2f6`.
 */
export class RbFlow extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.2rem;
        margin: 1.5rem 0 0.5rem;
      }
      h3 {
        font-size: 1rem;
        margin: 0;
      }
      .snippet {
        margin: 0 0 var(--rb-space, 1rem);
      }
      .snippet-head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .snippet-head p {
        margin: 0;
        font-size: 0.875rem;
      }
      pre {
        margin: 0.4rem 0 0.25rem;
        padding: 0.75rem;
        overflow-x: auto;
        background: var(--rb-code-bg, #f0f2f6);
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        font: 0.875rem / 1.45 ui-monospace, monospace;
        user-select: all;
      }
      .copy-row {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        min-height: 2.25rem;
      }
      .copied {
        font-size: 0.875rem;
      }
      .preview {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-surface, #fff);
        padding: var(--rb-space, 1rem);
        max-width: 40rem;
      }
      code {
        font-family: ui-monospace, monospace;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    flowId: { attribute: 'flow-id' },
    memberRole: { attribute: false },
    _flow: { state: true },
    _published: { state: true },
    _player: { state: true },
    _status: { state: true },
    _problem: { state: true },
    _previewProblem: { state: true },
    _copied: { state: true },
  };

  declare api: ApiClient | undefined;
  declare flowId: string;
  /** The signed-in member's role: the studio link says *Edit* to owners and admins. */
  declare memberRole: Role | undefined;
  declare private _flow: FlowSummary | null;
  declare private _published: PublishedFlow | null;
  declare private _player: PreviewPlayer | null;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _problem: string;
  declare private _previewProblem: string;
  /** What each snippet's status line says after Copy. */
  declare private _copied: Partial<Record<Snippet['id'] | ShareSnippet['id'], string>>;
  private _loadId = 0;

  constructor() {
    super();
    this.flowId = '';
    this._flow = null;
    this._published = null;
    this._player = null;
    this._status = 'loading';
    this._problem = '';
    this._previewProblem = '';
    this._copied = {};
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('flowId') || changed.has('api')) void this.load();
  }

  async load(): Promise<void> {
    const api = this.api;
    const flowId = this.flowId;
    if (!api || !flowId) return;
    const loadId = ++this._loadId;
    this._status = 'loading';
    this._flow = null;
    this._published = null;
    this._player = null;
    this._previewProblem = '';
    this._copied = {};
    try {
      const flow = await api.flow(flowId);
      const published = flow.latestVersion === null ? null : await api.flowVersion(flowId, flow.latestVersion);
      if (loadId !== this._loadId) return;
      this._flow = flow;
      this._published = published;
      this._status = 'ready';
      this._problem = '';
      document.title = `${flow.name} · Flows · Reelback`;
    } catch (error) {
      if (loadId !== this._loadId) return;
      this._problem = `The flow could not be loaded: ${(error as Error).message}`;
      this._status = 'error';
      return;
    }
    if (this._published) await this.mountPreview(this._published, loadId);
  }

  /** Loads the real widget from the server (once per page) and plays the published version in it, offline. */
  private async mountPreview(published: PublishedFlow, loadId: number): Promise<void> {
    try {
      await loadWidgetPlayer();
    } catch (error) {
      if (loadId === this._loadId) this._previewProblem = `The widget could not be loaded: ${(error as Error).message}`;
      return;
    }
    if (loadId !== this._loadId) return;
    const player = document.createElement('reelback-flow') as PreviewPlayer;
    player.flow = { flowId: published.flowId, version: published.version, definition: published.definition };
    this._player = player;
  }

  private async copy(snippet: Snippet | ShareSnippet): Promise<void> {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no Clipboard API');
      await navigator.clipboard.writeText(snippet.code);
      this._copied = { ...this._copied, [snippet.id]: 'Copied' };
    } catch {
      // Refused (no permission, not focused, an old browser): select the code so Ctrl+C / ⌘C copies it.
      const code = this.renderRoot.querySelector<HTMLElement>(`#snippet-${snippet.id}`);
      if (code) {
        code.focus();
        getSelection()?.selectAllChildren(code);
      }
      this._copied = { ...this._copied, [snippet.id]: 'Copying was refused: the snippet is selected, press Ctrl+C (⌘C) to copy it' };
    }
  }

  private renderSnippet(snippet: Snippet | ShareSnippet) {
    return html`<div class="snippet">
      <div class="snippet-head">
        <h3 id="title-${snippet.id}">${snippet.title}</h3>
        <p class="muted">${snippet.description}</p>
      </div>
      <pre part="snippet" id="snippet-${snippet.id}" tabindex="0"><code>${snippet.code}</code></pre>
      <div class="copy-row">
        <button class="button quiet" type="button" aria-describedby="title-${snippet.id}" @click=${() => this.copy(snippet)}>Copy</button>
        <span class="copied" role="status">${this._copied[snippet.id] ?? ''}</span>
      </div>
    </div>`;
  }

  private renderProblems(problems: FlowProblem[]) {
    if (problems.length === 0) return html`<p>The draft has no problems: publish it to preview it here.</p>`;
    return html`<p>The draft has ${problemCount(problems.length)} to fix before it can be published:</p>
      <ul class="problems">
        ${problems.map((p) => html`<li>${p.message}${p.path.length ? html` <code class="muted">${pathText(p.path)}</code>` : nothing}</li>`)}
      </ul>`;
  }

  private renderPreview() {
    const flow = this._flow!;
    const published = this._published;
    if (!published) {
      return html`<section aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <p><strong>Not published.</strong> Viewers cannot see this flow yet, and there is no version to preview.</p>
        ${this.renderProblems(flow.problems)}
      </section>`;
    }
    return html`<section aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <p class="muted">Version ${published.version} in the real widget. A preview sends nothing: no session, no answers.</p>
      ${this._previewProblem ? html`<p class="error" role="alert">${this._previewProblem}</p>` : nothing}
      <div class="preview" part="preview" role="group" aria-label="Preview">
        ${this._player ?? (this._previewProblem ? nothing : html`<p role="status">Loading the widget…</p>`)}
      </div>
    </section>`;
  }

  override render() {
    if (this._status !== 'ready' || !this._flow) {
      return html`<p><a href=${flowsPath}>All flows</a></p>
        <h1 tabindex="-1">Flow <code>${this.flowId}</code></h1>
        ${this._status === 'error'
          ? html`<p class="error" role="alert">${this._problem}</p>
              <button class="button" type="button" @click=${() => this.load()}>Try again</button>`
          : html`<p role="status">Loading the flow…</p>`}`;
    }
    const flow = this._flow;
    return html`
      <p><a href=${flowsPath}>All flows</a></p>
      <h1 tabindex="-1">${flow.name}</h1>
      <p class="muted">
        <code>${flow.id}</code> ·
        ${flow.latestVersion === null ? 'not published' : `published version ${flow.latestVersion}`} · draft: ${problemCount(flow.problems.length)} ·
        <a href=${analyticsPath(flow.id)}>Analytics</a> ·
        <a href=${studioPath(flow.id)}>${editsFlows(this.memberRole) ? 'Edit' : 'Open in studio'}</a>
      </p>
      ${(flow as Partial<EditableFlow>).archivedAt
        ? html`<p class="note">Archived: widgets no longer show this flow and no new viewer can start it. Its answers and analytics stay; unarchive it from the <a href=${archivedFlowsPath}>archived flows</a>.</p>`
        : nothing}
      <section aria-labelledby="embed-title">
        <h2 id="embed-title">Embed</h2>
        <p>Put one of these on your page. They load the widget from this server (${location.origin}).</p>
        ${embedSnippets(location.origin, flow.id).map((snippet) => this.renderSnippet(snippet))}
      </section>
      <section aria-labelledby="share-title">
        <h2 id="share-title">Share</h2>
        ${shareSnippets(location.origin, flow.id, this._published?.definition ?? flow.draft).map((snippet) => this.renderSnippet(snippet))}
      </section>
      ${this.renderPreview()}
    `;
  }
}

export function defineRbFlow(tagName = 'rb-flow'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbFlow);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-flow': RbFlow;
  }
}
