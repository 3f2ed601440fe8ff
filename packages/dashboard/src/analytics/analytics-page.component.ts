import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { AnalyticsTimeseries, EditableFlow, FlowAnalytics, FlowSummary } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { flowsPath } from '../app/routes.js';
import '../exports/export.component.js';
import { sharedStyles } from '../styles/shared.styles.js';
import {
  type AnalyticsView,
  apiQuery,
  DEVICES,
  exportParams,
  EMBED_MODES,
  PRESETS,
  searchFromView,
  type Segment,
  viewFromSearch,
} from './analytics-query.js';
import { analyticsStyles } from './analytics.styles.js';
import { renderFigures } from './analytics-figures.js';
import './variable-split.component.js';

/** Archived flows stay in the picker (their figures stay reachable), marked and never picked by default. */
const isArchived = (flow: FlowSummary): boolean => Boolean((flow as Partial<EditableFlow>).archivedAt);

/** One version's figures (or all versions'): a column of the page. */
interface Column {
  version: number | null;
  status: 'loading' | 'ready' | 'error';
  analytics?: FlowAnalytics;
  series?: AnalyticsTimeseries;
  problem?: string;
}

const TEXT_SEGMENTS: { name: Segment; label: string }[] = [
  { name: 'referrer', label: 'Referrer host' },
  { name: 'utmSource', label: 'UTM source' },
  { name: 'utmMedium', label: 'UTM medium' },
  { name: 'utmCampaign', label: 'UTM campaign' },
];

const versionName = (version: number | null): string => (version === null ? 'All versions' : `Version ${version}`);

/** A 400's message with the problems it names (`version: must be a version number`), else the message alone. */
function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).filter((m) => !error.message.includes(m));
  return [error.message, ...issues].join(' — ');
}

/**
 * The analytics page's content (its own lazy chunk, under `<rb-analytics>`'s heading): filters kept in the address,
 * then one column per version asked for (a second with "Compare with"), each from `GET /api/v1/flows/:id/analytics`
 * and `…/analytics/timeseries` with the same query: summary tiles, the funnel with drop-off, choices, NPS, ratings,
 * answers by kind and starts/completions over time, each chart with its numbers as a table.
 *
 * @tag rb-analytics-page
 * @cssproperty --rb-chart-1 - Bars and the first line (starts). Default the accent colour.
 * @cssproperty --rb-chart-2 - The second line (completions, dashed). Default `#a3470b`.
 * @cssproperty --rb-chart-3 - Hatching of NPS detractors. Default `#9b2c2c`.
 * @cssproperty --rb-chart-4 - Dots of NPS passives. Default `#6b5b00`.
 * @cssproperty --rb-track - The empty part of a bar. Default `#eceef3`.
 */
export class RbAnalyticsPage extends LitElement {
  static override styles = [sharedStyles, analyticsStyles];
  static override properties = {
    api: { attribute: false },
    search: { attribute: false },
    _flows: { state: true },
    _flowsProblem: { state: true },
    _view: { state: true },
    _columns: { state: true },
  };

  declare api: ApiClient;
  /**
   * The address's query as the app routed here. The page keeps the address up to date itself (replaceState); a new
   * value means a navigation to another view (a link, the back button), which replaces the current one.
   */
  declare search: string;
  private _routedSearch: string;
  /** null while loading. */
  declare private _flows: FlowSummary[] | null;
  declare private _flowsProblem: string;
  declare private _view: AnalyticsView;
  declare private _columns: Column[];
  /** Answers to an older view are dropped when they arrive after a newer one was asked for. */
  private _generation = 0;

  constructor() {
    super();
    this._flows = null;
    this._flowsProblem = '';
    this.search = location.search;
    this._routedSearch = this.search;
    this._view = viewFromSearch(this.search);
    this._columns = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('search') || this.search === this._routedSearch) return;
    this._routedSearch = this.search;
    this._view = viewFromSearch(this.search);
    if (this._flows) this.showView();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadFlows();
  }

  private async loadFlows(): Promise<void> {
    this._flowsProblem = '';
    this._flows = null;
    let flows: FlowSummary[];
    try {
      flows = await this.api.allFlows();
    } catch (error) {
      this._flowsProblem = problemText(error);
      return;
    }
    this._flows = flows;
    this.showView();
  }

  /** Loads the view, on the first published flow when it names none. */
  private showView(): void {
    const flows = this._flows ?? [];
    if (!this._view.flow && flows.length > 0) {
      const first = flows.find((f) => f.latestVersion !== null && !isArchived(f)) ?? flows[0]!;
      this.setView({ flow: first.id });
    } else if (this._view.flow) {
      void this.load();
    }
  }

  private get flow(): FlowSummary | undefined {
    return this._flows?.find((f) => f.id === this._view.flow);
  }

  /** Changes the view, keeps it in the address (replaceState: filtering is not a new page) and loads it. */
  private setView(patch: Partial<AnalyticsView>): void {
    const view = { ...this._view, ...patch };
    if (view.compare !== null && view.compare === view.version) view.compare = null;
    this._view = view;
    const search = searchFromView(view);
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
    void this.load();
  }

  private setSegment(name: Segment, value: string): void {
    const segments = { ...this._view.segments };
    if (value.trim()) segments[name] = value.trim();
    else delete segments[name];
    this.setView({ segments });
  }

  /** The variables the chosen flow's draft declares (what its sessions can have kept). */
  private get declared(): string[] {
    return (this.flow?.draft.variables ?? []).map((v) => v.name);
  }

  /** The variable segment as the form shows it: the page edits one (the address may hold more, kept as they are). */
  private varSegment(form: HTMLFormElement): Record<string, string> {
    const name = (form.elements.namedItem('varName') as HTMLSelectElement | null)?.value ?? '';
    const value = (form.elements.namedItem('varValue') as HTMLInputElement | null)?.value.trim() ?? '';
    const vars = { ...this._view.vars };
    const shown = Object.keys(vars)[0];
    if (shown !== undefined) delete vars[shown];
    if (name && value) vars[name] = value;
    return vars;
  }

  private async load(): Promise<void> {
    const view = this._view;
    if (!view.flow) return;
    const generation = ++this._generation;
    const versions = view.compare === null ? [view.version] : [view.version, view.compare];
    this._columns = versions.map((version) => ({ version, status: 'loading' }));
    const base = `/flows/${encodeURIComponent(view.flow)}/analytics`;
    const columns = await Promise.all(
      versions.map(async (version): Promise<Column> => {
        const query = apiQuery(view, version);
        const seriesQuery = new URLSearchParams(query);
        seriesQuery.set('interval', view.interval);
        try {
          const [analytics, series] = await Promise.all([
            this.api.get<FlowAnalytics>(`${base}?${query}`),
            this.api.get<AnalyticsTimeseries>(`${base}/timeseries?${seriesQuery}`),
          ]);
          return { version, status: 'ready', analytics, series };
        } catch (error) {
          return { version, status: 'error', problem: problemText(error) };
        }
      }),
    );
    if (generation === this._generation) this._columns = columns;
  }

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const segments = { ...this._view.segments };
    for (const { name } of TEXT_SEGMENTS) {
      const value = (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
      if (value) segments[name] = value;
      else delete segments[name];
    }
    this.setView({ segments, vars: this.varSegment(form) });
  };

  private renderVarSegment() {
    const view = this._view;
    const [shownName, shownValue] = Object.entries(view.vars)[0] ?? [null, ''];
    const names = [...new Set([...this.declared, ...Object.keys(view.vars)])];
    if (names.length === 0) return nothing;
    const apply = (e: Event) => this.setView({ vars: this.varSegment((e.target as HTMLElement).closest('form')!) });
    return html`<label class="field">
        Variable
        <select name="varName" @change=${apply}>
          ${names.map((n) => html`<option value=${n} ?selected=${n === (shownName ?? names[0])}>${n}</option>`)}
        </select>
      </label>
      <label class="field">
        Variable value
        <input type="text" name="varValue" maxlength="500" .value=${shownValue} placeholder="any" autocomplete="off" @change=${apply} />
      </label>`;
  }

  private renderFilters(flows: FlowSummary[]) {
    const view = this._view;
    const latest = Math.max(this.flow?.latestVersion ?? 0, view.version ?? 0, view.compare ?? 0);
    const versions = Array.from({ length: latest }, (_, i) => latest - i);
    const numberOrNull = (value: string) => (value ? Number(value) : null);
    return html`<form class="filters" aria-label="Filters" @submit=${this.onSubmit}>
      <label class="field">
        Flow
        <select name="flow" @change=${(e: Event) => this.setView({ flow: (e.target as HTMLSelectElement).value, version: null, compare: null, vars: {}, splitBy: null })}>
          ${flows.map((f) => html`<option value=${f.id} ?selected=${f.id === view.flow}>${f.name}${isArchived(f) ? ' (archived)' : ''}</option>`)}
        </select>
      </label>
      <label class="field">
        Date range
        <select
          name="range"
          @change=${(e: Event) => {
            const value = (e.target as HTMLSelectElement).value;
            this.setView({ range: value === 'custom' ? 'custom' : (Number(value) as AnalyticsView['range']) });
          }}
        >
          ${PRESETS.map((days) => html`<option value=${days} ?selected=${view.range === days}>Last ${days} days</option>`)}
          <option value="custom" ?selected=${view.range === 'custom'}>Custom…</option>
        </select>
      </label>
      ${view.range === 'custom'
        ? html`<label class="field">
              From
              <input type="date" name="from" .value=${view.from} @change=${(e: Event) => this.setView({ from: (e.target as HTMLInputElement).value })} />
            </label>
            <label class="field">
              To (included)
              <input type="date" name="to" .value=${view.to} @change=${(e: Event) => this.setView({ to: (e.target as HTMLInputElement).value })} />
            </label>`
        : nothing}
      <label class="field">
        Version
        <select name="version" @change=${(e: Event) => this.setView({ version: numberOrNull((e.target as HTMLSelectElement).value) })}>
          <option value="" ?selected=${view.version === null}>All versions</option>
          ${versions.map((v) => html`<option value=${v} ?selected=${view.version === v}>Version ${v}</option>`)}
        </select>
      </label>
      <label class="field">
        Compare with
        <select name="compare" @change=${(e: Event) => this.setView({ compare: numberOrNull((e.target as HTMLSelectElement).value) })}>
          <option value="" ?selected=${view.compare === null}>Nothing</option>
          ${versions.filter((v) => v !== view.version).map((v) => html`<option value=${v} ?selected=${view.compare === v}>Version ${v}</option>`)}
        </select>
      </label>
      <label class="field">
        Time series
        <select name="interval" @change=${(e: Event) => this.setView({ interval: (e.target as HTMLSelectElement).value === 'hour' ? 'hour' : 'day' })}>
          <option value="day" ?selected=${view.interval === 'day'}>Per day</option>
          <option value="hour" ?selected=${view.interval === 'hour'}>Per hour</option>
        </select>
      </label>
      <fieldset>
        <legend>Segment</legend>
        <label class="field">
          Device
          <select name="device" @change=${(e: Event) => this.setSegment('device', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!view.segments.device}>Any device</option>
            ${DEVICES.map((d) => html`<option value=${d} ?selected=${view.segments.device === d}>${d}</option>`)}
          </select>
        </label>
        <label class="field">
          Embed mode
          <select name="embedMode" @change=${(e: Event) => this.setSegment('embedMode', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!view.segments.embedMode}>Any embed</option>
            ${EMBED_MODES.map((m) => html`<option value=${m} ?selected=${view.segments.embedMode === m}>${m}</option>`)}
          </select>
        </label>
        ${TEXT_SEGMENTS.map(
          ({ name, label }) => html`<label class="field">
            ${label}
            <input type="text" name=${name} .value=${view.segments[name] ?? ''} placeholder="any" autocomplete="off" @change=${(e: Event) => this.setSegment(name, (e.target as HTMLInputElement).value)} />
          </label>`,
        )}
        ${this.renderVarSegment()}
        <button class="button" type="submit">Apply</button>
        ${Object.keys(view.segments).length + Object.keys(view.vars).length > 0
          ? html`<button class="button quiet" type="button" @click=${() => this.setView({ segments: {}, vars: {} })}>Clear segment</button>`
          : nothing}
      </fieldset>
    </form>`;
  }

  override render() {
    if (this._flowsProblem) {
      return html`<p class="error" role="alert">${this._flowsProblem}</p>
        <button class="button" type="button" @click=${() => this.loadFlows()}>Try again</button>`;
    }
    const flows = this._flows;
    if (!flows) return html`<p role="status">Loading flows…</p>`;
    if (flows.length === 0) return html`<p>There are no flows yet, so nothing to measure. <a href=${flowsPath}>See flows</a>.</p>`;
    return html`${this.renderFilters(flows)}
      ${this._view.flow && !this.flow ? html`<p class="error" role="alert">There is no flow “${this._view.flow}” in this workspace.</p>` : nothing}
      <div class="columns">${this._columns.map((column, i) => this.renderColumn(column, i))}</div>
      ${this.flow
        ? html`<rb-variable-split
            .api=${this.api}
            .flowId=${this.flow.id}
            .query=${apiQuery(this._view, this._view.version).toString()}
            .variables=${this.declared}
            .variable=${this._view.splitBy}
            @rb-split-variable=${(e: CustomEvent<string | null>) => this.setView({ splitBy: e.detail })}
          ></rb-variable-split>`
        : nothing}
      ${this.flow ? this.renderExport(this.flow) : nothing}`;
  }

  /** Sessions, raw events and answers of the chosen flow and days (every version: exports do not split by it). */
  private renderExport(flow: FlowSummary) {
    return html`<section class="exports" aria-labelledby="exports-title">
      <h2 id="exports-title">Export data</h2>
      <p class="muted">The rows of “${flow.name}” for the days above, every version and segment; days are read in UTC.</p>
      <rb-export .api=${this.api} .kinds=${['sessions', 'events', 'answers']} .params=${exportParams(this._view)} label="Export ${flow.name}"></rb-export>
    </section>`;
  }

  private renderColumn(column: Column, index: number) {
    const id = `column-${index}`;
    return html`<section class="column" aria-labelledby=${id} aria-busy=${column.status === 'loading' ? 'true' : 'false'}>
      <h2 id=${id}>${versionName(column.version)}</h2>
      ${column.status === 'loading'
        ? html`<p role="status">Loading the figures…</p>`
        : column.status === 'error'
          ? html`<p class="error" role="alert">${column.problem}</p>
              <button class="button" type="button" @click=${() => this.load()}>Try again</button>`
          : renderFigures(column.analytics!, column.series!, `c${index}`, versionName(column.version))}
    </section>`;
  }
}

export function defineRbAnalyticsPage(tagName = 'rb-analytics-page'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAnalyticsPage);
}

defineRbAnalyticsPage();

declare global {
  interface HTMLElementTagNameMap {
    'rb-analytics-page': RbAnalyticsPage;
  }
}
