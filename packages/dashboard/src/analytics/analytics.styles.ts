import { css } from 'lit';

/** The analytics page: filter bar, tiles, charts (SVG classes from charts.ts) and their tables. */
export const analyticsStyles = css`
  :host {
    display: block;
  }
  form.filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
    align-items: end;
    padding: 0.75rem;
    background: var(--rb-surface, #fff);
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    margin-bottom: var(--rb-space, 1rem);
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
    align-items: end;
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.25rem;
  }
  .field select,
  .field input {
    border: 1px solid var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
    padding: 0.4em 0.5em;
    background: var(--rb-surface, #fff);
    color: inherit;
    font: inherit;
  }
  .field input[type='text'] {
    width: 10rem;
  }
  .exports,
  .by-variable {
    margin-top: 2rem;
  }
  .columns {
    display: grid;
    gap: var(--rb-space, 1rem);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
    align-items: start;
  }
  .column {
    background: var(--rb-surface, #fff);
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    padding: 0.75rem 1rem;
    min-width: 0;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.25rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1.5rem 0 0.5rem;
  }
  .scope {
    margin: 0 0 0.75rem;
    font-size: 0.9375rem;
  }
  dl.tiles {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }
  .tile {
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    padding: 0.5rem 0.75rem;
  }
  .tile dt {
    font-size: 0.875rem;
    color: var(--rb-muted, #545968);
  }
  .tile dd {
    margin: 0;
    font-size: 1.5rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .headline {
    margin: 0 0 0.5rem;
  }
  svg.chart {
    display: block;
    max-width: 44rem;
    font-size: 14px;
    overflow: visible;
  }
  svg .label,
  svg .legend text,
  svg .groups text {
    fill: var(--rb-text, #1c1e24);
  }
  svg .value {
    fill: var(--rb-text, #1c1e24);
    font-weight: 600;
  }
  svg .track {
    fill: var(--rb-track, #eceef3);
  }
  svg .bar {
    fill: var(--rb-chart-1, var(--rb-accent, #2f3fb8));
  }
  svg .fill-detractor,
  svg .fill-passive {
    fill: var(--rb-surface, #fff);
  }
  svg .hatch {
    stroke: var(--rb-chart-3, #9b2c2c);
    stroke-width: 3;
  }
  svg .dot {
    fill: var(--rb-chart-4, #6b5b00);
  }
  svg .patterned {
    stroke: var(--rb-text, #1c1e24);
    stroke-width: 1;
  }
  svg .axis {
    stroke: var(--rb-border-strong, #767b8c);
  }
  svg .grid {
    stroke: var(--rb-border, #d5d8e0);
    stroke-dasharray: 2 4;
  }
  svg .series {
    fill: none;
    stroke-width: 2.5;
  }
  svg .series.solid {
    stroke: var(--rb-chart-1, var(--rb-accent, #2f3fb8));
  }
  svg .series.dashed {
    stroke: var(--rb-chart-2, #a3470b);
    stroke-dasharray: 7 5;
  }
  svg .marker.solid {
    fill: var(--rb-chart-1, var(--rb-accent, #2f3fb8));
  }
  svg .marker.dashed {
    fill: var(--rb-chart-2, #a3470b);
  }
  details.numbers {
    margin: 0.5rem 0 0;
  }
  details.numbers summary {
    cursor: pointer;
    color: var(--rb-link, var(--rb-accent, #2f3fb8));
    width: fit-content;
  }
  .table-scroll {
    overflow-x: auto;
    max-height: 28rem;
    overflow-y: auto;
  }
  table {
    border-collapse: collapse;
    font-size: 0.9375rem;
    font-variant-numeric: tabular-nums;
    margin-top: 0.5rem;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.25rem;
  }
  th,
  td {
    text-align: right;
    padding: 0.25rem 0.6rem;
    border-bottom: 1px solid var(--rb-border, #d5d8e0);
  }
  th[scope='row'],
  thead th:first-child {
    text-align: left;
  }
`;
