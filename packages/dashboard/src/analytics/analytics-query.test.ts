import { describe, expect, it } from 'vitest';
import { apiQuery, exportParams, nextDay, searchFromView, viewFromSearch } from './analytics-query.js';

describe('analytics view in the address', () => {
  it('keeps only values the API takes, and writes back what differs from the defaults', () => {
    const view = viewFromSearch('?flow=demo&range=12d&version=0&compare=2&device=fridge&embedMode=bubble&referrer=%20&utmSource=a%26b&from=2026-3-1&interval=week');
    expect(view).toEqual({ flow: 'demo', range: 30, from: '', to: '', version: null, compare: 2, interval: 'day', segments: { embedMode: 'bubble', utmSource: 'a&b' }, vars: {}, splitBy: null });
    expect(searchFromView(view)).toBe('flow=demo&compare=2&utmSource=a%26b&embedMode=bubble');
    expect(searchFromView(viewFromSearch('range=custom&from=2026-03-01&to=2026-03-31&interval=hour'))).toBe('range=custom&from=2026-03-01&to=2026-03-31&interval=hour');
  });

  it('keeps variable segments (`var.<name>`) and the split variable (`by`) in the address and the API query', () => {
    const view = viewFromSearch('?flow=demo&var.team=red%20one&var.plan=pro&var.9x=no&var.=no&var.empty=&by=plan&var.plan=second');
    expect(view.vars).toEqual({ plan: 'pro', team: 'red one' });
    expect(view.splitBy).toBe('plan');
    expect(searchFromView(view)).toBe('flow=demo&var.plan=pro&var.team=red+one&by=plan');
    expect(apiQuery(view, null, new Date(2026, 2, 3, 15)).toString()).toBe('from=2026-02-02&var.plan=pro&var.team=red+one');
    expect(viewFromSearch('by=not-a-name').splitBy).toBeNull();
  });

  it('asks for the last day shown included (`to` is the next day) and presets from N−1 days ago', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    const custom = viewFromSearch('range=custom&from=2026-03-01&to=2026-03-31&device=mobile');
    expect(apiQuery(custom, 2).toString()).toBe('version=2&from=2026-03-01&to=2026-04-01&device=mobile');
    expect(apiQuery(viewFromSearch('range=7d'), null, new Date(2026, 2, 3, 15)).toString()).toBe('from=2026-02-25');
  });

  it('exports the flow and the days shown, `to` included as the export API reads it, without version or segment', () => {
    const custom = viewFromSearch('flow=demo&range=custom&from=2026-03-01&to=2026-03-31&version=2&device=mobile');
    expect(exportParams(custom).toString()).toBe('flowId=demo&from=2026-03-01&to=2026-03-31');
    expect(exportParams(viewFromSearch('flow=a%26b&range=7d'), new Date(2026, 2, 3, 15)).toString()).toBe('flowId=a%26b&from=2026-02-25');
  });
});
