import * as z from 'zod';
import { FlowDefinition, type FlowDefinitionInput, type OpenAnswerKind } from '../flow/flow.schema.js';

/**
 * Starting points for a new flow. Prompts have titles and text but no video yet: the owner records or uploads
 * those in the studio. Every template passes `checkFlow` as it is (flow-templates.test.ts), so a new flow made
 * from one can be published before anything is changed.
 */
export const FLOW_TEMPLATE_IDS = ['blank', 'nps', 'feature-discovery', 'testimonial', 'churn-exit'] as const;
export const FlowTemplateId = z.enum(FLOW_TEMPLATE_IDS);
export type FlowTemplateId = z.infer<typeof FlowTemplateId>;

export interface FlowTemplate {
  id: FlowTemplateId;
  name: string;
  /** One sentence for the "New flow" picker. */
  description: string;
  definition: FlowDefinition;
}

/** An open question answered by video, voice or text, whichever the viewer prefers. */
const recordOrType = (maxDurationSeconds: number) => ({
  type: 'open' as const,
  kinds: ['video', 'audio', 'text'] satisfies OpenAnswerKind[],
  maxDurationSeconds,
});

const blank = {
  name: 'Untitled flow',
  steps: [
    {
      id: 'question',
      prompt: { title: 'What’s on your mind?', text: 'Record a short video, leave a voice note or type your answer.' },
      answer: recordOrType(120),
      next: 'thanks',
    },
    { id: 'thanks', prompt: { title: 'Thank you!', text: 'We’ve got your answer.' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const nps = {
  name: 'NPS with a reason',
  // The host page may pass the viewer's first name (`data-var-name="Ada"`); without it the greeting says "there".
  variables: [{ name: 'name', fallback: 'there', maxLength: 60 }],
  steps: [
    {
      id: 'score',
      prompt: {
        title: 'Hi {{name}} — how likely are you to recommend us to a friend or colleague?',
        text: '0 means not at all likely, 10 means extremely likely.',
      },
      answer: { type: 'nps', lowLabel: 'Not at all likely', highLabel: 'Extremely likely' },
      // Detractors are asked what went wrong, promoters what they love; passives (7–8) what would make it a 10.
      rules: [
        { when: { kind: 'score', min: 0, max: 6 }, next: 'fix' },
        { when: { kind: 'score', min: 9, max: 10 }, next: 'love' },
      ],
      next: 'why',
    },
    {
      id: 'fix',
      prompt: {
        title: 'Sorry to hear that. What’s the one thing we should fix first?',
        text: 'A quick video or voice note is perfect — 30 seconds is plenty. Prefer typing? That works too.',
      },
      answer: recordOrType(90),
      next: 'thanks',
    },
    {
      id: 'why',
      prompt: {
        title: 'What would make it a 10 for you?',
        text: 'A quick video or voice note is perfect — 30 seconds is plenty. Prefer typing? That works too.',
      },
      answer: recordOrType(90),
      next: 'thanks',
    },
    {
      id: 'love',
      prompt: {
        title: 'Great to hear! What do you love most?',
        text: 'Tell us in your own words — we may ask to share it (only with your permission).',
      },
      answer: recordOrType(90),
      next: 'thanks',
    },
    {
      id: 'thanks',
      prompt: { title: 'Thanks — we read every answer', text: 'Your feedback goes straight to the people who build the product.' },
      answer: { type: 'end' },
    },
  ],
} satisfies FlowDefinitionInput;

const featureDiscovery = {
  name: 'Feature discovery',
  steps: [
    {
      id: 'used',
      prompt: {
        title: 'Which of these have you used in the last month?',
        text: 'Pick the one you use most. There are no wrong answers — this tells us what to explain better.',
      },
      answer: {
        type: 'choice',
        options: [
          { id: 'dashboards', label: 'Shared dashboards', next: 'dashboards-value' },
          { id: 'automations', label: 'Automations', next: 'automations-value' },
          { id: 'neither', label: 'Neither yet', next: 'what-stops' },
        ],
      },
    },
    {
      id: 'dashboards-value',
      prompt: { title: 'How useful are shared dashboards to your team?' },
      answer: { type: 'rating', scale: 5, lowLabel: 'Not useful', highLabel: 'Can’t work without them' },
      next: 'improve',
    },
    {
      id: 'automations-value',
      prompt: { title: 'How much time do automations save you?' },
      answer: { type: 'rating', scale: 5, lowLabel: 'Hardly any', highLabel: 'Hours every week' },
      next: 'improve',
    },
    {
      id: 'improve',
      prompt: {
        title: 'What’s one thing that would make it more useful?',
        text: 'Show us on screen or just talk us through it — whatever is easiest.',
      },
      answer: recordOrType(120),
      next: 'thanks',
    },
    {
      id: 'what-stops',
      prompt: { title: 'What’s kept you from trying them?' },
      answer: {
        type: 'choice',
        options: [
          { id: 'didnt-know', label: 'I didn’t know they existed', next: 'learn-more' },
          { id: 'no-time', label: 'I haven’t had the time' },
          { id: 'no-need', label: 'I don’t need them' },
        ],
      },
      next: 'thanks',
    },
    {
      id: 'learn-more',
      prompt: { title: 'Here’s a two-minute tour', text: 'See what shared dashboards and automations can do for your team.' },
      answer: { type: 'cta', label: 'Take the tour', url: '/whats-new' },
      next: 'thanks',
    },
    { id: 'thanks', prompt: { title: 'Thanks for helping us improve!' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const testimonial = {
  name: 'Customer testimonial',
  steps: [
    {
      id: 'invite',
      prompt: {
        title: 'Would you share your story with us?',
        text: 'We’re collecting short stories from customers like you. It takes about two minutes, and you can re-record as often as you like.',
      },
      answer: {
        type: 'choice',
        options: [
          { id: 'yes', label: 'Sure, let’s do it', next: 'story' },
          { id: 'not-now', label: 'Not right now', next: 'maybe-later' },
        ],
      },
    },
    {
      id: 'story',
      prompt: {
        title: 'What was it like before, and what changed?',
        text: 'In your own words: the problem you had, how you solved it with us, and what’s better now. Speak as you would to a colleague.',
      },
      answer: { type: 'open', kinds: ['video', 'audio'], maxDurationSeconds: 120 },
      next: 'permission',
    },
    {
      id: 'permission',
      prompt: { title: 'May we share your story?', text: 'We’ll only publish it with your name and company as you give them here.' },
      answer: {
        type: 'contact',
        fields: [
          { name: 'name', label: 'Your name', required: true },
          { name: 'company', label: 'Company and role' },
          { name: 'email', label: 'E-mail, so we can send you the final cut', required: true },
        ],
        consentText:
          'I agree that my recording, name and company may be used on your website, in case studies and on social media. I can withdraw this permission at any time by replying to your e-mail.',
      },
      next: 'thanks',
    },
    {
      id: 'thanks',
      prompt: { title: 'Thank you — you made our day', text: 'We’ll e-mail you before anything goes live.' },
      answer: { type: 'end' },
    },
    { id: 'maybe-later', prompt: { title: 'No problem at all', text: 'Thanks for being a customer.' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const churnExit = {
  name: 'Churn exit interview',
  steps: [
    {
      id: 'reason',
      prompt: {
        title: 'Sorry to see you go. What’s the main reason you’re leaving?',
        text: 'One click is enough — it helps us more than you’d think.',
      },
      answer: {
        type: 'choice',
        options: [
          { id: 'price', label: 'It’s too expensive for us', next: 'price-detail' },
          { id: 'missing', label: 'It’s missing something we need', next: 'missing-detail' },
          { id: 'switching', label: 'We’re switching to another tool', next: 'switching-detail' },
          { id: 'not-using', label: 'We’re not using it enough', next: 'last-words' },
          { id: 'other', label: 'Something else', next: 'last-words' },
        ],
      },
    },
    {
      id: 'price-detail',
      prompt: { title: 'Would any of these have kept you?' },
      answer: {
        type: 'choice',
        options: [
          { id: 'smaller-plan', label: 'A smaller plan with fewer seats' },
          { id: 'annual-discount', label: 'A discount for paying yearly' },
          { id: 'not-price-alone', label: 'No — price wasn’t the only reason' },
        ],
      },
      next: 'last-words',
    },
    {
      id: 'missing-detail',
      prompt: {
        title: 'What were you missing?',
        text: 'Tell us what you were trying to get done. If it’s on our roadmap, we’ll let you know when it ships.',
      },
      answer: recordOrType(120),
      next: 'last-words',
    },
    {
      id: 'switching-detail',
      prompt: { title: 'Which tool are you moving to, and what made you choose it?' },
      answer: { type: 'open', kinds: ['text', 'audio', 'video'], maxDurationSeconds: 90 },
      next: 'last-words',
    },
    {
      id: 'last-words',
      prompt: {
        title: 'Anything else you’d like the team to hear?',
        text: 'Optional. A quick recording goes straight to the people who build the product.',
      },
      answer: recordOrType(90),
      next: 'goodbye',
    },
    {
      id: 'goodbye',
      prompt: { title: 'Thanks for giving us a try', text: 'We hope to see you again.' },
      answer: { type: 'end' },
    },
  ],
} satisfies FlowDefinitionInput;

const template = (id: FlowTemplateId, description: string, input: FlowDefinitionInput): FlowTemplate => ({
  id,
  name: input.name,
  description,
  definition: FlowDefinition.parse(input),
});

/** In the order the "New flow" picker shows them. */
export const FLOW_TEMPLATES: readonly FlowTemplate[] = [
  template('blank', 'One open question and a thank-you: start from scratch.', blank),
  template('nps', 'The 0–10 recommendation question, then a recorded “why” in the customer’s own words.', nps),
  template('feature-discovery', 'Find out which features people use, what they are worth to them, and what keeps others from trying them.', featureDiscovery),
  template('testimonial', 'Invite happy customers to record their story, with explicit permission to publish it.', testimonial),
  template('churn-exit', 'Ask leaving customers why, with a follow-up for each reason.', churnExit),
];

export function flowTemplate(id: FlowTemplateId): FlowTemplate {
  return FLOW_TEMPLATES.find((t) => t.id === id)!;
}
