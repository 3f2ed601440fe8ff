import { beforeAll, describe, expect, it } from 'vitest';
import { branchingFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const bootstrap = (timeZone: string) => ({ workspaceName: 'Zones', email: 'zoe@example.org', name: 'Zoe', password: 'a long enough password', timeZone });

/**
 * Issue #11: a workspace time zone the server does not know was stored (and analytics then quietly used UTC), and
 * dates in years 0000–0099 answered 500 (Date.UTC reads two-digit years as 19xx).
 */
describe.each(storageFactories)('analytics ranges and workspace time zones on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('ranges');

  beforeAll(async () => {
    const made = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: bootstrap('Asia/Kolkata') });
    expect(made.status, await made.clone().text()).toBe(201);
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: branchingFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
  });

  it('refuses a time zone the server does not know with a 400 naming the field', async () => {
    for (const timeZone of ['../../../etc/passwd', 'Mars/Olympus', 'Europe/Berlin; drop table workspaces', '']) {
      const res = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: bootstrap(timeZone) });
      const body = (await res.json()) as { error: { issues: { path: string[] }[] } };
      expect([res.status, [...new Set(body.error.issues.map((i) => i.path.join('.')))]], timeZone).toEqual([400, ['timeZone']]);
    }
  });

  const get = async (path: string) => {
    const res = await t.request('GET', path, { owner: true });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { issues: { path: string[] }[] } } };
  };

  it('reads dates in years 0001–0099 on the calendar (not as 19xx), in the workspace zone, kept within 0001–9999', async () => {
    const whole = await get(`/api/v1/flows/${flowId}/analytics?from=0001-01-01&to=9999-12-31`);
    expect(whole.status, JSON.stringify(whole.body)).toBe(200);
    // Kolkata's first midnight of year 1 (local mean time, +05:53:28) is in year 0: the range starts at year 1's first instant.
    expect(whole.body).toMatchObject({ timeZone: 'Asia/Kolkata', from: '0001-01-01T00:00:00.000Z', to: '9999-12-30T18:30:00.000Z' });

    const series = await get(`/api/v1/flows/${flowId}/analytics/timeseries?from=0001-01-02&to=0001-01-04`);
    expect(series.status, JSON.stringify(series.body)).toBe(200);
    expect(series.body.from).toBe('0001-01-01T18:06:32.000Z');
    expect((series.body.buckets as { label: string }[]).map((b) => b.label)).toEqual(['0001-01-02', '0001-01-03']);

    const late = await get(`/api/v1/flows/${flowId}/analytics?from=9999-12-31T00:00:00Z&to=9999-12-31T23:59:59-12:00`);
    expect([late.status, late.body.to]).toEqual([200, '9999-12-31T23:59:59.999Z']);
  });

  it('refuses year 0000 with a 400 naming the parameter, on analytics, answers and exports alike', async () => {
    for (const path of [
      `/api/v1/flows/${flowId}/analytics?from=0000-06-01`,
      `/api/v1/flows/${flowId}/analytics/timeseries?from=0000-12-31T00:00:00Z&to=0001-01-02`,
      '/api/v1/answers?from=0000-01-01',
      '/api/v1/exports/answers?from=0000-01-01',
    ]) {
      const { status, body } = await get(path);
      expect([status, body.error?.issues.map((i) => i.path.join('.'))], path).toEqual([400, ['from']]);
    }
  });
});
