import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { VariableSplit } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { analyticsStyles } from './analytics.styles.js';
import { barChart, formatCount, formatShare, numbersTable } from './charts.js';

/** What the split's `value: null` row stands for. */
export const NO_VALUE = '(not passed)';

/**
 * "By variable": sessions, starts, completions and completion rate per value of one declared session variable, from
 * `GET /api/v1/flows/:flowId/analytics/variables/:variable` with the page's query (range, version, segments): the
 * most frequent values as bars and a table, the rest gathered as "Other values". Picking a variable asks the page
 * (`rb-split-variable`, detail: the name or null) to keep it in the address; the page sets `variable` back.
 *
 * @tag rb-variable-split
 * @fires rb-split-variable - The owner picked a variable to split by (detail: its name, or null for none).
 */
export class RbVariableSplit extends LitElement {
  static override styles = [sharedStyles, analyticsStyles];
  static override properties = {
    api: { attribute: false },
    flowId: { attribute: false },
    query: { attribute: false },
    variables: { attribute: false },
    variable: { attribute: false },
    _split: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient;
  declare flowId: string;
  /** The page's API query (without `?`): the split covers the same sessions as the figures beside it. */
  declare query: string;
  /** The variables the flow declares. */
  declare variables: readonly string[];
  declare variable: string | null;
  declare private _split: VariableSplit | null;
  declare private _problem: string;
  private _generation = 0;

  constructor() {
    super();
    this.query = '';
    this.variables = [];
    this.variable = null;
    this._split = null;
    this._problem = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('flowId') || changed.has('query') || changed.has('variable')) void this.load();
  }

  private async load(): Promise<void> {
    const generation = ++this._generation;
    this._split = null;
    this._problem = '';
    if (!this.flowId || !this.variable || !this.variables.includes(this.variable)) return;
    const path = `/flows/${encodeURIComponent(this.flowId)}/analytics/variables/${encodeURIComponent(this.variable)}`;
    try {
      const split = await this.api.get<VariableSplit>(`${path}${this.query ? `?${this.query}` : ''}`);
      if (generation === this._generation) this._split = split;
    } catch (error) {
      if (generation === this._generation) this._problem = error instanceof ApiProblem || error instanceof Error ? error.message : String(error);
    }
  }

  private pick(name: string): void {
    this.dispatchEvent(new CustomEvent<string | null>('rb-split-variable', { detail: name || null, bubbles: true, composed: true }));
  }

  override render() {
    return html`<section class="by-variable" aria-labelledby="by-variable-title" aria-busy=${this.variable !== null && !this._split && !this._problem ? 'true' : 'false'}>
      <h2 id="by-variable-title">By variable</h2>
      ${this.variables.length === 0
        ? html`<p class="muted">This flow declares no variables. Declare some in the studio to see figures per value the host page passes.</p>`
        : html`<label class="field">
              Split by
              <select name="splitBy" @change=${(e: Event) => this.pick((e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${this.variable === null}>Choose a variable</option>
                ${this.variables.map((v) => html`<option value=${v} ?selected=${this.variable === v}>${v}</option>`)}
              </select>
            </label>
            ${this.renderSplit()}`}
    </section>`;
  }

  private renderSplit() {
    if (this.variable === null) return nothing;
    if (this._problem) return html`<p class="error" role="alert">${this._problem}</p>`;
    const split = this._split;
    if (!split) return html`<p role="status">Loading the figures…</p>`;
    const rows = [
      ...split.values.map((v) => ({ label: v.value ?? NO_VALUE, ...v })),
      ...(split.other ? [{ label: `Other values (${formatCount(split.other.values)})`, ...split.other }] : []),
    ];
    if (rows.length === 0) return html`<p class="empty" role="status">No sessions match these filters in this range.</p>`;
    const summary = `Sessions by ${split.variable}: ${rows.map((r) => `${r.label} ${r.sessions}, completion rate ${formatShare(r.completionRate)}`).join('; ')}`;
    return html`${barChart(
        summary,
        rows.map((r) => ({ label: r.label, value: r.sessions, text: `${formatCount(r.sessions)} · ${formatShare(r.completionRate)} completed` })),
      )}
      ${numbersTable(
        `Sessions by ${split.variable}`,
        ['Value', 'Sessions', 'Starts', 'Completions', 'Completion rate'],
        rows.map((r) => [r.label, formatCount(r.sessions), formatCount(r.starts), formatCount(r.completions), formatShare(r.completionRate)]),
      )}`;
  }
}

export function defineRbVariableSplit(tagName = 'rb-variable-split'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbVariableSplit);
}

defineRbVariableSplit();

declare global {
  interface HTMLElementTagNameMap {
    'rb-variable-split': RbVariableSplit;
  }
  interface HTMLElementEventMap {
    'rb-split-variable': CustomEvent<string | null>;
  }
}
