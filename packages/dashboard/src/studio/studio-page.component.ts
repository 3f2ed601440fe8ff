import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { FlowDefinition, FlowSummary } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { addStep, deleteStep, moveStep } from './flow-edits.js';
import { FlowEditorController } from './flow-editor.controller.js';
import { defineRbFlowMap, type RbFlowMap } from './flow-map.component.js';
import { setOptional, textField } from './form-fields.js';
import { SaveController } from './save.controller.js';
import { conflictNotice } from './conflict-notice.js';
import { StudioMediaController } from './media-library/studio-media.controller.js';
import { problemsList, type StudioProblem } from './problems-list.js';
import { sharePanel, type StudioSnippet } from './share-panel.js';
import { defineRbStepPanel } from './step-panel.component.js';
import { loadFlow, publishDraft } from './studio-api.js';
import type { FlowEditRequest, StepMoveRequest, StepRequest } from './studio-events.js';
import { defineRbStudioPreview } from './studio-preview.component.js';
import { SAVE_TEXT, studioToolbar } from './studio-toolbar.js';
import { studioStyles } from './studio.styles.js';
import { defineRbThemePanel } from './theme-panel.component.js';
import { defineRbVariablesPanel } from './variables-panel.component.js';
import { VersionsController } from './versions.controller.js';
import { defineRbVersionsPanel } from './versions-panel.component.js';

defineRbFlowMap();
defineRbStepPanel();
defineRbStudioPreview();
defineRbVariablesPanel();
defineRbThemePanel();
defineRbVersionsPanel();

/**
 * The flow studio at /app/flows/:id/edit (a lazy chunk behind `<rb-studio>`): the map (`<rb-flow-map>`), the
 * selected step's panel (`<rb-step-panel>`), the problems `checkFlow` finds as you type (pinned on the cards and
 * listed; publishing waits until there are none), the draft saved as you type (`SaveController`: debounced `PUT`,
 * `If-Match`, a 412 offered as reload or overwrite), undo/redo (buttons, Ctrl/⌘+Z, Shift+Ctrl/⌘+Z), the draft
 * previewed in the real widget (`<rb-studio-preview>`) with its library media resolved (`StudioMediaController`,
 * which also owns the library dialog and adds the steps whose media is missing or not ready to the problems), and
 * Publish. Its elements ask; this page acts. Owners and admins edit; managers read.
 *
 * @tag rb-studio-page
 */
export class RbStudioPage extends LitElement {
  static override styles = [sharedStyles, studioStyles];

  static override properties = {
    api: { attribute: false },
    flowId: { attribute: 'flow-id' },
    editable: { attribute: false },
    flowHref: { attribute: false },
    widgetModule: { attribute: false },
    shareSnippets: { attribute: false },
    saveDelay: { attribute: false },
    _status: { state: true },
    _problem: { state: true },
    _name: { state: true },
    _latest: { state: true },
    _selected: { state: true },
    _previewStart: { state: true },
    _notice: { state: true },
    _publishing: { state: true },
  };

  declare api: ApiClient | undefined;
  declare flowId: string;
  /** Owners and admins edit (true); managers read. */
  declare editable: boolean;
  /** The flow's page (embed snippets, the published version). */
  declare flowHref: string;
  /** Where the real widget's module is served. */
  declare widgetModule: string;
  /** Makes the share link and snippets for a definition (`flows/snippets.ts`, from the main bundle). */
  declare shareSnippets: ((origin: string, flowId: string, definition: FlowDefinition) => StudioSnippet[]) | undefined;
  declare private _status: 'loading' | 'ready' | 'error';
  declare private _problem: string;
  declare private _name: string;
  declare private _latest: number | null;
  declare private _selected: number;
  declare private _previewStart: number;
  declare private _notice: string;
  declare private _publishing: boolean;

  readonly editor = new FlowEditorController(this, () => {
    if (this.editable) this.save.schedule();
  });
  readonly save = new SaveController(this, {
    api: () => this.api,
    flowId: () => this.flowId,
    current: () => this.editor.flow,
    saveable: () => !this.editor.problems.some((p) => p.code === 'invalid'),
    saved: (flow) => (this._latest = flow.latestVersion),
  });
  readonly versions = new VersionsController(this, {
    api: () => this.api,
    flowId: () => this.flowId,
    save: this.save,
    restored: (flow, etag) => this.startFrom(flow, etag),
    notify: (text) => (this._notice = text),
  });
  readonly media = new StudioMediaController(this, {
    api: () => this.api,
    flows: () => (this.editor.loaded ? [this.editor.flow, ...(this.versions.viewing ? [this.versions.viewing.definition] : [])] : []),
    apply: (flow) => this.apply(flow),
    editable: () => this.editable,
    notify: (text) => (this._notice = text),
  });

  constructor() {
    super();
    this.flowId = '';
    this.editable = false;
    this.flowHref = '';
    this.widgetModule = '';
    this._status = 'loading';
    this._problem = '';
    this._name = '';
    this._latest = null;
    this._selected = 0;
    this._previewStart = 0;
    this._notice = '';
    this._publishing = false;
  }

  /** How long edits must pause before the draft is saved (ms). */
  get saveDelay(): number {
    return this.save.delayMs;
  }
  set saveDelay(ms: number) {
    this.save.delayMs = ms;
  }

  private readonly listeners = {
    'rb-step-select-request': (e: CustomEvent<StepRequest>) => (this._selected = e.detail.index),
    'rb-step-move-request': (e: CustomEvent<StepMoveRequest>) => this.onMove(e),
    'rb-step-delete-request': (e: CustomEvent<StepRequest>) => this.onDelete(e),
    'rb-step-preview-request': (e: CustomEvent<StepRequest>) => this.onPreview(e),
    'rb-flow-edit-request': (e: CustomEvent<FlowEditRequest>) => this.apply(e.detail.flow, e.detail.key),
    'rb-version-view-request': (e: CustomEvent<{ version: number }>) => void this.versions.view(e.detail.version),
    'rb-version-restore-request': (e: CustomEvent<{ version: number }>) => {
      if (this.editable) void this.versions.restore(e.detail.version);
    },
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKeyDown);
    for (const [type, listener] of Object.entries(this.listeners)) this.addEventListener(type, listener as EventListener);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKeyDown);
    for (const [type, listener] of Object.entries(this.listeners)) this.removeEventListener(type, listener as EventListener);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('flowId') || changed.has('api')) void this.load();
  }

  async load(): Promise<void> {
    if (!this.api || !this.flowId) return;
    this._status = 'loading';
    try {
      const { flow, etag } = await loadFlow(this.api, this.flowId);
      this.startFrom(flow, etag);
      this._selected = 0;
      this._status = 'ready';
      document.title = `${flow.name} · Studio · Reelback`;
    } catch (error) {
      this._problem = `The flow could not be loaded: ${(error as Error).message}`;
      this._status = 'error';
    }
  }

  /** A draft from the server (loaded, reloaded or restored): no history, nothing to save. */
  private startFrom(flow: FlowSummary, etag: string | null): void {
    this._name = flow.name;
    this._latest = flow.latestVersion;
    this.editor.reset(flow.draft);
    this.save.loaded(etag);
    this._selected = Math.min(this._selected, flow.draft.steps.length - 1);
  }

  private apply(flow: FlowDefinition, key: string | null = null): void {
    if (!this.editable) return;
    this._notice = '';
    this.editor.apply(flow, key);
    this._selected = Math.min(this._selected, flow.steps.length - 1);
  }

  private onMove(e: CustomEvent<StepMoveRequest>): void {
    const { index, by } = e.detail;
    const id = this.editor.flow.steps[index]?.id;
    if (id === undefined) return;
    const selected = this._selected;
    this.apply(moveStep(this.editor.flow, id, by));
    if (selected === index) this._selected = index + by;
    else if (selected === index + by) this._selected = index;
    const step = this.editor.flow.steps[index + by]!;
    this._notice = `Moved “${step.prompt.title || step.id}” to position ${index + by + 1} of ${this.editor.flow.steps.length}.`;
  }

  private onDelete(e: CustomEvent<StepRequest>): void {
    const step = this.editor.flow.steps[e.detail.index];
    if (!step) return;
    this.apply(deleteStep(this.editor.flow, step.id));
    if (this._selected > e.detail.index) this._selected--;
    this._selected = Math.min(this._selected, this.editor.flow.steps.length - 1);
    this._notice = `Deleted step “${step.prompt.title || step.id}”.`;
  }

  private onPreview(e: CustomEvent<StepRequest>): void {
    this._previewStart = e.detail.index;
    this.renderRoot.querySelector('rb-studio-preview')?.scrollIntoView({ block: 'nearest' });
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (this._status !== 'ready' || !this.editable || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) this.undo(event);
    else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) this.redo(event);
  };

  private undo(event?: Event): void {
    event?.preventDefault();
    this._notice = '';
    this.editor.undo();
    this._selected = Math.min(this._selected, this.editor.flow.steps.length - 1);
  }

  private redo(event?: Event): void {
    event?.preventDefault();
    this._notice = '';
    this.editor.redo();
    this._selected = Math.min(this._selected, this.editor.flow.steps.length - 1);
  }

  private async addStep(): Promise<void> {
    const { flow, id } = addStep(this.editor.flow, this.editor.flow.steps[this._selected]?.id);
    this.apply(flow);
    this._selected = flow.steps.findIndex((s) => s.id === id);
    this._notice = `Added step ${this._selected + 1}.`;
    await this.updateComplete;
    await this.renderRoot.querySelector<RbFlowMap>('rb-flow-map')?.focusCard(this._selected);
  }

  private async publish(): Promise<void> {
    if (!this.api) return;
    this._publishing = true;
    this._notice = '';
    try {
      await this.save.flush();
      if (this.save.state !== 'saved') throw new Error(this.save.error || SAVE_TEXT[this.save.state]);
      const published = await publishDraft(this.api, this.flowId);
      this._latest = published.version;
      this._notice = `Published version ${published.version}. Viewers get it from now on.`;
    } catch (error) {
      this._notice = `Not published: ${(error as Error).message}`;
    } finally {
      this._publishing = false;
    }
  }

  private focusStep(index: number): void {
    this._selected = index;
    void this.renderRoot.querySelector<RbFlowMap>('rb-flow-map')?.focusCard(index);
  }

  private renderFlowFields(flow: FlowDefinition) {
    const ctx = { readonly: !this.editable, idPrefix: 'flow' };
    return html`<div class="flow-fields">
      ${textField(ctx, 'name', 'Flow name', flow.name, (v) => this.apply({ ...flow, name: v }, 'name'))}
      ${textField(ctx, 'language', 'Transcript language', flow.transcriptLanguage, (v) => this.apply(setOptional(flow, 'transcriptLanguage', v), 'language'), {
        hint: '“auto” or a two-letter code such as “en”',
      })}
    </div>`;
  }

  override render() {
    if (this._status !== 'ready' || !this.editor.loaded) {
      return this._status === 'error'
        ? html`<p class="error" role="alert">${this._problem}</p>
            <button class="button" type="button" @click=${() => this.load()}>Try again</button>`
        : html`<p role="status">Loading the flow…</p>`;
    }
    const flow = this.editor.flow;
    const draft = this.media.resolve(flow);
    const problems: StudioProblem[] = [...this.editor.problems, ...draft.problems];
    const invalid = problems.some((p) => p.code === 'invalid');
    const viewing = this.versions.viewing;
    const toolbar = studioToolbar({
      save: this.save,
      canUndo: this.editor.canUndo,
      canRedo: this.editor.canRedo,
      problemCount: problems.length,
      checkingMedia: this.media.checking,
      publishing: this._publishing,
      latest: this._latest,
      addStep: () => void this.addStep(),
      undo: () => this.undo(),
      redo: () => this.redo(),
      publish: () => void this.publish(),
    });
    return html`
      <p class="muted">
        <a href=${this.flowHref}>${this._name}</a> · <code>${this.flowId}</code> ·
        ${this._latest === null ? 'not published' : `published version ${this._latest}`}
      </p>
      ${this.editable ? nothing : html`<p class="note">You can look at this flow; only owners and admins can change it.</p>`}
      ${conflictNotice(this.save.conflict, (c) => this.startFrom(c.flow, c.flowEtag), () => this.save.overwrite())} ${this.editable ? toolbar : nothing}
      <p class="notice" role="status">${this._notice}</p>
      <div class="layout">
        <div class="map-column">
          ${this.renderFlowFields(flow)}
          <rb-flow-map .flow=${flow} .problems=${problems} .assets=${this.media.assets} .selected=${this._selected} ?readonly=${!this.editable}></rb-flow-map>
          ${problemsList(problems, (index) => this.focusStep(index))}
          <rb-variables-panel .flow=${flow} .problems=${this.editor.problems} ?readonly=${!this.editable}></rb-variables-panel>
          <rb-theme-panel .flow=${flow} .problems=${this.editor.problems} ?readonly=${!this.editable}></rb-theme-panel>
        </div>
        <rb-step-panel
          class="panel"
          .flow=${flow}
          .index=${this._selected}
          .problems=${problems}
          .assets=${this.media.assets}
          ?readonly=${!this.editable}
        ></rb-step-panel>
        <section class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          ${viewing
            ? html`<p class="note">
                Version ${viewing.version}, read-only.
                <button class="button quiet" type="button" @click=${() => this.versions.back()}>Back to the draft</button>
              </p>`
            : nothing}
          <rb-studio-preview
            flow-id=${this.flowId}
            .module=${this.widgetModule}
            .version=${viewing?.version ?? (this._latest ?? 0) + 1}
            .definition=${viewing ? this.media.resolve(viewing.definition).definition : draft.definition}
            .start=${this._previewStart}
            .paused=${invalid && !viewing ? 'The preview waits until the invalid fields are fixed.' : null}
          ></rb-studio-preview>
          <h2 id="versions-title">Versions</h2>
          <rb-versions-panel
            .api=${this.api}
            flow-id=${this.flowId}
            .latest=${this._latest}
            .viewing=${viewing?.version ?? null}
            ?editable=${this.editable}
          ></rb-versions-panel>
          ${this.shareSnippets ? sharePanel(this.shareSnippets(location.origin, this.flowId, flow), this.flowHref) : nothing}
        </section>
      </div>
      ${this.editable ? this.media.renderLibrary() : nothing}
    `;
  }
}

export function defineRbStudioPage(tagName = 'rb-studio-page'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbStudioPage);
}

defineRbStudioPage();

declare global {
  interface HTMLElementTagNameMap {
    'rb-studio-page': RbStudioPage;
  }
}
