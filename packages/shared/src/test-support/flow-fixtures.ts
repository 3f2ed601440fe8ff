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

/**
 * A flow that branches with every kind of rule and declares two variables:
 * intro (choice; plan=enterprise → contact) → nps (0–6 → why, 9–10 → contact, else thanks)
 * → why (typed → contact, else thanks) → contact (e-mail ends with @acme.com → internal; "no" at intro → thanks;
 * else cta) → cta (plan=pro → thanks, else bye).
 */
export const rulesFlowInput = {
  name: 'Rules test flow',
  variables: [
    { name: 'plan', fallback: 'free' },
    { name: 'name', fallback: 'there', maxLength: 20 },
  ],
  steps: [
    {
      id: 'intro',
      prompt: { title: 'Hi {{name}}', text: 'Your plan: {{ plan }}. Team: {{name|your team}}' },
      answer: { type: 'choice', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
      rules: [{ when: { kind: 'variable', name: 'plan', op: 'equals', value: 'Enterprise' }, next: 'contact' }],
      next: 'nps',
    },
    {
      id: 'nps',
      prompt: { title: 'How likely…' },
      answer: { type: 'nps' },
      rules: [
        { when: { kind: 'score', max: 6 }, next: 'why' },
        { when: { kind: 'score', min: 9 }, next: 'contact' },
      ],
      next: 'thanks',
    },
    {
      id: 'why',
      prompt: { title: 'Why?' },
      answer: { type: 'open', kinds: ['text', 'video'] },
      rules: [{ when: { kind: 'text', op: 'filled' }, next: 'contact' }],
      next: 'thanks',
    },
    {
      id: 'contact',
      prompt: { title: 'Who are you?' },
      answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail' }, { name: 'company', label: 'Company' }] },
      rules: [
        { when: { kind: 'contact', field: 'email', op: 'ends-with', value: '@acme.com' }, next: 'internal' },
        { when: { kind: 'choice', step: 'intro', options: ['no'] }, next: 'thanks' },
      ],
      next: 'cta',
    },
    {
      id: 'cta',
      prompt: { title: 'Upgrade' },
      answer: { type: 'cta', label: 'Plans', url: 'https://example.com/plans' },
      rules: [{ when: { kind: 'variable', name: 'plan', op: 'equals', value: 'pro' }, next: 'thanks' }],
      next: 'bye',
    },
    { id: 'internal', prompt: { title: 'Hello colleague' }, answer: { type: 'end' } },
    { id: 'thanks', prompt: { title: 'Thanks {{name}}' }, answer: { type: 'end' } },
    { id: 'bye', prompt: { title: 'Bye' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

export const rulesFlow = FlowDefinition.parse(rulesFlowInput);
