import { describe, expect, it } from 'vitest';
import { checkFlow } from './validate-flow.js';
import { branchingFlowInput } from '../test-support/flow-fixtures.js';

const end = { id: 'end', prompt: {}, answer: { type: 'end' } };
const choice = (id: string, options: { id: string; next?: string }[], next?: string) => ({
  id,
  prompt: {},
  answer: { type: 'choice', options: options.map((o) => ({ label: o.id, ...o })) },
  ...(next ? { next } : {}),
});

function codes(input: unknown) {
  const result = checkFlow(input);
  return result.problems.map((p) => `${p.code}@${p.path.join('.')}`);
}

describe('checkFlow', () => {
  it('accepts a valid branching flow', () => {
    const result = checkFlow(branchingFlowInput);
    expect(result).toMatchObject({ ok: true, problems: [] });
  });

  it('reports shape problems with their paths before looking at the graph', () => {
    expect(codes({ name: '', steps: [{ id: 's', prompt: {}, answer: { type: 'nope' } }] })).toEqual([
      'invalid@name',
      'invalid@steps.0.answer.type',
    ]);
  });

  it('reports duplicate step ids and option ids', () => {
    expect(codes({ name: 'f', steps: [choice('a', [{ id: 'x' }, { id: 'x' }], 'end'), { ...end, id: 'a' }, end] })).toEqual([
      'duplicate-option-id@steps.0.answer.options.1.id',
      'duplicate-step-id@steps.1.id',
    ]);
  });

  it('reports unknown targets on options and default next', () => {
    expect(codes({ name: 'f', steps: [choice('a', [{ id: 'x', next: 'ghost' }, { id: 'y' }], 'end'), end] })).toEqual([
      'unknown-target@steps.0.answer.options.0.next',
    ]);
    expect(
      codes({ name: 'f', steps: [{ id: 'r', prompt: {}, answer: { type: 'nps' }, next: 'nowhere' }, end] }),
    ).toContain('unknown-target@steps.0.next');
  });

  it('reports steps that lead nowhere, and end steps with a next', () => {
    expect(codes({ name: 'f', steps: [choice('a', [{ id: 'x', next: 'end' }, { id: 'y' }]), end] })).toEqual([
      'missing-next@steps.0.answer.options.1.next',
    ]);
    expect(codes({ name: 'f', steps: [{ id: 'r', prompt: {}, answer: { type: 'rating' }, next: 'end' }, { ...end, next: 'r' }] })).toEqual([
      'end-step-has-next@steps.1.next',
    ]);
  });

  it('reports a flow with no end step', () => {
    expect(codes({ name: 'f', steps: [choice('a', [{ id: 'x' }], 'a')] })).toEqual(['no-end-step@steps']);
  });

  it('reports unreachable steps', () => {
    expect(codes({ name: 'f', steps: [choice('a', [{ id: 'x' }], 'end'), choice('island', [{ id: 'x' }], 'end'), end] })).toEqual([
      'unreachable-step@steps.1',
    ]);
  });

  it('reports steps caught in a loop with no way to an end', () => {
    const steps = [choice('a', [{ id: 'loop', next: 'b' }, { id: 'out', next: 'end' }]), choice('b', [{ id: 'x' }], 'c'), choice('c', [{ id: 'x' }], 'b'), end];
    expect(codes({ name: 'f', steps })).toEqual(['no-path-to-end@steps.1', 'no-path-to-end@steps.2']);
  });

  it('returns every problem at once', () => {
    const steps = [choice('a', [{ id: 'x', next: 'ghost' }, { id: 'x' }]), choice('lonely', [{ id: 'y' }], 'a')];
    expect(codes({ name: 'f', steps })).toEqual([
      'duplicate-option-id@steps.0.answer.options.1.id',
      'unknown-target@steps.0.answer.options.0.next',
      'missing-next@steps.0.answer.options.1.next',
      'no-end-step@steps',
      'unreachable-step@steps.1',
    ]);
  });
});
