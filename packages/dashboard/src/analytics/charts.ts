// The analytics page's charts: plain SVG from Lit templates (no chart library). Every chart is an `<svg role="img">`
// whose label says what it shows in words, prints its values beside the marks, tells series apart by dash style,
// marker shape or fill pattern as well as colour, and comes with a "Show numbers" table of the same figures.
import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatClock } from '../util/format.js';

const counter = new Intl.NumberFormat(undefined);
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const formatCount = (n: number): string => counter.format(n);
/** A share 0…1 as a percentage; an em dash when there is none. */
export const formatShare = (share: number | null): string => (share === null || !Number.isFinite(share) ? '—' : percent.format(share));
export const formatDecimal = (n: number | null): string => (n === null ? '—' : decimal.format(n));

/** Milliseconds as people read a short duration: `8.5 s`, from a minute on as a clock (`2:05`); an em dash for null. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = ms / 1000;
  return seconds < 60 ? `${decimal.format(seconds)} s` : formatClock(Math.round(seconds));
}

/** SVG text is not wrapped: long labels are cut (the table below has them whole). */
const cut = (text: string, max = 60): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export type Cell = string | number;

/**
 * The figures of a chart as a table behind a "Show numbers" disclosure: a caption, column headers, and the first
 * cell of each row as its row header. Numbers are formatted by the caller. The table may scroll (wide funnels,
 * hourly series), so its box is a named, focusable region: keyboards can scroll it.
 */
export function numbersTable(caption: string, headers: string[], rows: Cell[][]): TemplateResult {
  return html`<details class="numbers">
    <summary>Show numbers<span class="visually-hidden">: ${caption}</span></summary>
    <div class="table-scroll" tabindex="0" role="region" aria-label=${`${caption} (table)`}>
      <table>
        <caption>${caption}</caption>
        <thead>
          <tr>
            ${headers.map((h) => html`<th scope="col">${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([first, ...rest]) => html`<tr>
              <th scope="row">${first}</th>
              ${rest.map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}

export interface Bar {
  label: string;
  value: number;
  /** Printed at the end of the bar (defaults to the count). */
  text?: string;
}

const WIDTH = 640;
const BAR_AREA = 430;

/**
 * Horizontal bars, one per row: the label above, the bar, its value printed at its end. Bars scale to the largest
 * value (or `max`), so a zero is a visible empty track.
 */
export function barChart(summary: string, bars: Bar[], max = Math.max(1, ...bars.map((b) => b.value))): TemplateResult {
  const row = 44;
  const height = Math.max(row, bars.length * row);
  return html`<svg class="chart bars" role="img" aria-label=${summary} viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
    ${bars.map((bar, i) => {
      const y = i * row;
      const width = max > 0 ? (bar.value / max) * BAR_AREA : 0;
      return svg`<g>
        <text x="0" y=${y + 14} class="label">${cut(bar.label)}</text>
        <rect x="0" y=${y + 20} width=${BAR_AREA} height="16" class="track"></rect>
        <rect x="0" y=${y + 20} width=${Math.max(width, bar.value > 0 ? 2 : 0)} height="16" class="bar"></rect>
        <text x=${width + 8} y=${y + 33} class="value">${bar.text ?? formatCount(bar.value)}</text>
      </g>`;
    })}
  </svg>`;
}

/** Fill patterns for the three NPS groups (hatched, dotted, solid), ids made unique by `prefix`. */
function npsPatterns(prefix: string) {
  return svg`<defs>
    <pattern id="${prefix}-detractor" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="8" height="8" class="fill-detractor"></rect>
      <line x1="0" y1="0" x2="0" y2="8" class="hatch"></line>
    </pattern>
    <pattern id="${prefix}-passive" width="6" height="6" patternUnits="userSpaceOnUse">
      <rect width="6" height="6" class="fill-passive"></rect>
      <circle cx="3" cy="3" r="1.3" class="dot"></circle>
    </pattern>
  </defs>`;
}

export type NpsGroup = 'detractor' | 'passive' | 'promoter';
export const npsGroup = (value: number): NpsGroup => (value >= 9 ? 'promoter' : value >= 7 ? 'passive' : 'detractor');

/**
 * Columns for a 0…10 (NPS) or 1…n (rating) distribution, counts printed on top. For NPS, detractors (0–6) are
 * hatched, passives (7–8) dotted, promoters (9–10) solid, and the groups are named under the axis.
 */
export function distributionChart(summary: string, distribution: { value: number; count: number }[], nps: { prefix: string } | null): TemplateResult {
  const height = nps ? 190 : 160;
  const top = 24;
  const plot = 110;
  const slot = Math.min(56, (WIDTH - 20) / Math.max(1, distribution.length));
  const max = Math.max(1, ...distribution.map((d) => d.count));
  return html`<svg class="chart columns" role="img" aria-label=${summary} viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
    ${nps ? npsPatterns(nps.prefix) : nothing}
    <line x1="0" x2=${slot * distribution.length} y1=${top + plot} y2=${top + plot} class="axis"></line>
    ${distribution.map((d, i) => {
      const h = (d.count / max) * plot;
      const x = i * slot;
      const group = nps ? npsGroup(d.value) : null;
      const fill = group === 'detractor' || group === 'passive' ? `url(#${nps!.prefix}-${group})` : undefined;
      return svg`<g>
        <rect x=${x + 6} y=${top + plot - h} width=${slot - 12} height=${h} class=${fill ? 'patterned' : 'bar'} fill=${fill ?? nothing}></rect>
        <text x=${x + slot / 2} y=${top + plot - h - 6} class="value" text-anchor="middle">${formatCount(d.count)}</text>
        <text x=${x + slot / 2} y=${top + plot + 18} class="label" text-anchor="middle">${d.value}</text>
      </g>`;
    })}
    ${nps
      ? svg`<g class="groups">
          <text x=${(7 * slot) / 2} y=${top + plot + 42} text-anchor="middle">Detractors (0–6)</text>
          <text x=${8 * slot} y=${top + plot + 42} text-anchor="middle">Passives</text>
          <text x=${10 * slot} y=${top + plot + 42} text-anchor="middle">Promoters</text>
        </g>`
      : nothing}
  </svg>`;
}

export interface Series {
  name: string;
  values: number[];
  /** `solid` or `dashed` line, with circle or square markers: told apart without colour. */
  style: 'solid' | 'dashed';
}

/**
 * A line chart of series over the same labelled buckets: a solid line with round markers and a dashed line with
 * square ones, a legend drawing each, the largest value on the y axis and the first, middle and last labels on the x
 * axis. Markers are drawn only while there is room for them (up to 62 buckets).
 */
export function lineChart(summary: string, labels: string[], series: Series[]): TemplateResult {
  const left = 44;
  const right = 12;
  const top = 34;
  const plot = 150;
  const height = top + plot + 30;
  const n = labels.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => left + (n <= 1 ? (WIDTH - left - right) / 2 : (i * (WIDTH - left - right)) / (n - 1));
  const y = (v: number) => top + plot - (v / max) * plot;
  const ticks = n === 0 ? [] : [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  const markers = n <= 62;
  return html`<svg class="chart lines" role="img" aria-label=${summary} viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
    <g class="legend">
      ${series.map(
        (s, i) => svg`<g transform="translate(${left + i * 190} 6)">
          <line x1="0" x2="34" y1="8" y2="8" class="series ${s.style}"></line>
          ${s.style === 'solid' ? svg`<circle cx="17" cy="8" r="4" class="marker ${s.style}"></circle>` : svg`<rect x="13" y="4" width="8" height="8" class="marker ${s.style}"></rect>`}
          <text x="42" y="13">${s.name}</text>
        </g>`,
      )}
    </g>
    <line x1=${left} x2=${WIDTH - right} y1=${top + plot} y2=${top + plot} class="axis"></line>
    <line x1=${left} x2=${WIDTH - right} y1=${top} y2=${top} class="grid"></line>
    <text x=${left - 6} y=${top + 4} text-anchor="end" class="label">${formatCount(max)}</text>
    <text x=${left - 6} y=${top + plot + 4} text-anchor="end" class="label">0</text>
    ${ticks.map(
      (i, k) => svg`<text x=${x(i)} y=${top + plot + 20} class="label" text-anchor=${n > 1 && k === ticks.length - 1 ? 'end' : k === 0 && n > 1 ? 'start' : 'middle'}>${labels[i]}</text>`,
    )}
    ${series.map(
      (s) => svg`<g>
        <polyline class="series ${s.style}" points=${s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}></polyline>
        ${markers
          ? s.values.map((v, i) =>
              s.style === 'solid'
                ? svg`<circle cx=${x(i)} cy=${y(v)} r="3.5" class="marker solid"></circle>`
                : svg`<rect x=${x(i) - 3.5} y=${y(v) - 3.5} width="7" height="7" class="marker dashed"></rect>`,
            )
          : nothing}
      </g>`,
    )}
  </svg>`;
}
