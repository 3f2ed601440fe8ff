import { FlowDefinition, FlowList, FlowSummary, FlowValidation, PublishedFlow } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { FlowVersionList } from './flows.schemas.js';
import { branchingFlow, brokenFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

describe.each(storageFactories)('flow routes on $name', (factory) => {
  const t = useTestApp(factory);

  async function createFlow(definition: unknown = branchingFlow, id = uniqueFlowId()) {
    const res = await t.request('POST', '/api/v1/flows', { owner: true, body: { id, definition } });
    expect(res.status).toBe(201);
    return FlowSummary.parse(await res.json());
  }

  async function publish(id: string) {
    const res = await t.request('POST', `/api/v1/flows/${id}/versions`, { owner: true });
    expect(res.status).toBe(201);
    return PublishedFlow.parse(await res.json());
  }

  describe('owner authentication', () => {
    it.each([
      ['no header', {}],
      ['a wrong key', { authorization: 'Bearer not-the-key-at-all-123' }],
      ['another scheme', { authorization: 'Basic dGVzdDp0ZXN0' }],
    ])('answers 401 with %s', async (_what, headers) => {
      const res = await t.request('GET', '/api/v1/flows', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="reelback"');
      expect(await res.json()).toEqual({
        error: { code: 'unauthorized', message: 'send the owner API key as "Authorization: Bearer <key>"' },
      });
    });

    it('guards every owner route, even for bad input', async () => {
      for (const [method, path] of [
        ['POST', '/api/v1/flows'],
        ['PUT', '/api/v1/flows/x'],
        ['POST', '/api/v1/flows/validate'],
        ['POST', '/api/v1/flows/x/versions'],
        ['GET', '/api/v1/flows/x/versions/1'],
        ['GET', '/api/v1/sessions'],
      ] as const) {
        const res = await t.request(method, path, method === 'GET' ? {} : { body: '{bad json' });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    });
  });

  describe('creating and editing drafts', () => {
    it('creates a flow with the given id, applying schema defaults', async () => {
      const id = uniqueFlowId('given');
      const flow = await createFlow(branchingFlow, id);
      expect(flow).toEqual({
        id,
        name: 'Branching test flow',
        draft: FlowDefinition.parse(branchingFlow),
        latestVersion: null,
        createdAt: expect.any(String),
        updatedAt: flow.createdAt,
        problems: [],
      });
      const read = await t.request('GET', `/api/v1/flows/${id}`, { owner: true });
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual({
        ...flow,
        revision: 1,
        draftUpdatedBy: { kind: 'admin-key', id: null, label: 'the admin key' },
        archivedAt: null,
        archivedBy: null,
      });
    });

    it('makes an id from the name when none is given', async () => {
      const res = await t.request('POST', '/api/v1/flows', { owner: true, body: { definition: { ...branchingFlow, name: 'Pricing Survey!' } } });
      expect(res.status).toBe(201);
      const flow = FlowSummary.parse(await res.json());
      expect(flow.id).toMatch(/^pricing-survey-[a-z0-9]{8}$/);
      expect(res.headers.get('location')).toBe(`/api/v1/flows/${flow.id}`);
    });

    it('keeps graph problems in a draft and lists them', async () => {
      const flow = await createFlow(brokenFlow);
      expect(flow.problems).toEqual([{ code: 'unknown-target', path: ['steps', 0, 'answer', 'options', 1, 'next'], message: 'there is no step "nowhere"' }]);
    });

    it('refuses a definition that does not match the schema, naming the field', async () => {
      const definition = { ...branchingFlow, steps: [{ ...branchingFlow.steps[0], id: 'bad id!' }] };
      const res = await t.request('POST', '/api/v1/flows', { owner: true, body: { definition } });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('invalid-request');
      expect(body.error.message).toBe('definition.steps.0.id: use 1–64 letters, digits, "-" or "_", starting with a letter or digit');
      expect(body.error.issues).toEqual([
        { path: ['definition', 'steps', 0, 'id'], message: 'use 1–64 letters, digits, "-" or "_", starting with a letter or digit', code: 'invalid_format' },
      ]);
    });

    it('refuses a bad id, a taken id (409), malformed JSON and a wrong content type', async () => {
      const bad = await t.request('POST', '/api/v1/flows', { owner: true, body: { id: 'no spaces', definition: branchingFlow } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.issues[0].path).toEqual(['id']);

      const id = (await createFlow()).id;
      const taken = await t.request('POST', '/api/v1/flows', { owner: true, body: { id, definition: branchingFlow } });
      expect(taken.status).toBe(409);
      expect(await taken.json()).toEqual({
        error: { code: 'flow-exists', message: `a flow with id "${id}" exists already`, issues: [{ path: ['id'], message: 'already in use' }] },
      });

      const malformed = await t.request('POST', '/api/v1/flows', { owner: true, body: '{"definition": ' });
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error.code).toBe('invalid-json');

      const form = await t.request('POST', '/api/v1/flows', { owner: true, body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
      expect(await form.json()).toEqual({
        error: { code: 'unsupported-media-type', message: 'send the body as application/json, not application/x-www-form-urlencoded' },
      });
    });

    it('replaces a draft with PUT and lists flows', async () => {
      const flow = await createFlow();
      const renamed = { ...branchingFlow, name: 'Renamed' };
      const res = await t.request('PUT', `/api/v1/flows/${flow.id}`, { owner: true, body: { definition: renamed } });
      expect(res.status).toBe(200);
      const updated = FlowSummary.parse(await res.json());
      expect(updated.name).toBe('Renamed');
      expect(updated.draft.name).toBe('Renamed');
      expect(updated.createdAt).toBe(flow.createdAt);
      expect(updated.updatedAt > flow.updatedAt).toBe(true);

      const list = await t.request('GET', '/api/v1/flows', { owner: true });
      expect(list.status).toBe(200);
      const flows = FlowList.parse(await list.json()).flows;
      expect(flows.find((f) => f.id === flow.id)).toEqual(updated);
    });

    it('answers 404 for unknown flows and 400 for a bad PUT body', async () => {
      const missing = await t.request('PUT', '/api/v1/flows/nope', { owner: true, body: { definition: branchingFlow } });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: 'unknown-flow', message: 'there is no flow "nope"' } });
      expect((await t.request('GET', '/api/v1/flows/nope', { owner: true })).status).toBe(404);
      const flow = await createFlow();
      const bad = await t.request('PUT', `/api/v1/flows/${flow.id}`, { owner: true, body: { definition: { name: '', steps: [] } } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
        ['definition', 'name'],
        ['definition', 'steps'],
      ]);
    });
  });

  describe('validating', () => {
    it('lists schema problems for anything, and graph problems for a well-formed definition', async () => {
      const shape = await t.request('POST', '/api/v1/flows/validate', { owner: true, body: { definition: { name: 5 } } });
      expect(shape.status).toBe(200);
      const shapeResult = FlowValidation.parse(await shape.json());
      expect(shapeResult.valid).toBe(false);
      expect(shapeResult.problems.map((p) => [p.code, p.path])).toEqual([
        ['invalid', ['name']],
        ['invalid', ['steps']],
      ]);

      const graph = await t.request('POST', '/api/v1/flows/validate', { owner: true, body: { definition: brokenFlow } });
      expect(await graph.json()).toEqual({
        valid: false,
        problems: [{ code: 'unknown-target', path: ['steps', 0, 'answer', 'options', 1, 'next'], message: 'there is no step "nowhere"' }],
      });

      const good = await t.request('POST', '/api/v1/flows/validate', { owner: true, body: { definition: branchingFlow } });
      expect(await good.json()).toEqual({ valid: true, problems: [] });
    });

    it('needs a definition', async () => {
      const res = await t.request('POST', '/api/v1/flows/validate', { owner: true, body: {} });
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues).toEqual([{ path: ['definition'], message: 'definition is required', code: 'custom' }]);
    });
  });

  describe('publishing', () => {
    it('publishes immutable, numbered versions and serves the latest to widgets', async () => {
      const flow = await createFlow();
      const v1 = await publish(flow.id);
      expect(v1).toEqual({ flowId: flow.id, version: 1, publishedAt: expect.any(String), definition: flow.draft });

      await t.request('PUT', `/api/v1/flows/${flow.id}`, { owner: true, body: { definition: { ...branchingFlow, name: 'Second' } } });
      const v2 = await publish(flow.id);
      expect(v2.version).toBe(2);
      expect(v2.definition.name).toBe('Second');

      const latest = await t.request('GET', `/api/v1/flows/${flow.id}/published`);
      expect(latest.status).toBe(200);
      expect(latest.headers.get('cache-control')).toBe('public, max-age=60');
      expect(latest.headers.get('access-control-allow-origin')).toBe('*');
      expect(await latest.json()).toEqual(v2);

      const first = await t.request('GET', `/api/v1/flows/${flow.id}/published?version=1`);
      expect(await first.json()).toEqual(v1);

      const owned = await t.request('GET', `/api/v1/flows/${flow.id}/versions/1`, { owner: true });
      expect(await owned.json()).toEqual(v1);

      const versions = await t.request('GET', `/api/v1/flows/${flow.id}/versions`, { owner: true });
      expect(FlowVersionList.parse(await versions.json())).toEqual({
        versions: [
          { flowId: flow.id, version: 2, publishedAt: v2.publishedAt, publishedBy: { kind: 'admin-key', id: null, label: 'the admin key' } },
          { flowId: flow.id, version: 1, publishedAt: v1.publishedAt, publishedBy: { kind: 'admin-key', id: null, label: 'the admin key' } },
        ],
      });

      const summary = FlowSummary.parse(await (await t.request('GET', `/api/v1/flows/${flow.id}`, { owner: true })).json());
      expect(summary.latestVersion).toBe(2);
    });

    it('refuses to publish a draft with problems (422) and lists them as issues', async () => {
      const flow = await createFlow(brokenFlow);
      const res = await t.request('POST', `/api/v1/flows/${flow.id}/versions`, { owner: true });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        error: {
          code: 'invalid-flow',
          message: `the draft of "${flow.id}" has 1 problem: fix it before publishing`,
          issues: [{ path: ['draft', 'steps', 0, 'answer', 'options', 1, 'next'], message: 'there is no step "nowhere"', code: 'unknown-target' }],
        },
      });
      expect((await t.request('GET', `/api/v1/flows/${flow.id}/versions`, { owner: true }).then((r) => r.json())).versions).toEqual([]);
    });

    it('answers 404 for what is not there and 400 for a bad version', async () => {
      const flow = await createFlow();
      const cases: [string, boolean, number, string][] = [
        ['/api/v1/flows/nope/published', false, 404, 'unknown-flow'],
        [`/api/v1/flows/${flow.id}/published`, false, 404, 'not-published'],
        [`/api/v1/flows/${flow.id}/published?version=7`, false, 404, 'unknown-version'],
        [`/api/v1/flows/${flow.id}/published?version=abc`, false, 400, 'invalid-request'],
        [`/api/v1/flows/${flow.id}/published?version=0`, false, 400, 'invalid-request'],
        [`/api/v1/flows/bad%20id/published`, false, 400, 'invalid-request'],
        ['/api/v1/flows/nope/versions', true, 404, 'unknown-flow'],
        [`/api/v1/flows/${flow.id}/versions/1`, true, 404, 'unknown-version'],
        [`/api/v1/flows/${flow.id}/versions/x`, true, 400, 'invalid-request'],
      ];
      for (const [path, owner, status, code] of cases) {
        const res = await t.request('GET', path, { owner });
        expect([path, res.status, (await res.json()).error.code]).toEqual([path, status, code]);
      }
      const publishMissing = await t.request('POST', '/api/v1/flows/nope/versions', { owner: true });
      expect(publishMissing.status).toBe(404);
      const badVersion = await t.request('GET', `/api/v1/flows/${flow.id}/published?version=abc`);
      expect((await badVersion.json()).error.issues[0].path).toEqual(['version']);
    });

    it('gives concurrent publishes distinct version numbers', async () => {
      const flow = await createFlow();
      const results = await Promise.all([1, 2, 3, 4].map(() => t.request('POST', `/api/v1/flows/${flow.id}/versions`, { owner: true })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const versions = await Promise.all(results.map(async (r) => PublishedFlow.parse(await r.json()).version));
      expect(versions.sort()).toEqual([1, 2, 3, 4]);
    });
  });
});
