import { ANSWER_EXPORT_COLUMNS, AnswerExportRow, SESSION_EXPORT_COLUMNS, SessionExportRow, uuidv7 } from '@reelback/shared';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** v1 declares `plan`; v2 (and the draft) add `team`: sessions of v1 kept no team, so theirs is empty. */
const v1 = {
  name: 'Export vars flow',
  variables: [{ name: 'plan' }],
  steps: [
    { id: 'say', prompt: { title: 'Tell us, {{plan|friend}}' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};
const v2 = { ...v1, variables: [{ name: 'plan' }, { name: 'team' }] };

/** A value a spreadsheet would run as a formula, passed by a host page. */
const FORMULA = '=HYPERLINK("http://evil.example/","x")';

describe.each(storageFactories)('exports with session variables on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('export-vars');
  const owner = (path: string) => t.request('GET', path, { owner: true });
  /** Session id → what it passed. */
  const passed: Record<string, Record<string, string>> = {};

  async function answered(flowVersion: number, vars: Record<string, string>, text: string) {
    const sessionId = uuidv7();
    const res = await t.request('POST', '/api/v1/sessions', { body: { flowId, flowVersion, sessionId, context: { embedMode: 'inline' }, vars } });
    expect(res.status, await res.clone().text()).toBe(201);
    const e = eventsFor({ sessionId, flowId, flowVersion });
    const sent = await t.request('POST', '/api/v1/events', { body: { events: [e.started(), e.viewed('say'), e.answered('say', { kind: 'text', text }, 'end')] } });
    expect(sent.status, await sent.clone().text()).toBe(202);
    passed[sessionId] = vars;
  }

  beforeAll(async () => {
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: v1 } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    expect((await t.request('PUT', `/api/v1/flows/${flowId}`, { owner: true, body: { definition: v2 } })).status).toBe(200);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    // v1 does not declare `team`: the session keeps only `plan`.
    await answered(1, { plan: 'pro', team: 'ignored' }, 'one');
    await answered(2, { plan: FORMULA, team: 'red', other: 'never kept' }, 'two');
    await answered(2, {}, 'three');
  });

  const expectedVars = (sessionId: string, version: 1 | 2) => {
    const given = passed[sessionId]!;
    return { plan: given.plan ?? null, team: version === 2 ? (given.team ?? null) : null };
  };

  it('adds a vars.<name> column per declared variable to the sessions CSV, with formulas defused', async () => {
    const res = await owner(`/api/v1/exports/sessions?flowId=${flowId}&format=csv`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const [header] = text.split('\r\n');
    expect(header).toBe([...SESSION_EXPORT_COLUMNS, 'vars.plan', 'vars.team'].join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    const byId = new Map(rows.map((r) => [r.id!, r]));
    const values = Object.keys(passed).map((id) => [byId.get(id)!['vars.plan'], byId.get(id)!['vars.team']]);
    expect(values).toEqual([
      ['pro', ''],
      [`'${FORMULA}`, 'red'],
      ['', ''],
    ]);
    expect(text).not.toContain('never kept');
    expect(text).not.toContain('ignored');
  });

  it('adds the declared variables to the sessions NDJSON as `vars`, null where none was kept', async () => {
    const res = await owner(`/api/v1/exports/sessions?flowId=${flowId}&format=ndjson`);
    const rows = (await res.text()).trim().split('\n').map((line) => SessionExportRow.parse(JSON.parse(line)));
    const ids = Object.keys(passed);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.vars]))).toEqual({
      [ids[0]!]: { plan: 'pro', team: null },
      [ids[1]!]: { plan: FORMULA, team: 'red' },
      [ids[2]!]: { plan: null, team: null },
    });
  });

  it('adds the session variables to every answer, in CSV and NDJSON', async () => {
    const csv = await (await owner(`/api/v1/exports/answers?flowId=${flowId}&format=csv`)).text();
    expect(csv.split('\r\n')[0]).toBe([...ANSWER_EXPORT_COLUMNS, 'vars.plan', 'vars.team'].join(','));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const ids = Object.keys(passed);
    expect(Object.fromEntries(rows.map((r) => [r.text, [r.sessionId, r['vars.plan'], r['vars.team']]]))).toEqual({
      one: [ids[0], 'pro', ''],
      two: [ids[1], `'${FORMULA}`, 'red'],
      three: [ids[2], '', ''],
    });

    const json = (await (await owner(`/api/v1/exports/answers?flowId=${flowId}&format=ndjson`)).text()).trim().split('\n');
    const answers = json.map((line) => AnswerExportRow.parse(JSON.parse(line)));
    expect(Object.fromEntries(answers.map((a) => [a.text, a.vars]))).toEqual({
      one: expectedVars(ids[0]!, 1),
      two: expectedVars(ids[1]!, 2),
      three: expectedVars(ids[2]!, 2),
    });
  });

  it('gives a flow without variables no vars columns, and a whole-workspace export every flow’s', async () => {
    const plain = uniqueFlowId('export-no-vars');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: plain, definition: { ...v1, variables: undefined } } })).status).toBe(201);
    const header = (await (await owner(`/api/v1/exports/sessions?flowId=${plain}&format=csv`)).text()).split('\r\n')[0];
    expect(header).toBe(SESSION_EXPORT_COLUMNS.join(','));
    const all = (await (await owner('/api/v1/exports/sessions?format=csv')).text()).split('\r\n')[0];
    expect(all!.split(',').filter((c) => c.startsWith('vars.'))).toEqual(['vars.plan', 'vars.team']);
  });
});
