import { uuidv7, DraftConflict, EditableFlow, EditableFlowList, FLOW_TEMPLATE_IDS, flowTemplate, FlowTemplateList, PublishedFlow } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlowVersionList } from './flows.schemas.js';
import { branchingFlow, brokenFlow } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/**
 * The studio's API: drafts saved with revisions (ETag / If-Match), conflicts between two editors, versions with
 * who published them and "restore as draft", templates, duplicate and archive; who may do what.
 */
describe.each(storageFactories)('flow authoring on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);
  let ada: Login;
  let bo: Login;
  let manager: Login;

  beforeAll(async () => {
    ada = await s.bootstrap('ada@example.org');
    bo = await s.join(ada, 'bo@example.org', 'owner');
    manager = await s.join(ada, 'mia@example.org', 'manager');
  });

  /** A request as a person (cookie + CSRF) or with the admin key, with an optional If-Match. */
  function call(who: Login | 'admin-key', method: string, path: string, init: { body?: unknown; ifMatch?: string } = {}) {
    const headers: Record<string, string> = {};
    if (init.ifMatch !== undefined) headers['if-match'] = init.ifMatch;
    if (who === 'admin-key') return t.request(method, path, { body: init.body, headers, owner: true });
    headers.cookie = who.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = who.csrf;
    return t.request(method, path, { body: init.body, headers });
  }

  async function expectJson(res: Response | Promise<Response>, status: number): Promise<unknown> {
    const r = await res;
    const text = await r.text();
    expect(r.status, `${status} expected, got ${r.status}: ${text}`).toBe(status);
    return JSON.parse(text);
  }

  async function newFlow(who: Login | 'admin-key' = ada, definition: unknown = branchingFlow) {
    const res = await call(who, 'POST', '/api/v1/flows', { body: { id: uniqueFlowId('studio'), definition } });
    const flow = EditableFlow.parse(await expectJson(res, 201));
    expect(res.headers.get('etag')).toBe('"1"');
    return flow;
  }

  const save = (who: Login | 'admin-key', id: string, name: string, ifMatch?: string) =>
    call(who, 'PUT', `/api/v1/flows/${id}`, { body: { definition: { ...branchingFlow, name } }, ...(ifMatch !== undefined ? { ifMatch } : {}) });

  const read = async (id: string) => EditableFlow.parse(await expectJson(call(ada, 'GET', `/api/v1/flows/${id}`), 200));

  describe('drafts', () => {
    it('saves the draft as a new revision each time, with the ETag and who saved it', async () => {
      const flow = await newFlow();
      expect(flow).toMatchObject({ revision: 1, draftUpdatedBy: { kind: 'user', id: ada.userId, label: 'ada@example.org' }, archivedAt: null });
      const got = await call(ada, 'GET', `/api/v1/flows/${flow.id}`);
      expect(got.headers.get('etag')).toBe('"1"');

      const first = await save(bo, flow.id, 'Saved by Bo', '"1"');
      const saved = EditableFlow.parse(await expectJson(first, 200));
      expect(first.headers.get('etag')).toBe('"2"');
      expect(saved).toMatchObject({ revision: 2, name: 'Saved by Bo', draftUpdatedBy: { kind: 'user', id: bo.userId, label: 'bo@example.org' } });

      // Without If-Match (or with *) a save applies to whatever is stored, as the API did before revisions.
      expect(EditableFlow.parse(await expectJson(save(ada, flow.id, 'No If-Match'), 200)).revision).toBe(3);
      expect(EditableFlow.parse(await expectJson(save(ada, flow.id, 'Any', '*'), 200)).revision).toBe(4);
      expect((await read(flow.id)).draft.name).toBe('Any');
    });

    it('refuses an If-Match that is not one of its ETags, naming the header, and writes nothing', async () => {
      const flow = await newFlow();
      for (const ifMatch of ['1', 'W/"1"', '"1", "2"', '"abc"', '"0"']) {
        const body = (await expectJson(save(ada, flow.id, 'Never', ifMatch), 400)) as { error: { code: string; message: string; issues: unknown[] } };
        expect(body.error.code, ifMatch).toBe('invalid-if-match');
        expect(body.error.message, ifMatch).toContain('"7" with the quotes');
        expect(body.error.issues).toEqual([{ path: ['headers', 'if-match'], message: 'not an ETag of this API' }]);
      }
      expect(await read(flow.id)).toMatchObject({ revision: 1, name: branchingFlow.name });
    });
  });

  describe('conflicts between editors', () => {
    it('answers a stale If-Match with 412 naming who changed the draft and when; nothing saved is lost', async () => {
      const flow = await newFlow();
      // Both opened revision 1; Ada saves first.
      const adas = EditableFlow.parse(await expectJson(save(ada, flow.id, 'Ada’s words', '"1"'), 200));
      const stale = await save(bo, flow.id, 'Bo’s words', '"1"');
      const conflict = DraftConflict.parse(await expectJson(stale, 412));
      expect(stale.headers.get('etag')).toBe('"2"');
      expect(conflict.error).toEqual({
        code: 'draft-changed',
        message: `the draft of "${flow.id}" was changed by ada@example.org at ${adas.updatedAt} (revision 2; you sent If-Match for revision 1): reload it, or send yours again with If-Match: "2" to overwrite`,
        revision: 2,
        changedBy: { kind: 'user', id: ada.userId, label: 'ada@example.org' },
        changedAt: adas.updatedAt,
      });
      expect(await read(flow.id)).toEqual(adas);

      // Bo chooses to overwrite, with the revision the 412 gave.
      const overwritten = EditableFlow.parse(await expectJson(save(bo, flow.id, 'Bo’s words', `"${conflict.error.revision}"`), 200));
      expect(overwritten).toMatchObject({ revision: 3, name: 'Bo’s words', draftUpdatedBy: { id: bo.userId } });
    });

    it('names the admin key and API keys as editors', async () => {
      const flow = await newFlow();
      await expectJson(save('admin-key', flow.id, 'By key', '"1"'), 200);
      const byAdmin = DraftConflict.parse(await expectJson(save(ada, flow.id, 'Late', '"1"'), 412));
      expect(byAdmin.error.changedBy).toEqual({ kind: 'admin-key', id: null, label: 'the admin key' });
      expect(byAdmin.error.message).toContain('was changed by the admin key at');

      const made = (await expectJson(call(ada, 'POST', '/api/v1/workspace/api-keys', { body: { name: 'CI', scopes: ['write'] } }), 201)) as { id: string; key: string };
      const byKey = await t.request('PUT', `/api/v1/flows/${flow.id}`, {
        body: { definition: branchingFlow },
        headers: { authorization: `Bearer ${made.key}`, 'if-match': '"2"' },
      });
      expect(EditableFlow.parse(await expectJson(byKey, 200)).draftUpdatedBy).toEqual({ kind: 'api-key', id: made.id, label: 'API key "CI"' });
      const conflict = DraftConflict.parse(await expectJson(save(ada, flow.id, 'Late', '"2"'), 412));
      expect(conflict.error.message).toContain('was changed by API key "CI" at');
    });

    it('of racing saves at one revision, exactly one is saved and the other told who won', async () => {
      const flow = await newFlow();
      const results = await Promise.all([save(ada, flow.id, 'Ada races', '"1"'), save(bo, flow.id, 'Bo races', '"1"')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const stored = await read(flow.id);
      const loser = DraftConflict.parse(await results.find((r) => r.status === 412)!.json());
      expect(stored.revision).toBe(2);
      expect(loser.error.changedBy).toEqual(stored.draftUpdatedBy);
    });
  });

  describe('versions', () => {
    it('records who published each version; publishes only the revision the editor saw', async () => {
      const flow = await newFlow();
      await expectJson(save(bo, flow.id, 'Changed meanwhile', '"1"'), 200);
      const stale = DraftConflict.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`, { ifMatch: '"1"' }), 412));
      expect(stale.error.changedBy?.id).toBe(bo.userId);
      expect(FlowVersionList.parse(await expectJson(call(ada, 'GET', `/api/v1/flows/${flow.id}/versions`), 200)).versions).toEqual([]);

      const v1 = PublishedFlow.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`, { ifMatch: '"2"' }), 201));
      expect(v1.definition.name).toBe('Changed meanwhile');
      await expectJson(save(bo, flow.id, 'Second'), 200);
      const v2 = PublishedFlow.parse(await expectJson(call('admin-key', 'POST', `/api/v1/flows/${flow.id}/versions`), 201));
      const history = FlowVersionList.parse(await expectJson(call(manager, 'GET', `/api/v1/flows/${flow.id}/versions`), 200));
      expect(history.versions).toEqual([
        { flowId: flow.id, version: 2, publishedAt: v2.publishedAt, publishedBy: { kind: 'admin-key', id: null, label: 'the admin key' } },
        { flowId: flow.id, version: 1, publishedAt: v1.publishedAt, publishedBy: { kind: 'user', id: ada.userId, label: 'ada@example.org' } },
      ]);
      // Widgets never see who published.
      expect(await expectJson(t.request('GET', `/api/v1/flows/${flow.id}/published`), 200)).toEqual(v2);
    });

    it('restores a version as the draft: a new revision, the version unchanged, If-Match applies', async () => {
      const flow = await newFlow();
      const v1 = PublishedFlow.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`), 201));
      await expectJson(save(ada, flow.id, 'Went another way'), 200);

      const stale = await call(bo, 'POST', `/api/v1/flows/${flow.id}/versions/1/restore`, { ifMatch: '"1"' });
      expect(DraftConflict.parse(await expectJson(stale, 412)).error.revision).toBe(2);
      expect((await read(flow.id)).draft.name).toBe('Went another way');

      const res = await call(bo, 'POST', `/api/v1/flows/${flow.id}/versions/1/restore`, { ifMatch: '"2"' });
      const restored = EditableFlow.parse(await expectJson(res, 200));
      expect(res.headers.get('etag')).toBe('"3"');
      expect(restored).toMatchObject({ revision: 3, draft: v1.definition, name: v1.definition.name, latestVersion: 1, draftUpdatedBy: { id: bo.userId } });
      expect(await expectJson(call(ada, 'GET', `/api/v1/flows/${flow.id}/versions/1`), 200)).toEqual(v1);

      const missing = (await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions/9/restore`), 404)) as { error: { code: string } };
      expect(missing.error.code).toBe('unknown-version');
      expect(((await expectJson(call(ada, 'POST', '/api/v1/flows/nope/versions/1/restore'), 404)) as { error: { code: string } }).error.code).toBe('unknown-flow');
    });
  });

  describe('templates', () => {
    it('lists blank and four ready-made templates, each publishable as it is', async () => {
      const { templates } = FlowTemplateList.parse(await expectJson(call(manager, 'GET', '/api/v1/flow-templates'), 200));
      expect(templates.map((x) => x.id)).toEqual([...FLOW_TEMPLATE_IDS]);
      for (const template of templates) {
        const res = await call(ada, 'POST', '/api/v1/flows', { body: { template: template.id } });
        const flow = EditableFlow.parse(await expectJson(res, 201));
        expect(flow, template.id).toMatchObject({ name: template.name, draft: template.definition, problems: [], revision: 1, latestVersion: null });
        expect(res.headers.get('location')).toBe(`/api/v1/flows/${flow.id}`);
        await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`), 201);
      }
    });

    it('names a flow made from a template, and refuses a body that is neither or both', async () => {
      const id = uniqueFlowId('q4');
      const named = EditableFlow.parse(await expectJson(call(ada, 'POST', '/api/v1/flows', { body: { id, template: 'nps', name: 'Q4 NPS' } }), 201));
      expect(named).toMatchObject({ id, name: 'Q4 NPS', draft: { ...flowTemplate('nps').definition, name: 'Q4 NPS' } });
      // The catalogue is not changed by a flow made from it.
      expect(flowTemplate('nps').definition.name).toBe('NPS with a reason');

      const cases: [unknown, (string | number)[], string][] = [
        [{ template: 'quiz' }, ['template'], 'Invalid option: expected one of "blank"|"nps"|"feature-discovery"|"testimonial"|"churn-exit"'],
        [{ template: 'nps', definition: branchingFlow }, ['template'], 'send either a definition or a template, not both'],
        [{}, ['definition'], 'send a definition, or a template such as "blank" or "nps"'],
        [{ definition: branchingFlow, name: 'x' }, ['name'], 'name goes with a template; a definition carries its own name'],
      ];
      for (const [body, path, message] of cases) {
        const res = (await expectJson(call(ada, 'POST', '/api/v1/flows', { body }), 400)) as { error: { code: string; issues: { path: unknown[]; message: string }[] } };
        expect(res.error.code).toBe('invalid-request');
        expect(res.error.issues.map((i) => [i.path, i.message]), JSON.stringify(body)).toEqual([[path, message]]);
      }
    });
  });

  describe('duplicate', () => {
    it('makes a new flow named "Copy of …" with the source draft and no versions', async () => {
      const source = await newFlow();
      await expectJson(call(ada, 'POST', `/api/v1/flows/${source.id}/versions`), 201);
      await expectJson(save(ada, source.id, 'Pricing survey'), 200);
      const res = await call(bo, 'POST', `/api/v1/flows/${source.id}/duplicate`);
      const copy = EditableFlow.parse(await expectJson(res, 201));
      expect(copy.id).not.toBe(source.id);
      expect(copy.id).toMatch(/^copy-of-pricing-survey-[a-z0-9]{8}$/);
      expect(res.headers.get('location')).toBe(`/api/v1/flows/${copy.id}`);
      expect(copy).toMatchObject({ name: 'Copy of Pricing survey', revision: 1, latestVersion: null, archivedAt: null, draftUpdatedBy: { id: bo.userId } });
      expect(copy.draft).toEqual({ ...(await read(source.id)).draft, name: 'Copy of Pricing survey' });
      expect(FlowVersionList.parse(await expectJson(call(ada, 'GET', `/api/v1/flows/${copy.id}/versions`), 200)).versions).toEqual([]);
      expect((await read(source.id)).name).toBe('Pricing survey');
    });

    it('keeps a long name within the limit, and answers 404 for a flow of another workspace or none', async () => {
      const long = await newFlow(ada, { ...branchingFlow, name: 'x'.repeat(200) });
      const copy = EditableFlow.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${long.id}/duplicate`), 201));
      expect(copy.name).toBe(`Copy of ${'x'.repeat(192)}`);

      const elsewhere = await s.newWorkspace(bo, 'bo@example.org', 'Bo’s own');
      const theirs = await newFlow(elsewhere);
      const count = async (who: Login) => EditableFlowList.parse(await expectJson(call(who, 'GET', '/api/v1/flows'), 200)).flows.length;
      const [mine, theirsCount] = [await count(ada), await count(elsewhere)];
      const notFound = { error: { code: 'unknown-flow', message: `there is no flow "${theirs.id}"` } };
      expect(await expectJson(call(ada, 'POST', `/api/v1/flows/${theirs.id}/duplicate`), 404)).toEqual(notFound);
      expect(await expectJson(call(ada, 'POST', '/api/v1/flows/no-such-flow/duplicate'), 404)).toEqual({ error: { code: 'unknown-flow', message: 'there is no flow "no-such-flow"' } });
      expect([await count(ada), await count(elsewhere)]).toEqual([mine, theirsCount]);
    });
  });

  describe('archive', () => {
    it('hides an archived flow from the list, refuses edits (409) keeping the draft, stops serving it (410) and starting sessions on it (409) until unarchived', async () => {
      const flow = await newFlow();
      const v1 = PublishedFlow.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`), 201));
      const before = uuidv7();
      await expectJson(t.request('POST', '/api/v1/sessions', { body: { flowId: flow.id, sessionId: before, context: { embedMode: 'inline' } } }), 201);
      const archived = EditableFlow.parse(await expectJson(call(bo, 'POST', `/api/v1/flows/${flow.id}/archive`), 200));
      expect(archived).toMatchObject({ archivedAt: expect.any(String), archivedBy: { kind: 'user', id: bo.userId }, revision: 1 });
      // Twice changes nothing.
      expect(EditableFlow.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/archive`), 200))).toEqual(archived);

      const active = EditableFlowList.parse(await expectJson(call(ada, 'GET', '/api/v1/flows'), 200)).flows.map((f) => f.id);
      const hidden = EditableFlowList.parse(await expectJson(call(ada, 'GET', '/api/v1/flows?archived=1'), 200)).flows;
      expect(active).not.toContain(flow.id);
      expect(hidden.map((f) => f.id)).toContain(flow.id);
      expect(hidden.every((f) => f.archivedAt !== null)).toBe(true);
      const badQuery = (await expectJson(call(ada, 'GET', '/api/v1/flows?archived=maybe'), 400)) as { error: { issues: { path: unknown[] }[] } };
      expect(badQuery.error.issues[0]!.path).toEqual(['archived']);

      const refusal = {
        error: { code: 'flow-archived', message: `flow "${flow.id}" is archived: unarchive it (POST /api/v1/flows/${flow.id}/unarchive) before changing it` },
      };
      expect(await expectJson(save(ada, flow.id, 'Edited', '"1"'), 409)).toEqual(refusal);
      expect(await expectJson(save(ada, flow.id, 'Edited'), 409)).toEqual(refusal);
      expect(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`), 409)).toEqual(refusal);
      expect(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions/1/restore`), 409)).toEqual(refusal);
      expect(await read(flow.id)).toEqual(archived);

      for (const path of [`/api/v1/flows/${flow.id}/published`, `/api/v1/flows/${flow.id}/published?version=1`]) {
        const gone = await t.request('GET', path);
        expect(await expectJson(gone, 410)).toEqual({ error: { code: 'flow-archived', message: `flow "${flow.id}" is archived and no longer served` } });
        expect(gone.headers.get('access-control-allow-origin')).toBe('*');
      }
      // No new viewer session starts on it, latest or pinned version; one begun before may retry its start.
      await expectJson(t.request('POST', '/api/v1/sessions', { body: { flowId: flow.id, sessionId: before, context: { embedMode: 'inline' } } }), 200);
      for (const body of [{ flowId: flow.id }, { flowId: flow.id, flowVersion: 1 }]) {
        const start = await t.request('POST', '/api/v1/sessions', { body: { ...body, sessionId: uuidv7(), context: { embedMode: 'inline' } } });
        expect(((await expectJson(start, 409)) as { error: { code: string } }).error.code).toBe('flow-archived');
      }
      // Owners still read its history, and may copy it.
      expect(await expectJson(call(manager, 'GET', `/api/v1/flows/${flow.id}/versions/1`), 200)).toEqual(v1);
      await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/duplicate`), 201);

      const back = EditableFlow.parse(await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/unarchive`), 200));
      expect(back).toMatchObject({ archivedAt: null, archivedBy: null, revision: 1 });
      expect(await expectJson(t.request('GET', `/api/v1/flows/${flow.id}/published`), 200)).toEqual(v1);
      await expectJson(save(ada, flow.id, 'Edited again', '"1"'), 200);
    });

    it('answers 410 for an archived flow never published, 404 for one that does not exist', async () => {
      const flow = await newFlow();
      await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/archive`), 200);
      expect(((await expectJson(t.request('GET', `/api/v1/flows/${flow.id}/published`), 410)) as { error: { code: string } }).error.code).toBe('flow-archived');
      expect(((await expectJson(call(ada, 'POST', '/api/v1/flows/nope/archive'), 404)) as { error: { code: string } }).error.code).toBe('unknown-flow');
    });
  });

  describe('roles', () => {
    it('lets managers read every flow route and refuses them every change (403), before touching anything', async () => {
      const flow = await newFlow();
      await expectJson(call(ada, 'POST', `/api/v1/flows/${flow.id}/versions`), 201);
      const flowRoutes = t.reelback.routes.filter((r) => r.access === 'owner' && r.tag === 'Flows');
      expect(flowRoutes.length).toBeGreaterThanOrEqual(13);
      for (const route of flowRoutes) {
        const path = route.path.replace(':flowId', flow.id).replace(':version', '1');
        // A valid body where there is one, so only the role can be the reason for a refusal.
        const body = ['updateFlowDraft', 'createFlow', 'validateFlow'].includes(route.operationId) ? { definition: brokenFlow } : undefined;
        const res = await call(manager, route.method.toUpperCase(), path, { body });
        const text = await res.text();
        if (route.method === 'get') {
          expect(res.status, `${route.operationId}: ${text}`).toBe(200);
        } else {
          expect(res.status, `${route.operationId}: ${text}`).toBe(403);
          expect(JSON.parse(text).error.code).toBe('forbidden');
        }
      }
      expect(await read(flow.id)).toMatchObject({ revision: 1, archivedAt: null, latestVersion: 1 });
    });
  });
});
