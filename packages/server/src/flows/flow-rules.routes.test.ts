import { FlowSummary, PublishedFlow } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { rulesFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

type Issue = { path: (string | number)[]; message: string; code?: string };
type ErrorBody = { error: { code: string; message: string; issues?: Issue[] } };

/** The rules flow with one step's fields replaced. */
const withStep = (id: string, change: Record<string, unknown>) => ({
  ...rulesFlow,
  steps: rulesFlow.steps.map((s) => (s.id === id ? { ...s, ...change } : s)),
});

describe.each(storageFactories)('flows with branching rules on $name', (factory) => {
  const t = useTestApp(factory);

  async function savedAndPublished() {
    const id = uniqueFlowId('rules');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id, definition: rulesFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${id}/versions`, { owner: true })).status).toBe(201);
    return id;
  }
  const draftOf = async (id: string) => FlowSummary.parse(await (await t.request('GET', `/api/v1/flows/${id}`, { owner: true })).json()).draft;

  it('refuses an unknown or malformed rule with a 400 naming it, and keeps the saved draft', async () => {
    const id = await savedAndPublished();
    const before = await draftOf(id);
    const unknownKind = await t.request('PUT', `/api/v1/flows/${id}`, {
      owner: true,
      body: { definition: withStep('nps', { rules: [{ when: { kind: 'weather', is: 'sunny' }, next: 'why' }] }) },
    });
    expect(unknownKind.status).toBe(400);
    const body = (await unknownKind.json()) as ErrorBody;
    expect(body.error.issues?.map((i) => i.path.join('.'))).toEqual(['definition.steps.1.rules.0.when.kind']);

    const malformed = await t.request('PUT', `/api/v1/flows/${id}`, {
      owner: true,
      body: { definition: withStep('nps', { rules: [{ when: { kind: 'score', min: 9, max: 2 }, next: 'why' }] }) },
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).error.issues).toEqual([
      expect.objectContaining({ path: ['definition', 'steps', 1, 'rules', 0, 'when', 'max'], message: '"min" is above "max"' }),
    ]);
    expect(await draftOf(id)).toEqual(before);

    const created = await t.request('POST', '/api/v1/flows', {
      owner: true,
      body: { id: uniqueFlowId('bad'), definition: withStep('cta', { rules: [{ when: { kind: 'variable', name: 'plan', op: 'equals' }, next: 'bye' }] }) },
    });
    expect(created.status).toBe(400);
    expect(((await created.json()) as ErrorBody).error.issues?.[0]?.path).toEqual(['definition', 'steps', 4, 'rules', 0, 'when', 'value']);
  });

  it('saves a draft whose rule points at a deleted step, lists the problem, refuses to publish it and keeps serving the last version', async () => {
    const id = await savedAndPublished();
    const withoutWhy = { ...rulesFlow, steps: rulesFlow.steps.filter((s) => s.id !== 'why') };
    const saved = await t.request('PUT', `/api/v1/flows/${id}`, { owner: true, body: { definition: withoutWhy } });
    expect(saved.status).toBe(200);
    expect(FlowSummary.parse(await saved.json()).problems).toEqual([
      { code: 'unknown-target', path: ['steps', 1, 'rules', 0, 'next'], message: 'there is no step "why"' },
    ]);

    const publish = await t.request('POST', `/api/v1/flows/${id}/versions`, { owner: true });
    expect(publish.status).toBe(422);
    expect(((await publish.json()) as ErrorBody).error).toMatchObject({
      code: 'invalid-flow',
      issues: [{ path: ['draft', 'steps', 1, 'rules', 0, 'next'], message: 'there is no step "why"', code: 'unknown-target' }],
    });

    const live = PublishedFlow.parse(await (await t.request('GET', `/api/v1/flows/${id}/published`)).json());
    expect(live.version).toBe(1);
    expect(live.definition.steps.map((s) => s.id)).toContain('why');
    expect(live.definition.variables?.map((v) => v.name)).toEqual(['plan', 'name']);
  });

  it('validates rules and variables without saving anything', async () => {
    const res = await t.request('POST', '/api/v1/flows/validate', {
      owner: true,
      body: { definition: withStep('cta', { rules: [{ when: { kind: 'variable', name: 'tier', op: 'filled' }, next: 'thanks' }] }) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      valid: false,
      problems: [
        {
          code: 'unknown-variable',
          path: ['steps', 4, 'rules', 0, 'when', 'name'],
          message: `variable "tier" is not declared: add it to the flow's variables`,
        },
      ],
    });
  });
});
