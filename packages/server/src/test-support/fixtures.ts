import { type FlowDefinitionInput, uuidv7, type ViewerEvent } from '@reelback/shared';

/** start → (a → rate → end) | (b → contact → cta → end), as the shared tests use it. */
export { branchingFlowInput as branchingFlow } from '@reelback/shared/test-support';
/** Every kind of branching rule, two declared variables (`plan` falls back to "free"; `name` at most 20 characters). */
export { rulesFlowInput as rulesFlow } from '@reelback/shared/test-support';

/** Schema-valid, but one option of `start` leads to a step that does not exist: fine as a draft, not publishable. */
export const brokenFlow = {
  name: 'Broken flow',
  steps: [
    {
      id: 'start',
      prompt: { title: 'Hi' },
      answer: {
        type: 'choice',
        options: [
          { id: 'done', label: 'Done', next: 'end' },
          { id: 'lost', label: 'Lost', next: 'nowhere' },
        ],
      },
    },
    { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

export interface SessionRef {
  sessionId: string;
  flowId: string;
  flowVersion: number;
}

/** Builds viewer events for one session, with ids made in call order (UUIDv7). */
export function eventsFor(ref: SessionRef) {
  const make = (type: ViewerEvent['type'], data: Record<string, unknown>) => ({
    specversion: '1.0' as const,
    id: uuidv7(),
    source: 'https://example.com/page',
    time: '2026-01-02T03:04:05.000Z',
    type,
    data: { ...ref, ...data },
  });
  return {
    started: () => make('reelback.session.started', { context: { embedMode: 'inline' } }),
    viewed: (stepId: string) => make('reelback.step.viewed', { stepId }),
    progressed: (stepId: string, percent: 25 | 50 | 75 | 100) => make('reelback.video.progressed', { stepId, percent }),
    chose: (stepId: string, optionId: string, nextStepId: string | null) => make('reelback.choice.selected', { stepId, optionId, nextStepId }),
    rated: (stepId: string, value: number, nextStepId: string | null) =>
      make('reelback.answer.submitted', { stepId, answer: { kind: 'rating', value }, nextStepId }),
    answered: (stepId: string, answer: Record<string, unknown>, nextStepId: string | null) =>
      make('reelback.answer.submitted', { stepId, answer, nextStepId }),
    completed: (endStepId: string) => make('reelback.session.completed', { endStepId }),
  };
}

export type TestEvent = ReturnType<ReturnType<typeof eventsFor>['started']>;
