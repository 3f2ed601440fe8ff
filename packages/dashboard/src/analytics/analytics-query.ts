// The analytics page's view as kept in the address (so a view can be shared) and as asked of the server.
// Pure functions: the page reads `location.search` into a view, writes a view back with replaceState, and turns
// it into the query of GET /api/v1/flows/:flowId/analytics(/timeseries).
import { EMBED_MODES } from '@reelback/shared/event-types';

export const PRESETS = [7, 30, 90] as const;
export type Preset = (typeof PRESETS)[number];
export const DEVICES = ['mobile', 'tablet', 'desktop'] as const;
export { EMBED_MODES };

/** The segment filters, named as the API names them. */
export const SEGMENTS = ['device', 'referrer', 'utmSource', 'utmMedium', 'utmCampaign', 'embedMode'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface AnalyticsView {
  flow: string | null;
  /** The last N days (today included), or a custom range of days. */
  range: Preset | 'custom';
  /** Custom range: first and last day shown (both included), `YYYY-MM-DD`; empty when not set. */
  from: string;
  to: string;
  /** One published version, or null for all. */
  version: number | null;
  /** A second version shown beside the first, or null. */
  compare: number | null;
  interval: 'day' | 'hour';
  segments: Partial<Record<Segment, string>>;
  /** Session-variable segments (`var.<name>=<value>` in the address, as the API takes them), by name. */
  vars: Record<string, string>;
  /** The declared variable the "By variable" table splits by (`by=` in the address), or null. */
  splitBy: string | null;
}

/** A variable's name as flows declare it (letters, digits, "_"; a letter first). */
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const VAR_PREFIX = 'var.';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const versionOf = (value: string | null): number | null => (value && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : null);

export function viewFromSearch(search: string): AnalyticsView {
  const params = new URLSearchParams(search);
  const range = params.get('range');
  const segments: AnalyticsView['segments'] = {};
  for (const name of SEGMENTS) {
    const value = params.get(name)?.trim();
    if (!value) continue;
    if (name === 'device' && !(DEVICES as readonly string[]).includes(value)) continue;
    if (name === 'embedMode' && !(EMBED_MODES as readonly string[]).includes(value)) continue;
    segments[name] = value;
  }
  const vars: Record<string, string> = {};
  for (const [key, value] of params) {
    const name = key.startsWith(VAR_PREFIX) ? key.slice(VAR_PREFIX.length) : '';
    if (VARIABLE_NAME.test(name) && value && !(name in vars)) vars[name] = value;
  }
  const by = params.get('by');
  return {
    flow: params.get('flow') || null,
    range: range === 'custom' ? 'custom' : (PRESETS.find((p) => range === `${p}d`) ?? 30),
    from: DAY.test(params.get('from') ?? '') ? params.get('from')! : '',
    to: DAY.test(params.get('to') ?? '') ? params.get('to')! : '',
    version: versionOf(params.get('version')),
    compare: versionOf(params.get('compare')),
    interval: params.get('interval') === 'hour' ? 'hour' : 'day',
    segments,
    vars,
    splitBy: by && VARIABLE_NAME.test(by) ? by : null,
  };
}

/** The variable segments as query parameters (sorted by name, so a view has one address). */
function setVars(params: URLSearchParams, vars: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(vars).sort()) if (vars[name]) params.set(`${VAR_PREFIX}${name}`, vars[name]!);
}

/** The view as the address's query (defaults left out), without `?`. */
export function searchFromView(view: AnalyticsView): string {
  const params = new URLSearchParams();
  if (view.flow) params.set('flow', view.flow);
  if (view.range === 'custom') {
    params.set('range', 'custom');
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', view.to);
  } else if (view.range !== 30) {
    params.set('range', `${view.range}d`);
  }
  if (view.version !== null) params.set('version', String(view.version));
  if (view.compare !== null) params.set('compare', String(view.compare));
  if (view.interval !== 'day') params.set('interval', view.interval);
  for (const name of SEGMENTS) if (view.segments[name]) params.set(name, view.segments[name]!);
  setVars(params, view.vars);
  if (view.splitBy) params.set('by', view.splitBy);
  return params.toString();
}

/** `YYYY-MM-DD` of a date in the browser's calendar. */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day after `day` (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayOf(new Date(y, m - 1, d + 1));
}

/**
 * The API query for one version of the view. Days go to the server as dates, which it reads as the start of that
 * day in the workspace's time zone; its `to` is excluded, so the last day shown is sent as the day after. A preset
 * is "today and the N−1 days before" up to now (no `to`).
 */
export function apiQuery(view: AnalyticsView, version: number | null, now = new Date()): URLSearchParams {
  const params = new URLSearchParams();
  if (version !== null) params.set('version', String(version));
  if (view.range === 'custom') {
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', nextDay(view.to));
  } else {
    params.set('from', dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (view.range - 1))));
  }
  for (const name of SEGMENTS) if (view.segments[name]) params.set(name, view.segments[name]!);
  setVars(params, view.vars);
  return params;
}

/**
 * The query of the exports (`GET /api/v1/exports/*`) for the view's flow and days. Exports read a date as that
 * day in UTC and include their `to` day, so the last day shown goes as it is. Version and segments are not
 * export filters: an export holds every version's rows.
 */
export function exportParams(view: AnalyticsView, now = new Date()): URLSearchParams {
  const params = new URLSearchParams();
  if (view.flow) params.set('flowId', view.flow);
  if (view.range === 'custom') {
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', view.to);
  } else {
    params.set('from', dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (view.range - 1))));
  }
  return params;
}
