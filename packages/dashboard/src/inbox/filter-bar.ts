import { html, nothing } from 'lit';
import type { FlowSummary } from '@reelback/shared';
import { KIND_LABELS } from './answer-row.js';
import type { StepChoice } from './answers-api.js';
import { hasFilters, type InboxFilters, KINDS, SENTIMENTS, STATUSES } from './inbox-query.js';

export interface FilterBarProps {
  filters: InboxFilters;
  flows: readonly FlowSummary[];
  steps: readonly StepChoice[];
  tagOptions: readonly string[];
  /** One filter changed (the owner reloads and updates the address). */
  change(change: Partial<InboxFilters>): void;
  /** The tag field's text changed: suggestions for it. */
  suggestTags(prefix: string): void;
  clear(): void;
}

/** The filter bar (flow, step, kind, status, tag, dates, sentiment, starred) and the tag suggestions list it shares with the tag editor. */
export function renderFilterBar(p: FilterBarProps) {
  const f = p.filters;
  const select = (id: keyof InboxFilters, label: string, any: string, options: readonly { value: string; label: string }[]) => html`
    <div class="field">
      <label for="f-${id}">${label}</label>
      <select id="f-${id}" @change=${(e: Event) => p.change({ [id]: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${f[id] === ''}>${any}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${f[id] === o.value}>${o.label}</option>`)}
      </select>
    </div>
  `;
  const flows = p.flows.map((fl) => ({ value: fl.id, label: fl.name }));
  if (f.flowId && !flows.some((o) => o.value === f.flowId)) flows.push({ value: f.flowId, label: f.flowId });
  const date = (id: 'from' | 'to', label: string) => html`
    <div class="field">
      <label for="f-${id}">${label}</label>
      <input id="f-${id}" type="date" .value=${f[id]} @change=${(e: Event) => p.change({ [id]: (e.target as HTMLInputElement).value })} />
    </div>
  `;
  return html`
    <div class="bar filters" part="filters" role="group" aria-label="Filters">
      ${select('flowId', 'Flow', 'All flows', flows)}
      ${select('stepId', 'Step', 'All steps', p.steps.map((s) => ({ value: s.id, label: s.label })))}
      ${select('kind', 'Kind', 'All kinds', KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })))}
      ${select('status', 'Status', 'Any status', STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })))}
      <div class="field">
        <label for="f-tag">Tag</label>
        <input
          id="f-tag"
          type="text"
          list="tag-options"
          autocomplete="off"
          size="12"
          .value=${f.tag}
          @input=${(e: Event) => p.suggestTags((e.target as HTMLInputElement).value)}
          @change=${(e: Event) => p.change({ tag: (e.target as HTMLInputElement).value.trim().toLowerCase() })}
        />
      </div>
      ${date('from', 'From')} ${date('to', 'To')}
      ${select('sentiment', 'Sentiment', 'Any sentiment', SENTIMENTS.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })))}
      ${select('starred', 'Starred', 'Any', [
        { value: 'true', label: 'Starred' },
        { value: 'false', label: 'Not starred' },
      ])}
      ${hasFilters(f) ? html`<button class="button quiet" type="button" @click=${() => p.clear()}>Clear filters</button>` : nothing}
    </div>
    <datalist id="tag-options">${p.tagOptions.map((t) => html`<option value=${t}></option>`)}</datalist>
  `;
}
