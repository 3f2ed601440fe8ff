import type { FlowDefinition } from '@reelback/shared';

/** start → a → end-a | b → cta → end-b; plus steps the player cannot answer yet. */
export const testFlow: FlowDefinition = {
  name: 'Widget test flow',
  steps: [
    {
      id: 'start',
      prompt: {
        title: 'Pick a path',
        text: 'Which way?',
        video: {
          src: '/media/start.mp4',
          poster: '/media/start.jpg',
          captions: [
            { src: '/media/start.en.vtt', srclang: 'en', label: 'English' },
            { src: '/media/start.fr.vtt', srclang: 'fr', label: 'Français' },
          ],
        },
      },
      answer: {
        type: 'choice',
        options: [
          { id: 'a', label: 'Path A', next: 'end-a' },
          { id: 'b', label: 'Path B', next: 'cta' },
        ],
      },
    },
    {
      id: 'cta',
      prompt: { title: 'Read the docs', video: { src: '/media/cta.mp4', captions: [] } },
      answer: { type: 'cta', label: 'Open the docs', url: 'https://example.com/docs', openInNewTab: true },
      next: 'end-b',
    },
    { id: 'end-a', prompt: { title: 'Thanks, A', text: 'See you soon.' }, answer: { type: 'end' } },
    { id: 'end-b', prompt: { title: 'Thanks, B' }, answer: { type: 'end' } },
  ],
};

/** Replaces one step's answer (and keeps the rest). */
export function withStep(flow: FlowDefinition, stepId: string, change: Partial<FlowDefinition['steps'][number]>): FlowDefinition {
  return { ...flow, steps: flow.steps.map((step) => (step.id === stepId ? { ...step, ...change } : step)) };
}
