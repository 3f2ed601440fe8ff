import { describe, expect, it } from 'vitest';
import { checkFlow } from './validate-flow.js';
import { rulesFlowInput } from '../test-support/flow-fixtures.js';

type Input = typeof rulesFlowInput;
type StepIn = Input['steps'][number];

/** The rules flow with one step's fields replaced. */
const withStep = (id: string, change: Record<string, unknown>, base: Input = rulesFlowInput) => ({
  ...base,
  steps: base.steps.map((s: StepIn) => (s.id === id ? { ...s, ...change } : s)),
});
const codes = (input: unknown) => checkFlow(input).problems.map((p) => `${p.code}@${p.path.join('.')}`);
const messages = (input: unknown) => checkFlow(input).problems.map((p) => p.message);

describe('checkFlow with rules and variables', () => {
  it('accepts a flow using every kind of rule', () => {
    expect(checkFlow(rulesFlowInput)).toMatchObject({ ok: true, problems: [] });
  });

  it('reports unknown and malformed rules as shape problems with their paths', () => {
    expect(codes(withStep('nps', { rules: [{ when: { kind: 'weather', is: 'sunny' }, next: 'why' }] }))).toEqual(['invalid@steps.1.rules.0.when.kind']);
    expect(codes(withStep('nps', { rules: [{ when: { kind: 'score' }, next: 'why' }] }))).toEqual(['invalid@steps.1.rules.0.when.min']);
    expect(codes(withStep('nps', { rules: [{ when: { kind: 'score', min: 8, max: 3 }, next: 'why' }] }))).toEqual(['invalid@steps.1.rules.0.when.max']);
    expect(codes(withStep('nps', { rules: [{ when: { kind: 'score', max: 3 } }] }))).toEqual(['invalid@steps.1.rules.0.next']);
    expect(codes(withStep('cta', { rules: [{ when: { kind: 'variable', name: 'plan', op: 'equals' }, next: 'bye' }] }))).toEqual([
      'invalid@steps.4.rules.0.when.value',
    ]);
    expect(codes({ ...rulesFlowInput, variables: [{ name: 'bad-name' }] })).toEqual(['invalid@variables.0.name']);
  });

  it('reports a rule pointing at a step that is not there (deleted)', () => {
    const steps = rulesFlowInput.steps.filter((s: StepIn) => s.id !== 'why');
    expect(codes({ ...rulesFlowInput, steps })).toEqual(['unknown-target@steps.1.rules.0.next']);
  });

  it('reports unknown variables in rules and in prompt text, and variables declared twice', () => {
    const input = withStep('cta', { rules: [{ when: { kind: 'variable', name: 'tier', op: 'filled' }, next: 'thanks' }], prompt: { title: 'Hi {{who}}' } });
    expect(codes({ ...input, variables: [...rulesFlowInput.variables, { name: 'plan' }] })).toEqual([
      'duplicate-variable@variables.2.name',
      'unknown-variable@steps.4.prompt.title',
      'unknown-variable@steps.4.rules.0.when.name',
    ]);
  });

  it('reports overlapping score ranges and rules an earlier one always pre-empts', () => {
    const rules = (...ranges: [number | undefined, number | undefined][]) =>
      withStep('nps', { rules: ranges.map(([min, max]) => ({ when: { kind: 'score', min, max }, next: 'why' })) });
    expect(codes(rules([0, 6], [5, 8]))).toEqual(['overlapping-ranges@steps.1.rules.1.when']);
    expect(messages(rules([0, 6], [5, 8]))).toEqual(['scores 5–8 overlap rule 1 (0–6): make the ranges meet without overlapping']);
    expect(codes(rules([0, 6], [2, 4]))).toEqual(['unreachable-rule@steps.1.rules.1']);
    expect(codes(rules([0, 4], [5, 10], [7, 7]))).toEqual(['unreachable-rule@steps.1.rules.2']);
    expect(codes(rules([0, 6], [7, 10]))).toEqual([]);
  });

  it('reports score ranges outside the scale, and repeated or subsumed text and choice tests', () => {
    const rating = withStep('nps', { answer: { type: 'rating', scale: 5 }, rules: [{ when: { kind: 'score', min: 6 }, next: 'why' }] });
    expect(messages(rating)).toEqual(['rule 1 of step "nps" can never match: step "nps" gives scores from 1 to 5']);
    const variable = (op: string, value?: string) => ({ when: { kind: 'variable', name: 'plan', op, value }, next: 'thanks' });
    expect(codes(withStep('cta', { rules: [variable('equals', 'Pro'), variable('equals', ' pro')] }))).toEqual(['unreachable-rule@steps.4.rules.1']);
    expect(codes(withStep('cta', { rules: [variable('filled'), variable('contains', 'x')] }))).toEqual(['unreachable-rule@steps.4.rules.1']);
    // filled + empty always match: the third rule and the default next ("bye", now reached by nothing) are dead.
    expect(codes(withStep('cta', { rules: [variable('filled'), variable('empty'), variable('equals', 'pro')] }))).toEqual([
      'unreachable-rule@steps.4.rules.2',
      'unreachable-step@steps.7',
    ]);
    const choice = (options: string[]) => ({ when: { kind: 'choice', options }, next: 'contact' });
    expect(codes(withStep('intro', { rules: [choice(['yes']), choice(['yes'])] }))).toEqual(['unreachable-rule@steps.0.rules.1']);
  });

  it('reports conditions that do not fit the step they test', () => {
    expect(codes(withStep('cta', { rules: [{ when: { kind: 'score', min: 1 }, next: 'thanks' }] }))).toEqual(['invalid-rule@steps.4.rules.0.when']);
    expect(codes(withStep('cta', { rules: [{ when: { kind: 'text', op: 'filled', step: 'nps' }, next: 'thanks' }] }))).toEqual([
      'invalid-rule@steps.4.rules.0.when',
    ]);
    expect(codes(withStep('cta', { rules: [{ when: { kind: 'contact', step: 'contact', field: 'phone', op: 'filled' }, next: 'thanks' }] }))).toEqual([
      'invalid-rule@steps.4.rules.0.when.field',
    ]);
    expect(codes(withStep('cta', { rules: [{ when: { kind: 'choice', step: 'intro', options: ['yes', 'maybe'] }, next: 'thanks' }] }))).toEqual([
      'invalid-rule@steps.4.rules.0.when.options.1',
    ]);
    expect(messages(withStep('cta', { rules: [{ when: { kind: 'choice', step: 'gone', options: ['x'] }, next: 'thanks' }] }))).toEqual([
      'there is no step "gone"',
    ]);
    // "cta" comes after "nps", never before it.
    expect(messages(withStep('nps', { rules: [{ when: { kind: 'choice', step: 'cta', options: ['x'] }, next: 'why' }] }))).toEqual([
      'step "cta" never comes before step "nps"',
    ]);
    expect(codes(withStep('thanks', { rules: [{ when: { kind: 'score', min: 1 }, next: 'bye' }] }))).toEqual(['invalid-rule@steps.6.rules']);
  });

  it('needs a default next step only when the rules leave some answer without a branch', () => {
    const scores = (...ranges: [number, number][]) =>
      withStep('nps', { next: undefined, rules: ranges.map(([min, max]) => ({ when: { kind: 'score', min, max }, next: 'why' })) });
    expect(codes(scores([0, 6], [9, 10]))).toEqual(['missing-next@steps.1.next']);
    expect(codes(scores([0, 6], [7, 10]))).toEqual([]);
    const typed = withStep('why', { next: undefined, rules: [{ when: { kind: 'text', op: 'filled' }, next: 'contact' }, { when: { kind: 'text', op: 'empty' }, next: 'thanks' }] });
    expect(codes(typed)).toEqual([]);
    const options = (covered: string[]) => withStep('intro', { next: undefined, rules: [{ when: { kind: 'choice', options: covered }, next: 'nps' }] });
    expect(codes(options(['yes']))).toEqual(['missing-next@steps.0.answer.options.1.next']);
    expect(codes(options(['yes', 'no']))).toEqual([]);
  });

  it('counts rule targets as ways forward (reachability, dead loops)', () => {
    // "internal" is reached only through a rule of "contact".
    const noRule = withStep('contact', { rules: [] });
    expect(codes(noRule)).toEqual(['unreachable-step@steps.5']);
  });
});
