// The figures of one column of the analytics page (one version's, or all versions'): summary tiles, the funnel with
// drop-off, choices, NPS, ratings, answers by kind and starts/completions over time, each chart with its numbers as
// a table. Plain template functions: the page owns the state, these only draw.
import { html, type TemplateResult } from 'lit';
import type { AnalyticsTimeseries, FlowAnalytics } from '@reelback/shared';
import {
  barChart,
  distributionChart,
  formatCount,
  formatDecimal,
  formatDuration,
  formatShare,
  lineChart,
  npsGroup,
  numbersTable,
} from './charts.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The range a response covered, in the workspace's calendar: first and last day (its `to` is excluded). */
function rangeText(scope: Pick<FlowAnalytics, 'from' | 'to' | 'timeZone'>): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: scope.timeZone });
  } catch {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  }
  const from = format.format(new Date(scope.from));
  const last = format.format(new Date(new Date(scope.to).getTime() - 1));
  return `${from === last ? from : `${from} – ${last}`} (${scope.timeZone})`;
}

/** `who` names the column in every table's caption (two columns' tables must not share a name). */
export function renderFigures(a: FlowAnalytics, series: AnalyticsTimeseries, prefix: string, who: string) {
  const s = a.summary;
  const empty = s.impressions === 0 && s.starts === 0;
  return html`<p class="scope muted">${rangeText(a)}</p>
    <dl class="tiles">
      ${tile('impressions', 'Impressions', formatCount(s.impressions))} ${tile('starts', 'Starts', formatCount(s.starts))}
      ${tile('completions', 'Completions', formatCount(s.completions))} ${tile('completion-rate', 'Completion rate', formatShare(s.completionRate))}
    </dl>
    ${empty
      ? html`<p class="empty" role="status">No sessions match these filters in this range.</p>`
      : html`${renderFunnel(a, who)} ${a.choices.map((c) => renderChoice(c, who))}
        ${a.nps.map((n, i) => renderNps(n, `${prefix}-nps${i}`, who))} ${a.ratings.map((r) => renderRating(r, who))}
        ${renderKinds(a, who)} ${renderSeries(series, who)}`}`;
}

function tile(key: string, label: string, value: string): TemplateResult {
  return html`<div class="tile" data-tile=${key}>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

function renderFunnel(a: FlowAnalytics, who: string) {
  const first = Math.max(1, ...a.steps.map((st) => st.reached));
  const dropOff = (st: FlowAnalytics['steps'][number]) => (st.reached > 0 ? st.dropped / st.reached : null);
  const summary = `Funnel: ${a.steps.map((st) => `${st.title}, ${st.reached} reached, ${st.dropped} dropped there`).join('; ')}`;
  return html`<section class="funnel">
    <h3>Funnel and drop-off</h3>
    ${a.steps.length === 0
      ? html`<p class="muted">No steps were viewed.</p>`
      : html`${barChart(
            summary,
            a.steps.map((st) => ({
              label: st.title,
              value: st.reached,
              text: `${formatCount(st.reached)} reached · ${formatCount(st.dropped)} dropped (${formatShare(dropOff(st))})`,
            })),
            first,
          )}
          ${numbersTable(
            `Funnel: sessions per step (${who})`,
            ['Step', 'Reached', 'Answered', 'Dropped there', 'Drop-off', 'Median time on step', 'Video 25 %', 'Video 50 %', 'Video 75 %', 'Video 100 %'],
            a.steps.map((st) => [
              st.title,
              formatCount(st.reached),
              formatCount(st.answered),
              formatCount(st.dropped),
              formatShare(dropOff(st)),
              formatDuration(st.medianTimeOnStepMs),
              formatCount(st.video.p25),
              formatCount(st.video.p50),
              formatCount(st.video.p75),
              formatCount(st.video.p100),
            ]),
          )}`}
  </section>`;
}

function renderChoice(c: FlowAnalytics['choices'][number], who: string) {
  const summary = `Choices on “${c.title}” (${plural(c.total, 'session')}): ${c.options.map((o) => `${o.label} ${o.count} (${formatShare(o.share)})`).join(', ')}`;
  return html`<section class="choice" data-step=${c.stepId}>
    <h3>Choices: ${c.title}</h3>
    <p class="headline">${plural(c.total, 'session')} chose</p>
    ${barChart(
      summary,
      c.options.map((o) => ({ label: o.label, value: o.count, text: `${formatCount(o.count)} (${formatShare(o.share)})` })),
    )}
    ${numbersTable(
      `Choices on “${c.title}” (${who})`,
      ['Option', 'Sessions', 'Share'],
      c.options.map((o) => [o.label, formatCount(o.count), formatShare(o.share)]),
    )}
  </section>`;
}

function renderNps(n: FlowAnalytics['nps'][number], prefix: string, who: string) {
  const groups = `${plural(n.promoters, 'promoter')}, ${plural(n.passives, 'passive')}, ${plural(n.detractors, 'detractor')} of ${plural(n.count, 'answer')}`;
  return html`<section class="nps" data-step=${n.stepId}>
    <h3>NPS: ${n.title}</h3>
    <p class="headline"><strong class="score">NPS ${formatDecimal(n.score)}</strong> · ${groups}</p>
    ${distributionChart(
      `NPS distribution for “${n.title}”, score ${formatDecimal(n.score)}: ${n.distribution.map((d) => `${d.value}: ${d.count}`).join(', ')}`,
      n.distribution,
      { prefix },
    )}
    ${numbersTable(
      `NPS answers for “${n.title}” (${who})`,
      ['Score', 'Answers', 'Group'],
      n.distribution.map((d) => [d.value, formatCount(d.count), npsGroup(d.value)]),
    )}
  </section>`;
}

function renderRating(r: FlowAnalytics['ratings'][number], who: string) {
  return html`<section class="rating" data-step=${r.stepId}>
    <h3>Rating: ${r.title}</h3>
    <p class="headline"><strong>Average ${formatDecimal(r.average)}</strong> of ${r.scale} · ${plural(r.count, 'answer')}</p>
    ${distributionChart(`Ratings for “${r.title}”, average ${formatDecimal(r.average)}: ${r.distribution.map((d) => `${d.value}: ${d.count}`).join(', ')}`, r.distribution, null)}
    ${numbersTable(
      `Ratings for “${r.title}” (${who})`,
      ['Rating', 'Answers'],
      r.distribution.map((d) => [d.value, formatCount(d.count)]),
    )}
  </section>`;
}

function renderKinds(a: FlowAnalytics, who: string) {
  const kinds = Object.entries(a.answersByKind) as [string, number][];
  return html`<section class="kinds">
    <h3>Answers by kind</h3>
    ${barChart(`Answers by kind: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}`, kinds.map(([k, n]) => ({ label: k, value: n })))}
    ${numbersTable(
      `Answers by kind (${who})`,
      ['Kind', 'Answers'],
      kinds.map(([k, n]) => [k, formatCount(n)]),
    )}
  </section>`;
}

function renderSeries(series: AnalyticsTimeseries, who: string) {
  const per = series.interval === 'hour' ? 'hour' : 'day';
  const buckets = series.buckets;
  const total = (key: 'starts' | 'completions') => buckets.reduce((sum, b) => sum + b[key], 0);
  return html`<section class="series">
    <h3>Starts and completions per ${per}</h3>
    ${buckets.length === 0
      ? html`<p class="muted">No ${per}s in this range.</p>`
      : html`${lineChart(
            `Starts (solid line) and completions (dashed line) per ${per}, ${buckets[0]!.label} to ${buckets.at(-1)!.label}: ${formatCount(total('starts'))} starts, ${formatCount(total('completions'))} completions`,
            buckets.map((b) => b.label),
            [
              { name: 'Starts', values: buckets.map((b) => b.starts), style: 'solid' },
              { name: 'Completions', values: buckets.map((b) => b.completions), style: 'dashed' },
            ],
          )}
          ${numbersTable(
            `Starts and completions per ${per}, ${series.timeZone} (${who})`,
            [per === 'hour' ? 'Hour' : 'Day', 'Starts', 'Completions'],
            buckets.map((b) => [b.label, formatCount(b.starts), formatCount(b.completions)]),
          )}`}
  </section>`;
}
