import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@reelback/shared';
import { branches } from './flow-layout.js';
import { conditionText } from './rule-words.js';

const flow: FlowDefinition = {
  name: 'x',
  variables: [{ name: 'plan', maxLength: 100 }],
  steps: [
    { id: 'pick', prompt: {}, answer: { type: 'choice', options: [{ id: 'a', label: 'Apples' }, { id: 'b', label: 'Pears' }] }, next: 'nps' },
    {
      id: 'nps',
      prompt: {},
      answer: { type: 'nps', lowLabel: 'No', highLabel: 'Yes' },
      rules: [
        { when: { kind: 'score', max: 6 }, next: 'why' },
        { when: { kind: 'variable', name: 'plan', op: 'equals', value: 'pro' }, next: 'done' },
        { when: { kind: 'choice', step: 'pick', options: ['a', 'b'] }, next: 'done' },
      ],
      next: 'why',
    },
    { id: 'why', prompt: {}, answer: { type: 'rating', scale: 5 }, rules: [{ when: { kind: 'score', min: 4 }, next: 'done' }], next: 'done' },
    { id: 'done', prompt: {}, answer: { type: 'end' } },
  ],
};

describe('rules in words', () => {
  it('says each kind of condition plainly, the scale filling an open end of a range', () => {
    const rules = flow.steps[1]!.rules!;
    expect(rules.map((r) => conditionText(r.when, flow, 1))).toEqual(['score 0–6', 'plan is pro', 'pick: chose Apples or Pears']);
    expect(conditionText(flow.steps[2]!.rules![0]!.when, flow, 2)).toBe('score 4–5');
    expect(conditionText({ kind: 'text', op: 'empty' }, flow, 1)).toBe('no answer typed');
    expect(conditionText({ kind: 'contact', field: 'email', op: 'ends-with', value: '@acme.com' }, flow, 1)).toBe('email ends with @acme.com');
    expect(conditionText({ kind: 'variable', name: 'plan', op: 'filled' }, flow, 1)).toBe('plan is given');
  });

  it('gives the map an arrow per rule, before the default', () => {
    expect(branches(flow).filter((b) => b.from === 1)).toEqual([
      { from: 1, to: 2, label: 'score 0–6' },
      { from: 1, to: 3, label: 'plan is pro' },
      { from: 1, to: 3, label: 'pick: chose Apples or Pears' },
      { from: 1, to: 2, label: 'next' },
    ]);
  });
});
