import { describe, expect, it } from 'vitest';
import type { StepInput } from './answer-value.schema.js';
import { FlowDefinition } from './flow.schema.js';
import { type BranchContext, nextStep } from './next-step.js';
import { fillVariables, sessionVars } from './variables.js';
import { rulesFlow, rulesFlowInput } from '../test-support/flow-fixtures.js';

const go = (stepId: string, input: StepInput, context?: BranchContext) => nextStep(rulesFlow, stepId, input, context);
const nps = (value: number) => ({ kind: 'answer', answer: { kind: 'nps', value } }) as const;
const contact = (email: string) => ({ kind: 'answer', answer: { kind: 'contact', fields: { email }, consent: false } }) as const;

describe('nextStep with rules', () => {
  it('keeps flows without rules or variables as they were', () => {
    const plain = { name: 'p', steps: [{ id: 'a', prompt: {}, answer: { type: 'end' } }] };
    expect(FlowDefinition.parse(plain)).toEqual(plain);
  });

  it('branches on a score range; no match falls to the default next step', () => {
    expect([0, 6, 7, 8, 9, 10].map((v) => go('nps', nps(v)))).toEqual(
      ['why', 'why', 'thanks', 'thanks', 'contact', 'contact'].map((next) => ({ ok: true, next })),
    );
  });

  it('still refuses an answer that does not fit the step before looking at rules', () => {
    expect(go('nps', nps(11))).toEqual({ ok: false, reason: 'step "nps" takes a score from 0 to 10' });
  });

  it('branches on a typed answer being filled or empty (a clip counts as empty)', () => {
    expect(go('why', { kind: 'answer', answer: { kind: 'text', text: 'too slow' } })).toEqual({ ok: true, next: 'contact' });
    expect(go('why', { kind: 'answer', answer: { kind: 'text', text: '   ' } })).toEqual({ ok: true, next: 'thanks' });
    expect(go('why', { kind: 'answer', answer: { kind: 'video', clipId: 'c1' } })).toEqual({ ok: true, next: 'thanks' });
  });

  it('branches on a contact field, ignoring case and spaces', () => {
    expect(go('contact', contact(' Ann@ACME.com '))).toEqual({ ok: true, next: 'internal' });
    expect(go('contact', contact('ann@example.com'))).toEqual({ ok: true, next: 'cta' });
  });

  it("branches on an earlier step's answer; a step not answered never matches", () => {
    const answers = { intro: { option: 'no' } };
    expect(go('contact', contact('ann@example.com'), { answers })).toEqual({ ok: true, next: 'thanks' });
    expect(go('contact', contact('ann@example.com'), { answers: { intro: { option: 'yes' } } })).toEqual({ ok: true, next: 'cta' });
    expect(go('contact', contact('ann@example.com'), {})).toEqual({ ok: true, next: 'cta' });
  });

  it('first matching rule wins', () => {
    // Both rules of "contact" hold: the e-mail one comes first.
    expect(go('contact', contact('ann@acme.com'), { answers: { intro: { option: 'no' } } })).toEqual({ ok: true, next: 'internal' });
  });

  it('branches on variables, before a choice option and on a call to action; the fallback counts when none is given', () => {
    expect(go('intro', { kind: 'choice', optionId: 'yes' }, { vars: { plan: 'enterprise' } })).toEqual({ ok: true, next: 'contact' });
    expect(go('intro', { kind: 'choice', optionId: 'yes' }, { vars: { plan: 'pro' } })).toEqual({ ok: true, next: 'nps' });
    expect(go('cta', { kind: 'cta' }, { vars: { plan: 'pro' } })).toEqual({ ok: true, next: 'thanks' });
    expect(go('cta', { kind: 'cta' }, {})).toEqual({ ok: true, next: 'bye' });
    const freeOnly = { ...rulesFlow, steps: rulesFlow.steps.map((s) => (s.id === 'cta' ? { ...s, rules: [{ when: { kind: 'variable' as const, name: 'plan', op: 'equals' as const, value: 'free' }, next: 'thanks' }] } : s)) };
    expect(nextStep(freeOnly, 'cta', { kind: 'cta' }, {})).toEqual({ ok: true, next: 'thanks' });
    expect(nextStep(freeOnly, 'cta', { kind: 'cta' }, { vars: { plan: 'team' } })).toEqual({ ok: true, next: 'bye' });
  });

  it('tests each text comparison', () => {
    const flowWith = (op: string, value?: string) =>
      FlowDefinition.parse({
        ...rulesFlowInput,
        steps: rulesFlowInput.steps.map((s) => (s.id === 'cta' ? { ...s, rules: [{ when: { kind: 'variable', name: 'plan', op, value }, next: 'thanks' }] } : s)),
      });
    const cases: [string, string | undefined, string, boolean][] = [
      ['equals', 'pro', 'PRO', true],
      ['not-equals', 'pro', 'team', true],
      ['not-equals', 'pro', 'pro', false],
      ['contains', 'ent', 'enterprise', true],
      ['starts-with', 'ent', 'enterprise', true],
      ['starts-with', 'ent', 'pro', false],
      ['ends-with', 'prise', 'Enterprise', true],
      ['filled', undefined, 'x', true],
      ['empty', undefined, 'x', false],
    ];
    for (const [op, value, plan, expected] of cases) {
      const result = nextStep(flowWith(op, value), 'cta', { kind: 'cta' }, { vars: { plan } });
      expect({ op, value, plan, next: result.ok && result.next }).toEqual({ op, value, plan, next: expected ? 'thanks' : 'bye' });
    }
  });
});

describe('variables', () => {
  it('keeps only declared string values within their length; too long is dropped, not cut', () => {
    expect(sessionVars(rulesFlow.variables, { plan: 'pro', name: 'x'.repeat(21), utm_source: 'ad', other: 'y' })).toEqual({ plan: 'pro' });
    expect(sessionVars(rulesFlow.variables, { name: 'Ann', plan: 3 as unknown as string })).toEqual({ name: 'Ann' });
    expect(sessionVars(undefined, { plan: 'pro' })).toEqual({});
    expect(sessionVars(rulesFlow.variables, { ['__proto__']: 'x', constructor: 'y' })).toEqual({});
  });

  it('fills placeholders: the value, else the inline fallback, else the declared one, else nothing; the text stays plain', () => {
    const vars = { name: '<b>Ann</b>' };
    expect(fillVariables('Hi {{name}}', rulesFlow.variables, vars)).toBe('Hi <b>Ann</b>');
    expect(fillVariables('Hi {{name}}', rulesFlow.variables, {})).toBe('Hi there');
    expect(fillVariables('Hi {{ name | friend }}!', rulesFlow.variables, {})).toBe('Hi friend!');
    expect(fillVariables('Hi {{name|friend}}!', rulesFlow.variables, { name: 'Bo' })).toBe('Hi Bo!');
    expect(fillVariables('{{plan}} / {{ghost}} / {{ghost|x}}', rulesFlow.variables, { ghost: 'no' })).toBe('free /  / x');
    expect(fillVariables('no placeholders {{ }}', rulesFlow.variables, {})).toBe('no placeholders {{ }}');
  });
});
