import { css, html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import type { FlowDefinition, FlowProblem, MediaAssetInfo, Step } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { ANSWER_TYPES } from './flow-edits.js';
import { CARD_HEIGHT, CARD_WIDTH, layoutFlow, layoutKey, type FlowLayout } from './flow-layout.js';
import { stepThumbnail } from './media-library/media-words.js';
import type { StudioProblem } from './problems-list.js';
import { request } from './studio-events.js';

/** The problems whose path points into step `index` (`["steps", index, …]`). */
export function problemsOfStep<P extends Pick<FlowProblem, 'path'>>(problems: P[], index: number): P[] {
  return problems.filter((p) => p.path[0] === 'steps' && p.path[1] === index);
}


export const typeLabel = (step: Step): string => ANSWER_TYPES.find((t) => t.type === step.answer.type)?.label.replace(/ \(.*\)$/, '') ?? step.answer.type;

/**
 * The flow as a map: a card per step (poster, title, answer type, id, its problems pinned), laid out by dagre, an
 * arrow per branch labelled with its option. For the keyboard it is a list of the steps in flow order with one tab
 * stop (roving: arrows, Home, End move; Enter selects; Alt+↑/↓ reorder; Delete deletes), and the current card's
 * buttons follow it in the tab order. It asks (`rb-step-*-request`) and the page acts.
 *
 * @tag rb-flow-map
 * @csspart card - A step's card.
 * @cssproperty --rb-card-selected - Border of the selected card. Default `--rb-accent`.
 * @cssproperty --rb-problem - Colour of pinned problems. Default `#a4262c`.
 */
export class RbFlowMap extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        overflow: auto;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-map-bg, #eef0f4);
        max-height: 70vh;
      }
      .canvas {
        position: relative;
      }
      svg {
        position: absolute;
        inset: 0;
        pointer-events: none;
      }
      .arrow {
        fill: none;
        stroke: var(--rb-arrow, #5b6275);
        stroke-width: 1.5;
      }
      .arrow-label {
        font: 0.75rem var(--rb-font, system-ui, sans-serif);
        fill: var(--rb-text, #1d2330);
      }
      .arrow-label-bg {
        fill: var(--rb-map-bg, #eef0f4);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .card {
        position: absolute;
        box-sizing: border-box;
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        padding: 0.5rem;
        background: var(--rb-surface, #fff);
        border: 2px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        font-size: 0.8125rem;
      }
      .card[data-selected] {
        border-color: var(--rb-card-selected, var(--rb-accent, #2f3fb8));
        box-shadow: 0 0 0 2px var(--rb-accent-soft, #e8ebfb);
      }
      .card[data-problems] {
        border-style: dashed;
      }
      .select {
        all: unset;
        display: grid;
        grid-template-columns: 64px 1fr;
        gap: 0.125rem 0.5rem;
        cursor: pointer;
        border-radius: 4px;
        min-height: 0;
      }
      .select:focus-visible {
        outline: 2px solid var(--rb-accent, #2f3fb8);
        outline-offset: 2px;
      }
      .poster {
        grid-row: span 3;
        width: 64px;
        height: 36px;
        object-fit: cover;
        border-radius: 3px;
        background: var(--rb-code-bg, #f0f2f6);
      }
      .title {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      code {
        font-family: ui-monospace, monospace;
        font-size: 0.75rem;
      }
      .pins {
        margin: 0;
        color: var(--rb-problem, #a4262c);
        font-size: 0.75rem;
        overflow: hidden;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }
      .actions {
        margin-top: auto;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      .actions .button {
        padding: 0.125rem 0.4rem;
        font-size: 0.75rem;
      }
    `,
  ];

  static override properties = {
    flow: { attribute: false },
    problems: { attribute: false },
    assets: { attribute: false },
    selected: { type: Number },
    readonly: { type: Boolean },
    _focus: { state: true },
  };

  declare flow: FlowDefinition | null;
  declare problems: StudioProblem[];
  /** The library assets steps point at (a card shows its asset's poster). */
  declare assets: ReadonlyMap<string, MediaAssetInfo>;
  /** The selected step's index. */
  declare selected: number;
  declare readonly: boolean;
  /** The card holding the list's one tab stop. */
  declare private _focus: number;
  private layout: FlowLayout | null = null;
  /** The layout's `layoutKey`: typing a title or a setting does not run dagre again. */
  private laidOut = '';

  constructor() {
    super();
    this.flow = null;
    this.problems = [];
    this.assets = new Map();
    this.selected = 0;
    this.readonly = false;
    this._focus = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('selected')) this._focus = this.selected;
    const count = this.flow?.steps.length ?? 0;
    if (this._focus >= count) this._focus = Math.max(0, count - 1);
    if (this.flow && changed.has('flow')) {
      const key = layoutKey(this.flow);
      if (key !== this.laidOut) {
        this.layout = layoutFlow(this.flow);
        this.laidOut = key;
      }
    }
  }

  /** Puts focus on card `index`'s select button, or one of its actions (after the next render). */
  async focusCard(index: number, action?: string): Promise<void> {
    this._focus = index;
    await this.updateComplete;
    const card = this.renderRoot.querySelector<HTMLElement>(`.card[data-index="${index}"]`);
    const target = (action && card?.querySelector<HTMLButtonElement>(`[data-action="${action}"]:not([disabled])`)) || card?.querySelector<HTMLElement>('.select');
    target?.focus();
    target?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Asks to move a step and keeps focus with it (on the same button when it can still be pressed). */
  private move(index: number, by: number, action?: string): void {
    request(this, 'rb-step-move-request', { index, by });
    void this.focusCard(index + by, action);
  }

  /** Asks to delete a step; focus goes to the card that takes its place. */
  private delete(index: number): void {
    const last = (this.flow?.steps.length ?? 1) - 1;
    request(this, 'rb-step-delete-request', { index });
    void this.focusCard(Math.min(index, last - 1));
  }

  private onKeyDown(event: KeyboardEvent, index: number): void {
    const last = (this.flow?.steps.length ?? 1) - 1;
    const go = (to: number) => {
      event.preventDefault();
      void this.focusCard(Math.max(0, Math.min(last, to)));
    };
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      const by = event.key === 'ArrowUp' ? -1 : 1;
      if (!this.readonly && index + by >= 0 && index + by <= last) this.move(index, by);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        return go(index + 1);
      case 'ArrowUp':
      case 'ArrowLeft':
        return go(index - 1);
      case 'Home':
        return go(0);
      case 'End':
        return go(last);
      case 'Delete':
        if (this.readonly || last === 0) return;
        event.preventDefault();
        this.delete(index);
    }
  }

  private renderCard(step: Step, index: number, box: { x: number; y: number }) {
    const pinned = problemsOfStep(this.problems, index);
    const poster = stepThumbnail(step, (id) => this.assets.get(id));
    const tab = index === this._focus ? 0 : -1;
    const last = (this.flow?.steps.length ?? 1) - 1;
    const name = step.prompt.title || step.id;
    const act = (action: string, label: string, hidden: string, onClick: () => void, disabled = false) =>
      html`<button class="button quiet" type="button" data-action=${action} tabindex=${tab} ?disabled=${disabled} @click=${onClick}>
        ${label}<span class="visually-hidden"> ${hidden}</span>
      </button>`;
    return html`<li
      class="card"
      part="card"
      data-index=${index}
      data-id=${step.id}
      ?data-selected=${index === this.selected}
      ?data-problems=${pinned.length > 0}
      style="left:${box.x}px;top:${box.y}px;width:${CARD_WIDTH}px;height:${CARD_HEIGHT}px"
    >
      <button
        class="select"
        type="button"
        tabindex=${tab}
        aria-current=${index === this.selected ? 'step' : 'false'}
        aria-describedby=${pinned.length ? `pins-${index}` : nothing}
        @click=${() => request(this, 'rb-step-select-request', { index })}
        @keydown=${(e: KeyboardEvent) => this.onKeyDown(e, index)}
        @focus=${() => (this._focus = index)}
      >
        ${poster ? html`<img class="poster" src=${poster} alt="" />` : html`<span class="poster" aria-hidden="true"></span>`}
        <span class="title"><span class="visually-hidden">Step ${index + 1}: </span>${name}</span>
        <span class="muted">${typeLabel(step)}</span>
        <code>${step.id}</code>
      </button>
      ${pinned.length
        ? html`<p class="pins" id="pins-${index}">
            ⚠ ${pinned.length === 1 ? '1 problem' : `${pinned.length} problems`}: ${pinned.map((p) => p.message).join('; ')}
          </p>`
        : nothing}
      <div class="actions">
        ${this.readonly
          ? nothing
          : html`${act('earlier', '↑', `Move ${name} earlier`, () => this.move(index, -1, 'earlier'), index === 0)}
            ${act('later', '↓', `Move ${name} later`, () => this.move(index, 1, 'later'), index === last)}`}
        ${act('preview', 'Preview', `from ${name}`, () => request(this, 'rb-step-preview-request', { index }))}
        ${this.readonly ? nothing : act('delete', 'Delete', name, () => this.delete(index), last === 0)}
      </div>
    </li>`;
  }

  private renderArrows(layout: FlowLayout) {
    return svg`<svg width=${layout.width} height=${layout.height} aria-hidden="true">
      <defs>
        <marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M0 0 L10 5 L0 10 z" fill="var(--rb-arrow, #5b6275)"></path>
        </marker>
      </defs>
      ${layout.arrows.map((arrow) => {
        const d = arrow.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
        const w = Math.min(160, 8 + arrow.label.length * 7);
        return svg`<g class="branch" data-from=${arrow.from} data-to=${arrow.to}>
          <path class="arrow" d=${d} marker-end="url(#head)"></path>
          <rect class="arrow-label-bg" x=${arrow.labelAt.x - w / 2} y=${arrow.labelAt.y - 9} width=${w} height="18" rx="3"></rect>
          <text class="arrow-label" x=${arrow.labelAt.x} y=${arrow.labelAt.y + 4} text-anchor="middle">${arrow.label}</text>
        </g>`;
      })}
    </svg>`;
  }

  override render() {
    const flow = this.flow;
    const layout = this.layout;
    if (!flow || !layout) return nothing;
    return html`<div class="canvas" style="width:${layout.width}px;height:${layout.height}px">
      ${this.renderArrows(layout)}
      <ol aria-label="Steps, in flow order">
        ${flow.steps.map((step, index) => this.renderCard(step, index, layout.cards[index]!))}
      </ol>
    </div>`;
  }
}

export function defineRbFlowMap(tagName = 'rb-flow-map'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbFlowMap);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-flow-map': RbFlowMap;
  }
}
