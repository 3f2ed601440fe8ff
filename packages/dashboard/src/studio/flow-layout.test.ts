import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@reelback/shared';
import { connect, defaultAnswer, replaceStep } from './flow-edits.js';
import { branches, CARD_HEIGHT, layoutFlow, layoutKey } from './flow-layout.js';

const flow: FlowDefinition = {
  name: 'x',
  steps: [
    { id: 'a', prompt: { title: 'A' }, answer: { type: 'choice', options: [{ id: 'y', label: 'Yes', next: 'b' }, { id: 'n', label: 'No', next: 'c' }] } },
    { id: 'b', prompt: {}, answer: defaultAnswer('open'), next: 'c' },
    { id: 'c', prompt: {}, answer: { type: 'end' } },
  ],
};

describe('flow layout (dagre)', () => {
  it('an arrow per branch with its label; the first step on top, each branch pointing down', () => {
    expect(branches(flow)).toEqual([
      { from: 0, to: 1, label: 'Yes' },
      { from: 0, to: 2, label: 'No' },
      { from: 1, to: 2, label: 'next' },
    ]);
    const layout = layoutFlow(flow);
    expect(layout.cards[0]!.y).toBeLessThan(layout.cards[1]!.y);
    expect(layout.cards[1]!.y + CARD_HEIGHT).toBeLessThan(layout.cards[2]!.y);
    for (const arrow of layout.arrows) {
      expect(arrow.points.length).toBeGreaterThanOrEqual(2);
      expect(arrow.points.at(-1)!.y).toBeGreaterThan(arrow.points[0]!.y);
    }
  });

  it('is laid out again only when steps or branches change, not when a title does', () => {
    const retitled = replaceStep(flow, 1, { ...flow.steps[1]!, prompt: { title: 'Tell us' } });
    expect(layoutKey(retitled)).toBe(layoutKey(flow));
    expect(layoutKey(connect(flow, 1, 'a'))).not.toBe(layoutKey(flow));
  });
});
