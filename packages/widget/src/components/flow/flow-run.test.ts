import { describe, expect, it } from 'vitest';
import { advanceSession, NEW_SESSION, ViewerEvent, type FlowDefinition, type SessionProgress } from '@reelback/shared';
import { uuidv7 } from '@reelback/shared/uuidv7';
import { FlowRun } from './flow-run.js';
import type { SessionState } from '../../session/session-store.js';
import { describeEvent } from '../../test-support/fake-api.js';

/** A flow that loops: intro → (again → intro) | (done → end). */
const loop: FlowDefinition = {
  name: 'Loop',
  steps: [
    { id: 'intro', prompt: { title: 'Intro' }, answer: { type: 'choice', options: [{ id: 'more', label: 'More' }, { id: 'done', label: 'Done', next: 'end' }] }, next: 'detail' },
    { id: 'detail', prompt: { title: 'Detail' }, answer: { type: 'choice', options: [{ id: 'back', label: 'Back' }] }, next: 'intro' },
    { id: 'end', prompt: { title: 'End' }, answer: { type: 'end' } },
  ],
};

function run(state?: SessionState) {
  const events: ViewerEvent[] = [];
  const saved: SessionState[] = [];
  const flowRun = new FlowRun({
    definition: loop,
    state: state ?? FlowRun.newState({ sessionId: uuidv7(), flowId: 'loop', flowVersion: 1 }, 'intro'),
    emit: (e) => events.push(e),
    save: (s) => saved.push(s),
  });
  return { flowRun, events, saved };
}

function accepted(events: ViewerEvent[]): string[] {
  let progress: SessionProgress = NEW_SESSION;
  const reasons: string[] = [];
  for (const event of events) {
    const result = advanceSession(loop, progress, ViewerEvent.parse(event));
    if (result.ok) progress = result.progress;
    else reasons.push(result.reason);
  }
  return reasons;
}

describe('FlowRun', () => {
  it('views a step again when a loop leads back to it, and the server accepts the whole walk', () => {
    const { flowRun, events } = run();
    flowRun.start({ embedMode: 'inline' });
    flowRun.progressed(60);
    expect(flowRun.choose('more')).toBe(true);
    expect(flowRun.choose('back')).toBe(true);
    flowRun.progressed(30);
    expect(flowRun.choose('nope')).toBe(false);
    expect(flowRun.choose('done')).toBe(true);
    expect(flowRun.choose('more')).toBe(false);
    expect(events.map(describeEvent)).toEqual([
      'reelback.session.started',
      'reelback.step.viewed intro',
      'reelback.video.progressed intro 25',
      'reelback.video.progressed intro 50',
      'reelback.choice.selected intro more detail',
      'reelback.step.viewed detail',
      'reelback.choice.selected detail back intro',
      'reelback.step.viewed intro',
      'reelback.video.progressed intro 25',
      'reelback.choice.selected intro done end',
      'reelback.step.viewed end',
      'reelback.session.completed end',
    ]);
    expect(accepted(events)).toEqual([]);
    expect(flowRun.state).toMatchObject({ stepId: 'end', viewed: ['intro', 'detail', 'intro', 'end'], completed: true });
  });

  it('resumes from saved state without repeating what was sent', () => {
    const first = run();
    first.flowRun.start({ embedMode: 'inline' });
    first.flowRun.choose('more');
    first.flowRun.progressed(30);
    const saved = first.saved.at(-1)!;
    const second = run(structuredClone(saved));
    second.flowRun.resume();
    second.flowRun.progressed(30);
    expect(second.events).toEqual([]);
    second.flowRun.progressed(55);
    second.flowRun.choose('back');
    expect(second.events.map(describeEvent)).toEqual([
      'reelback.video.progressed detail 50',
      'reelback.choice.selected detail back intro',
      'reelback.step.viewed intro',
    ]);
    expect(accepted([...first.events, ...second.events])).toEqual([]);
  });

  it('sends answer.submitted with the branch the answer leads to, and refuses answers that do not fit', () => {
    const survey: FlowDefinition = {
      name: 'Survey',
      steps: [
        { id: 'rate', prompt: {}, answer: { type: 'rating', scale: 5 }, next: 'say' },
        { id: 'say', prompt: {}, answer: { type: 'open', kinds: ['text'], maxDurationSeconds: 60, maxTextLength: 5 }, next: 'bye' },
        { id: 'bye', prompt: {}, answer: { type: 'end' } },
      ],
    };
    const events: ViewerEvent[] = [];
    const flowRun = new FlowRun({
      definition: survey,
      state: FlowRun.newState({ sessionId: uuidv7(), flowId: 'survey', flowVersion: 1 }, 'rate'),
      emit: (e) => events.push(e),
      save: () => undefined,
    });
    flowRun.start({ embedMode: 'inline' });
    expect(flowRun.answer({ kind: 'rating', value: 6 })).toBe(false);
    expect(flowRun.answer({ kind: 'nps', value: 3 })).toBe(false);
    expect(flowRun.answer({ kind: 'rating', value: 4 })).toBe(true);
    expect(flowRun.answer({ kind: 'text', text: 'too long' })).toBe(false);
    expect(flowRun.answer({ kind: 'video', clipId: 'clp_x', durationSeconds: 3 })).toBe(false);
    expect(flowRun.answer({ kind: 'text', text: 'fine' })).toBe(true);
    expect(flowRun.answer({ kind: 'text', text: 'again' })).toBe(false);
    expect(events.map(describeEvent)).toEqual([
      'reelback.session.started',
      'reelback.step.viewed rate',
      'reelback.answer.submitted rate say',
      'reelback.step.viewed say',
      'reelback.answer.submitted say bye',
      'reelback.step.viewed bye',
      'reelback.session.completed bye',
    ]);
    expect(events.filter((e) => e.type === 'reelback.answer.submitted').map((e) => e.data)).toEqual([
      expect.objectContaining({ stepId: 'rate', answer: { kind: 'rating', value: 4 }, nextStepId: 'say' }),
      expect.objectContaining({ stepId: 'say', answer: { kind: 'text', text: 'fine' }, nextStepId: 'bye' }),
    ]);
    for (const event of events) expect(ViewerEvent.safeParse(event).success).toBe(true);
  });
});
