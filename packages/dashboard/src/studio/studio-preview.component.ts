import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { FlowDefinition } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { loadWidgetPlayer } from '../flows/widget-module.js';

/** What the widget's `.flow` takes for an offline preview (nothing is sent to a server). */
interface PreviewPlayer extends HTMLElement {
  /** The host page's variables (what `data-var-*` would pass). */
  vars: Record<string, string> | undefined;
  flow: { flowId: string; version: number; definition: FlowDefinition } | string | undefined;
}

/** The flow as the widget should play it from step `start`: every session starts at the first step. */
export function startingAt(flow: FlowDefinition, start: number): FlowDefinition {
  const first = flow.steps[start];
  if (!first || start === 0) return flow;
  return { ...flow, steps: [first, ...flow.steps.filter((_, i) => i !== start)] };
}

/**
 * The draft playing in the real widget (`/widget/reelback-flow.js`, loaded at run time as the flow page does) with
 * `.flow = { flowId, version, definition }`: offline, nothing is sent or recorded. Starts at any step (a select, or
 * the page's `start`), with the host page's variables from a "test variables" form; follows the draft's edits once they pause, restarting at the chosen step.
 *
 * @tag rb-studio-preview
 * @csspart player - The box the widget plays in.
 */
export class RbStudioPreview extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
        margin-bottom: 0.5rem;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
      }
      fieldset.vars {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        margin: 0 0 0.5rem;
      }
      input,
      select {
        font: inherit;
        padding: 0.3rem;
      }
      .player {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-surface, #fff);
        padding: 0.5rem;
      }
    `,
  ];

  static override properties = {
    flowId: { attribute: 'flow-id' },
    module: { attribute: false },
    version: { type: Number },
    definition: { attribute: false },
    start: { type: Number },
    paused: { attribute: false },
    _player: { state: true },
    _problem: { state: true },
    _vars: { state: true },
  };

  declare flowId: string;
  /** The widget's module URL (`/widget/reelback-flow.js` on the Reelback server). */
  declare module: string;
  /** The version number the preview reports (the next one: the draft is not published). */
  declare version: number;
  declare definition: FlowDefinition | null;
  /** The step to start from (its index). */
  declare start: number;
  /** Why the draft cannot play right now (invalid fields), or null. */
  declare paused: string | null;
  declare private _player: PreviewPlayer | null;
  declare private _problem: string;
  /** The "test variables" form's values: what a host page would pass. */
  declare private _vars: Record<string, string>;
  /** How long the draft must stay unchanged before the player restarts with it. */
  delayMs = 400;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.flowId = '';
    this.module = '';
    this.version = 1;
    this.definition = null;
    this.start = 0;
    this.paused = null;
    this._player = null;
    this._problem = '';
    this._vars = {};
  }


  override disconnectedCallback(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    super.disconnectedCallback();
  }

  private async loadWidget(): Promise<void> {
    try {
      await loadWidgetPlayer(this.module);
    } catch (error) {
      this._problem = `The widget could not be loaded: ${(error as Error).message}`;
      return;
    }
    this._player = document.createElement('reelback-flow') as PreviewPlayer;
    this.play();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('module') && this.module) void this.loadWidget();
    if (changed.has('start') || changed.has('paused')) this.play();
    else if (changed.has('definition')) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.play(), this.delayMs);
    }
  }

  /** (Re)starts the player on the current draft at the chosen step. */
  play(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const definition = this.definition;
    if (!this._player || !definition || this.paused) return;
    const start = Math.min(this.start, definition.steps.length - 1);
    // Only what the form gives a value: an empty field means the page passed nothing (the fallback applies).
    this._player.vars = Object.fromEntries(Object.entries(this._vars).filter(([name, value]) => value !== '' && definition.variables?.some((v) => v.name === name)));
    this._player.flow = { flowId: this.flowId, version: this.version, definition: startingAt(definition, start) };
  }

  private renderVariables() {
    const variables = this.definition?.variables ?? [];
    if (variables.length === 0) return nothing;
    return html`<fieldset class="vars">
      <legend>Test variables</legend>
      <p class="muted">What a host page would pass (<code>data-var-*</code>); empty uses the fallback.</p>
      ${variables.map(
        (v) => html`<div class="field">
          <label for="var-${v.name}">${v.name}</label>
          <input
            id="var-${v.name}"
            .value=${this._vars[v.name] ?? ''}
            placeholder=${v.fallback ?? ''}
            @change=${(e: Event) => {
              this._vars = { ...this._vars, [v.name]: (e.target as HTMLInputElement).value };
              this.play();
            }}
          />
        </div>`,
      )}
    </fieldset>`;
  }

  override render() {
    const steps = this.definition?.steps ?? [];
    return html`<div class="bar">
        <div class="field">
          <label for="start">Start at</label>
          <select
            id="start"
            @change=${(e: Event) => {
              this.start = Number((e.target as HTMLSelectElement).value);
              this.play();
            }}
          >
            ${steps.map((s, i) => html`<option value=${i} ?selected=${i === this.start}>${i + 1}. ${s.prompt.title || s.id}</option>`)}
          </select>
        </div>
        <button class="button quiet" type="button" @click=${() => this.play()}>Restart</button>
      </div>
      ${this.renderVariables()}
      <p class="muted">The draft in the real widget. A preview sends nothing: no session, no answers.</p>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      ${this.paused ? html`<p role="status">${this.paused}</p>` : nothing}
      <div class="player" part="player" role="group" aria-label="Preview">
        ${this._player ?? (this._problem ? nothing : html`<p role="status">Loading the widget…</p>`)}
      </div>`;
  }
}

export function defineRbStudioPreview(tagName = 'rb-studio-preview'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbStudioPreview);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-studio-preview': RbStudioPreview;
  }
}
