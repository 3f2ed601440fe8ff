import { uuidv7, type FlowDefinitionInput, type ViewerEvent } from '@reelback/shared';

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';

/** The smallest flow whose whole walk is exactly ten events: one batch per session. */
export const benchFlow: FlowDefinitionInput = {
  name: 'Ingest benchmark',
  steps: [
    { id: 'start', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

export function walkBatch(flowId: string, flowVersion: number, sessionId: string): { events: ViewerEvent[] } {
  const ref = { sessionId, flowId, flowVersion };
  const envelope = () => ({ specversion: '1.0' as const, id: uuidv7(), source: 'bench', time: new Date().toISOString() });
  const progressed = (stepId: string, percent: 25 | 50 | 75 | 100) => ({
    ...envelope(),
    type: 'reelback.video.progressed' as const,
    data: { ...ref, stepId, percent },
  });
  return {
    events: [
      { ...envelope(), type: 'reelback.session.started', data: { ...ref, context: { embedMode: 'inline' } } },
      { ...envelope(), type: 'reelback.step.viewed', data: { ...ref, stepId: 'start' } },
      progressed('start', 25),
      progressed('start', 50),
      progressed('start', 75),
      progressed('start', 100),
      { ...envelope(), type: 'reelback.choice.selected', data: { ...ref, stepId: 'start', optionId: 'a', nextStepId: 'end' } },
      { ...envelope(), type: 'reelback.step.viewed', data: { ...ref, stepId: 'end' } },
      progressed('end', 25),
      { ...envelope(), type: 'reelback.session.completed', data: { ...ref, endStepId: 'end' } },
    ],
  };
}
