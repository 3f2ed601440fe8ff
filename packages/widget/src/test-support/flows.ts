import type { AnswerSpec, FlowDefinition } from '@reelback/shared';

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

/** One question (`ask`, with the given answer) and then the end (`thanks`): every answer leads to "thanks". */
export function askFlow(answer: AnswerSpec, title = 'Your turn'): FlowDefinition {
  return {
    name: 'Answer test flow',
    steps: [
      { id: 'ask', prompt: { title, text: 'Tell us what you think.' }, answer, next: 'thanks' },
      { id: 'thanks', prompt: { title: 'Thanks for your answer' }, answer: { type: 'end' } },
    ],
  };
}

export const ratingAnswer = { type: 'rating', scale: 5, lowLabel: 'Poor', highLabel: 'Great' } satisfies AnswerSpec;
export const npsAnswer = { type: 'nps', lowLabel: 'Not likely', highLabel: 'Very likely' } satisfies AnswerSpec;
export const contactAnswer = {
  type: 'contact',
  fields: [
    { name: 'name', label: 'Your name', required: false },
    { name: 'email', label: 'E-mail', required: true },
    { name: 'phone', label: 'Phone', required: false },
    { name: 'company', label: 'Company', required: false },
  ],
  consentText: 'You may contact me about my answers.',
} satisfies AnswerSpec;
export const openAnswer = { type: 'open', kinds: ['video', 'audio', 'text'], maxDurationSeconds: 60, maxTextLength: 20 } satisfies AnswerSpec;

/** rate → nps → say (open) → contact → end: every kind of answer in one walk. */
export const answersFlow: FlowDefinition = {
  name: 'Every answer',
  steps: [
    { id: 'rate', prompt: { title: 'Rate the demo' }, answer: ratingAnswer, next: 'nps' },
    { id: 'nps', prompt: { title: 'Would you recommend us?' }, answer: npsAnswer, next: 'say' },
    { id: 'say', prompt: { title: 'Anything else?' }, answer: openAnswer, next: 'contact' },
    { id: 'contact', prompt: { title: 'Stay in touch' }, answer: contactAnswer, next: 'end' },
    { id: 'end', prompt: { title: 'All done' }, answer: { type: 'end' } },
  ],
};
