import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { FlowDefinition } from '@reelback/shared';
import { violations } from '../test-support/axe.js';
import { http, HttpResponse } from 'msw';
import { FakeApi, OWNER, startWorker, worker } from '../test-support/fake-api.js';
import { FakeStudio } from '../test-support/fake-studio.js';
import { unmountApp } from '../test-support/mount.js';
import { eventually, inStudio, mapArrows, openStudio } from '../test-support/studio-page.js';

/** An NPS question, then a "why", then thanks; greets by a variable. */
const survey = (): FlowDefinition => ({
  name: 'Survey',
  steps: [
    { id: 'nps', prompt: { title: 'Hi {{name}}, how likely…' }, answer: { type: 'nps', lowLabel: 'Not likely', highLabel: 'Very likely' }, next: 'why' },
    { id: 'why', prompt: { title: 'Why?' }, answer: { type: 'open', kinds: ['text'], maxDurationSeconds: 120, maxTextLength: 2000 }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let studio: FakeStudio;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  studio = new FakeStudio().add('survey', survey(), 1).install();
});
afterEach(() => unmountApp());

const inRules = <E extends Element = HTMLElement>(app: Element, selector: string) => inStudio<E>(app, 'rb-step-panel', 'rb-rule-editor', selector);
const inVariables = <E extends Element = HTMLElement>(app: Element, selector: string) => inStudio<E>(app, 'rb-variables-panel', selector);
const savedRules = () => studio.puts.at(-1)?.definition.steps[0]!.rules;
const pressButton = async (name: string | RegExp) => userEvent.click(page.getByRole('button', { name }));

describe('studio rules and variables', () => {
  it('adds, edits, reorders and removes rules with the keyboard-friendly form; the map labels an arrow per rule', async () => {
    const app = await openStudio('survey');
    await pressButton('Add rule');
    // A score rule on an NPS step: up to the middle of the scale, going where the step went.
    await eventually(() => inRules(app, '.rule-title')?.textContent).toBe('Rule 1: if score 0–5');
    const max = inRules<HTMLInputElement>(app, '#s0-rule-0-max')!;
    await userEvent.clear(max);
    await userEvent.type(max, '6');
    await userEvent.selectOptions(inRules<HTMLSelectElement>(app, '#s0-rule-0-next')!, 'done');
    await eventually(() => mapArrows(app)).toContainEqual(['0', '2', 'score 0–6']);
    await eventually(savedRules).toEqual([{ when: { kind: 'score', max: 6 }, next: 'done' }]);

    // A variable rule needs a declared variable: the rule's problem is pinned under it until there is one.
    await pressButton('Add rule');
    await userEvent.selectOptions(inRules<HTMLSelectElement>(app, '#s0-rule-1-kind')!, 'variable');
    await eventually(() => inRules(app, '.rule[data-rule="1"] .problems')?.textContent).toMatch(/plan/);
    await pressButton('Add variable');
    await eventually(() => inRules(app, '.rule[data-rule="1"] .problems')).toBeNull();
    await userEvent.selectOptions(inRules<HTMLSelectElement>(app, '#s0-rule-1-op')!, 'equals');
    await userEvent.type(inRules<HTMLInputElement>(app, '#s0-rule-1-value')!, 'pro');
    await eventually(() => mapArrows(app)).toContainEqual(['0', '1', 'plan is pro']);

    // Reorder with the rule's button: the first that holds decides, so order is saved as shown.
    await pressButton('Move rule 2 earlier');
    await eventually(() => savedRules()?.map((r) => r.when.kind)).toEqual(['variable', 'score']);
    expect(studio.puts.at(-1)!.definition.variables).toEqual([{ name: 'plan', maxLength: 100 }]);
    expect(mapArrows(app).filter(([from]) => from === '0')).toEqual([
      ['0', '1', 'plan is pro'],
      ['0', '2', 'score 0–6'],
      ['0', '1', 'next'],
    ]);
    await pressButton('Remove rule 1');
    await eventually(savedRules).toEqual([{ when: { kind: 'score', max: 6 }, next: 'done' }]);
    expect(await violations()).toEqual([]);
  });

  it('pins checkFlow problems of rules: overlapping ranges on the rule that overlaps', async () => {
    const flow = survey();
    flow.variables = [{ name: 'name', maxLength: 100 }];
    flow.steps[0]!.rules = [
      { when: { kind: 'score', max: 6 }, next: 'why' },
      { when: { kind: 'score', min: 5 }, next: 'done' },
    ];
    studio.add('overlap', flow, 1);
    const app = await openStudio('overlap');
    await eventually(() => inRules(app, '.rule[data-rule="1"] .problems')?.textContent).toMatch(/scores 5–10 overlap rule 1 \(0–6\)/);
    expect(inRules(app, '.rule[data-rule="0"] .problems')).toBeNull();
    expect(inStudio(app, '#problems-title')!.textContent).toBe('Problems (1)');
    const min = inRules<HTMLInputElement>(app, '#s0-rule-1-min')!;
    await userEvent.clear(min);
    await userEvent.type(min, '7');
    await eventually(() => inStudio(app, '#problems-title')?.textContent).toBe('No problems');
  });

  it('shows managers the rules, variables and theme read-only', async () => {
    worker.use(http.get('/api/v1/auth/me', () => HttpResponse.json({ ...OWNER, role: 'manager' })));
    const flow = survey();
    flow.variables = [{ name: 'name', maxLength: 100 }];
    flow.theme = { accent: '#0b7a3e' };
    flow.steps[0]!.rules = [{ when: { kind: 'score', max: 6 }, next: 'why' }];
    studio.add('read', flow, 1);
    const app = await openStudio('read');
    await eventually(() => inRules(app, '.rule-title')?.textContent).toBe('Rule 1: if score 0–6');
    expect(page.getByRole('button', { name: /Add rule|Add variable|Remove|Move rule/ }).elements()).toEqual([]);
    expect(inRules<HTMLSelectElement>(app, '#s0-rule-0-next')!.disabled).toBe(true);
    expect(inRules<HTMLInputElement>(app, '#s0-rule-0-max')!.readOnly).toBe(true);
    expect(inVariables<HTMLInputElement>(app, '#flow-var-0-name')!.readOnly).toBe(true);
    expect(inStudio<HTMLInputElement>(app, 'rb-theme-panel', '#flow-theme-accent')!.readOnly).toBe(true);
    expect(inStudio<HTMLInputElement>(app, 'rb-theme-panel', '#flow-theme-accent-pick')!.disabled).toBe(true);
  });

  it('previews with test variables: the values reach the widget, empty uses the fallback', async () => {
    const flow = survey();
    flow.variables = [{ name: 'name', fallback: 'there', maxLength: 100 }];
    studio.add('greet', flow, 1);
    const app = await openStudio('greet');
    const preview = page.getByRole('group', { name: 'Preview' });
    await expect.element(preview.getByText('Hi there, how likely…')).toBeVisible();
    const input = inStudio<HTMLInputElement>(app, 'rb-studio-preview', '#var-name')!;
    await userEvent.type(input, 'Ann');
    await userEvent.keyboard('{Tab}');
    await expect.element(preview.getByText('Hi Ann, how likely…')).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});
