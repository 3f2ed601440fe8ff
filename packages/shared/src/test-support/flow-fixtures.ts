import type { FlowDefinitionInput } from '../flow/flow.schema.js';
import { FlowDefinition } from '../flow/flow.schema.js';

const video = (name: string) => ({ src: `/media/${name}.mp4`, poster: `/media/${name}.jpg` });

/** A small branching flow: start → (a → end) | (b → cta → end). */
export const branchingFlowInput = {
  name: 'Branching test flow',
  steps: [
    {
      id: 'start',
      prompt: { title: 'Pick one', video: { ...video('start'), captions: [{ src: '/media/start.vtt' }] } },
      answer: {
        type: 'choice',
        options: [
          { id: 'a', label: 'Path A', next: 'rate' },
          { id: 'b', label: 'Path B', next: 'contact' },
        ],
      },
    },
    { id: 'rate', prompt: { title: 'Rate us' }, answer: { type: 'rating', scale: 5 }, next: 'end' },
    {
      id: 'contact',
      prompt: { title: 'Stay in touch' },
      answer: {
        type: 'contact',
        fields: [
          { name: 'email', label: 'E-mail', required: true },
          { name: 'name', label: 'Name' },
        ],
        consentText: 'You may contact me about my answers.',
      },
      next: 'cta',
    },
    { id: 'cta', prompt: { title: 'Read more' }, answer: { type: 'cta', label: 'Docs', url: 'https://example.com/docs' }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

export const branchingFlow = FlowDefinition.parse(branchingFlowInput);
