import { describe, expect, it } from 'vitest';
import { checkFlow, type FlowDefinition, type Step } from '@reelback/shared';
import { addStep, changeAnswerType, connectOption, defaultAnswer, deleteStep, moveStep, replaceStep } from './flow-edits.js';
import { FlowEditorController } from './flow-editor.controller.js';

const flow = (): FlowDefinition => ({
  name: 'Tour',
  steps: [
    { id: 'start', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'wish' }, { id: 'b', label: 'B' }] }, next: 'done' },
    { id: 'wish', prompt: { title: 'Wish' }, answer: defaultAnswer('open'), next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

const ids = (f: FlowDefinition) => f.steps.map((s) => s.id);

describe('flow edits', () => {
  it('every default answer passes the shared schema', () => {
    for (const type of ['choice', 'open', 'rating', 'nps', 'contact', 'cta'] as const) {
      const f: FlowDefinition = { name: 'x', steps: [{ id: 's', prompt: {}, answer: defaultAnswer(type), next: 'e' }, { id: 'e', prompt: {}, answer: { type: 'end' } }] };
      expect(checkFlow(f).problems, type).toEqual([]);
    }
  });

  it('adds a step on the path after the given one, with a fresh id', () => {
    const { flow: added, id } = addStep(flow(), 'wish');
    expect(id).toBe('step-1');
    expect(ids(added)).toEqual(['start', 'wish', 'step-1', 'done']);
    expect(added.steps[1]!.next).toBe('step-1');
    expect(added.steps[2]!.next).toBe('done');
    expect(checkFlow(added).problems).toEqual([]);
    // After a choice whose options all name their next step: nothing goes through its default, so nothing changes.
    const branching: FlowDefinition = { ...flow(), steps: flow().steps.map((s, i) => (i === 0 ? connectOption(flow(), 0, 1, 'done').steps[0]! : s)) };
    const afterChoice = addStep(branching, 'start');
    expect(afterChoice.flow.steps[0]).toBe(branching.steps[0]);
    expect(afterChoice.flow.steps[1]).not.toHaveProperty('next');
    expect(addStep(flow(), 'start').flow.steps[0]!.next).toBe('step-1');
    // After an end step: appended, not connected (an end step has no next).
    const afterEnd = addStep(added, 'done');
    expect(afterEnd.id).toBe('step-2');
    expect(afterEnd.flow.steps.at(-1)!.next).toBeUndefined();
    expect(afterEnd.flow.steps.find((s) => s.id === 'done')!.next).toBeUndefined();
  });

  it('deletes a step, leading what went to it where it went; never the last step', () => {
    const f = deleteStep(flow(), 'wish');
    expect(ids(f)).toEqual(['start', 'done']);
    const options = (f.steps[0]!.answer as Extract<Step['answer'], { type: 'choice' }>).options;
    expect(options[0]).toEqual({ id: 'a', label: 'A', next: 'done' });
    const ended = deleteStep(flow(), 'done');
    expect(ended.steps[1]!).not.toHaveProperty('next');
    expect(ended.steps[0]!).not.toHaveProperty('next');
    const one: FlowDefinition = { name: 'x', steps: [flow().steps[2]!] };
    expect(deleteStep(one, 'done')).toBe(one);
  });

  it('moves steps within bounds', () => {
    expect(ids(moveStep(flow(), 'wish', -1))).toEqual(['wish', 'start', 'done']);
    expect(ids(moveStep(flow(), 'done', 1))).toEqual(['start', 'wish', 'done']);
  });

  it('renames a step with its references, unless the new id is taken', () => {
    const renamed = replaceStep(flow(), 1, { ...flow().steps[1]!, id: 'idea' });
    expect((renamed.steps[0]!.answer as Extract<Step['answer'], { type: 'choice' }>).options[0]!.next).toBe('idea');
    const clash = replaceStep(flow(), 1, { ...flow().steps[1]!, id: 'done' });
    expect(clash.steps[0]!.next).toBe('done');
    expect((clash.steps[0]!.answer as Extract<Step['answer'], { type: 'choice' }>).options[0]!.next).toBe('wish');
    expect(checkFlow(clash).problems.map((p) => p.code)).toContain('duplicate-step-id');
  });

  it('connects an option, and an end step drops its next', () => {
    const f = connectOption(flow(), 0, 1, 'wish');
    expect((f.steps[0]!.answer as Extract<Step['answer'], { type: 'choice' }>).options[1]).toEqual({ id: 'b', label: 'B', next: 'wish' });
    const ended = changeAnswerType(flow(), 1, 'end');
    expect(ended.steps[1]).toEqual({ id: 'wish', prompt: { title: 'Wish' }, answer: { type: 'end' } });
  });
});

describe('editor history', () => {
  const host = { addController: () => undefined, requestUpdate: () => undefined, removeController: () => undefined, updateComplete: Promise.resolve(true) };

  it('undoes and redoes; typing in one field within a second is one step; a new edit drops the redo', () => {
    let now = 0;
    const changes: FlowDefinition[] = [];
    const editor = new FlowEditorController(host, (f) => changes.push(f), () => now);
    const base = flow();
    editor.reset(base);
    const titled = (title: string) => replaceStep(editor.flow, 0, { ...editor.flow.steps[0]!, prompt: { title } });
    editor.apply(titled('P'), 'title');
    now = 300;
    editor.apply(titled('Pi'), 'title');
    now = 600;
    editor.apply(titled('Pic'), 'title');
    now = 2000;
    editor.apply(titled('Pick!'), 'title');
    expect(editor.flow.steps[0]!.prompt.title).toBe('Pick!');
    editor.undo();
    expect(editor.flow.steps[0]!.prompt.title).toBe('Pic');
    editor.undo();
    expect(editor.flow).toBe(base);
    expect(editor.canUndo).toBe(false);
    editor.redo();
    expect(editor.flow.steps[0]!.prompt.title).toBe('Pic');
    editor.apply(moveStep(editor.flow, 'done', -1));
    expect(editor.canRedo).toBe(false);
    expect(changes).toHaveLength(8);
    expect(editor.problems).toEqual(checkFlow(editor.flow).problems);
  });
});
