import { describe, expect, it } from 'vitest';
import { checkFlow, type ConditionKind, type FlowDefinition } from '@reelback/shared';
import { defaultAnswer, deleteStep, replaceStep } from './flow-edits.js';
import { addRule, addVariable, changeConditionKind, moveRule, removeRule } from './rule-edits.js';

const flow = (): FlowDefinition => ({
  name: 'Tour',
  variables: [{ name: 'plan', maxLength: 100 }],
  steps: [
    { id: 'pick', prompt: {}, answer: { type: 'choice', options: [{ id: 'a', label: 'A' }] }, next: 'score' },
    { id: 'score', prompt: {}, answer: { type: 'nps', lowLabel: 'No', highLabel: 'Yes' }, next: 'why' },
    { id: 'why', prompt: {}, answer: defaultAnswer('open'), next: 'done' },
    { id: 'done', prompt: {}, answer: { type: 'end' } },
  ],
});

describe('rule edits', () => {
  it("each kind's default condition passes checkFlow on a step it fits (or testing an earlier one)", () => {
    for (const kind of ['score', 'text', 'choice', 'variable'] as ConditionKind[]) {
      const f = changeConditionKind(addRule(flow(), 2), 2, 0, kind);
      expect(checkFlow(f).problems, kind).toEqual([]);
    }
    // A choice rule on the open step tests the choice before it.
    expect(changeConditionKind(addRule(flow(), 2), 2, 0, 'choice').steps[2]!.rules![0]!.when).toEqual({ kind: 'choice', step: 'pick', options: ['a'] });
  });

  it('adds, moves and removes rules; no rules left means no rules field', () => {
    let f = addRule(addRule(flow(), 1), 1);
    f = changeConditionKind(f, 1, 1, 'variable');
    expect(moveRule(f, 1, 1, -1).steps[1]!.rules!.map((r) => r.when.kind)).toEqual(['variable', 'score']);
    expect(moveRule(f, 1, 0, -1)).toBe(f);
    expect('rules' in removeRule(removeRule(f, 1, 0), 1, 0).steps[1]!).toBe(false);
    expect(addVariable(f).variables!.map((v) => v.name)).toEqual(['plan', 'var2']);
  });

  it('renaming a step takes rules along (their target and the step they test); deleting one drops the rules about it', () => {
    let f = addRule(flow(), 2);
    f = changeConditionKind(f, 2, 0, 'score');
    expect(f.steps[2]!.rules![0]!).toEqual({ when: { kind: 'score', step: 'score', max: 5 }, next: 'done' });
    const renamed = replaceStep(f, 1, { ...f.steps[1]!, id: 'nps' });
    expect(renamed.steps[2]!.rules![0]!.when).toEqual({ kind: 'score', step: 'nps', max: 5 });
    const target = replaceStep(f, 3, { ...f.steps[3]!, id: 'end' });
    expect(target.steps[2]!.rules![0]!.next).toBe('end');
    expect('rules' in deleteStep(f, 'score').steps[1]!).toBe(false);
  });
});
