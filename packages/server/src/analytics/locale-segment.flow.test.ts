import { type FlowAnalytics, type FlowDefinitionInput, NEW_SESSION, type SessionContext, uuidv7 } from '@reelback/shared';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { migrateTo, insertOldPublishedFlow } from '../test-support/old-database.js';

const definition = {
  name: 'Languages',
  steps: [
    { id: 'intro', prompt: { title: 'Hello' }, answer: { type: 'cta', label: 'Go', url: 'https://example.com/' }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
  translations: { de: { 'steps.intro.prompt.title': 'Hallo' } },
} satisfies FlowDefinitionInput;

/** The language a viewer was shown: kept with the session at its start, and a segment of the analytics reads. */
describe.each(storageFactories)('the viewer’s language on $name', (factory) => {
  let now = Date.parse('2026-06-01T08:00:00Z');
  const t = useTestApp(factory, { clock: { now: () => new Date(now) } });
  const flowId = uniqueFlowId('languages');
  const ids: Record<string, string> = {};

  async function start(name: string, day: number, context: SessionContext) {
    now = Date.parse('2026-06-01T08:00:00Z') + day * 86_400_000;
    ids[name] = uuidv7();
    const res = await t.request('POST', '/api/v1/sessions', { body: { flowId, flowVersion: 1, sessionId: ids[name], context } });
    expect(res.status, await res.clone().text()).toBe(201);
  }

  const summary = async (query: string) => {
    const res = await t.request('GET', `/api/v1/flows/${flowId}/analytics?from=2026-06-01&to=2026-06-05&${query}`, { owner: true });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as FlowAnalytics;
  };

  beforeAll(async () => {
    const bootstrap = await t.request('POST', '/api/v1/auth/bootstrap', {
      owner: true,
      body: { workspaceName: 'Languages', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' },
    });
    expect(bootstrap.status).toBe(201);
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    // Over several days, so whole days of the range would come from the rollups (which keep no language).
    await start('german', 0, { embedMode: 'inline', locale: 'de' });
    await start('austrian', 1, { embedMode: 'inline', locale: 'de-AT' });
    await start('germanMobile', 2, { embedMode: 'inline', locale: 'de', device: 'mobile' });
    await start('french', 2, { embedMode: 'bubble', locale: 'fr' });
    await start('brazilian', 3, { embedMode: 'inline', locale: 'pt-BR' });
    await start('unsaid', 3, { embedMode: 'inline' });
  });

  it('keeps the locale of session.started’s context in the session row, lower-cased', async () => {
    const { rows } = await sql<{ id: string; locale: string | null }>`select id, locale from sessions where flow_id = ${flowId}`.execute(
      (t.storage as KyselyStorage).database,
    );
    const byId = new Map(rows.map((r) => [r.id, r.locale]));
    expect(Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, byId.get(id)]))).toEqual({
      german: 'de',
      austrian: 'de-at',
      germanMobile: 'de',
      french: 'fr',
      brazilian: 'pt-br',
      unsaid: null,
    });
  });

  it('segments analytics by locale: a language takes its regions, a region only itself, with other segments too', async () => {
    expect((await summary('')).summary.impressions).toBe(6);
    const german = await summary('locale=de');
    expect(german.summary.impressions).toBe(3);
    expect(german.filters).toEqual({ locale: 'de' });
    expect(german.steps.length).toBeGreaterThan(0);
    expect((await summary('locale=de-AT')).summary.impressions).toBe(1);
    expect((await summary('locale=pt_BR')).summary.impressions).toBe(1);
    expect((await summary('locale=pt')).summary.impressions).toBe(1);
    expect((await summary('locale=fr&embedMode=bubble')).summary.impressions).toBe(1);
    expect((await summary('locale=de&device=mobile')).summary.impressions).toBe(1);
    expect((await summary('locale=ja')).summary.impressions).toBe(0);
    const timeseries = await t.request('GET', `/api/v1/flows/${flowId}/analytics/timeseries?from=2026-06-01&to=2026-06-05&locale=de`, { owner: true });
    expect(timeseries.status).toBe(200);
  });

  it('answers a locale that is not a language tag with a 400 naming it', async () => {
    const res = await t.request('GET', `/api/v1/flows/${flowId}/analytics?locale=${encodeURIComponent("de' or 1=1")}`, { owner: true });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues?: { path: string[] }[] } };
    expect(body.error.issues?.map((issue) => issue.path.join('.'))).toEqual(['locale']);
  });
});

describe.each(storageFactories)('migration 0023 (session locale) on $name', (factory) => {
  it('leaves sessions stored before it without a locale, and takes new ones', async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      await migrateTo(factory, db, '0018-team-and-mail');
      const at = '2026-02-01T00:00:00.000Z';
      await insertOldPublishedFlow(db, 'old', definition, at);
      const id = uuidv7();
      const context = JSON.stringify({ embedMode: 'inline', locale: 'en-US' });
      await sql`insert into sessions (id, flow_id, flow_version, context, progress, started_at, completed_at)
        values (${id}, 'old', 1, ${context}, ${JSON.stringify(NEW_SESSION)}, ${at}, null)`.execute(db);

      await storage.migrate();
      const { rows } = await sql<{ locale: string | null }>`select locale from sessions where id = ${id}`.execute(db);
      expect(rows).toEqual([{ locale: null }]);
      expect(await storage.sessions.get(id)).toMatchObject({ id, context: { embedMode: 'inline', locale: 'en-US' } });
    } finally {
      await dispose();
    }
  });
});
