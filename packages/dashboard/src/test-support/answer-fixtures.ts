// Answers (GET /answers/:id), journeys and transcripts for the answer page's tests.
import type { TranscriptInfo } from '@reelback/shared';
import type { AnswerDetail, AnswerJourney } from '../answer/answer-api.js';
import { CLIP_ID, transcript, XSS } from './fixtures.js';

export { CLIP_ID, XSS };

export const VIDEO_ANSWER_ID = '0190f5e0-aaaa-7000-8000-000000000001';
export const TEXT_ANSWER_ID = '0190f5e0-aaaa-7000-8000-000000000002';
export const CONTACT_ANSWER_ID = '0190f5e0-aaaa-7000-8000-000000000003';
export const FAILED_ANSWER_ID = '0190f5e0-aaaa-7000-8000-000000000004';
export const OTHER_VIDEO_ANSWER_ID = '0190f5e0-aaaa-7000-8000-000000000005';
export const FAILED_CLIP_ID = 'clp_failedclip00000009';
export const SESSION_ID = '0190f5e0-bbbb-7000-8000-000000000001';

const base = {
  sessionId: SESSION_ID,
  flowId: 'demo',
  flowVersion: 3,
  text: null,
  clip: null,
  transcriptSnippet: null,
  status: 'new',
  starred: false,
  tags: [],
  note: null,
  submittedAt: '2025-05-01T10:00:00.000Z',
  backlogItem: null,
  analysis: null,
} satisfies Partial<AnswerDetail>;

export function videoAnswer(overrides: Partial<AnswerDetail> = {}): AnswerDetail {
  return {
    ...base,
    id: VIDEO_ANSWER_ID,
    stepId: 'wish',
    kind: 'video',
    value: { kind: 'video', clipId: CLIP_ID, durationSeconds: 5.3 },
    clip: { id: CLIP_ID, status: 'ready', durationSeconds: 5.32, posterUrl: `/api/v1/clips/${CLIP_ID}/media/poster` },
    transcriptSnippet: "Hi, I'm Maya from Acme Boards.",
    tags: ['pricing'],
    ...overrides,
  };
}

export function textAnswer(text = XSS, overrides: Partial<AnswerDetail> = {}): AnswerDetail {
  return { ...base, id: TEXT_ANSWER_ID, stepId: 'wish', kind: 'text', value: { kind: 'text', text }, text, ...overrides };
}

export function withheldContactAnswer(): AnswerDetail {
  return { ...base, id: CONTACT_ANSWER_ID, stepId: 'contact', kind: 'contact', value: { kind: 'contact', consent: false } };
}

export function failedVideoAnswer(): AnswerDetail {
  return videoAnswer({
    id: FAILED_ANSWER_ID,
    value: { kind: 'video', clipId: FAILED_CLIP_ID },
    clip: { id: FAILED_CLIP_ID, status: 'rejected', durationSeconds: null, posterUrl: null },
    transcriptSnippet: null,
    tags: [],
  });
}

export function welcomeTranscript(): TranscriptInfo {
  return transcript(CLIP_ID, [
    { start: 0.2, end: 1.5, text: "Hi, I'm Maya" },
    { start: 1.5, end: 2.8, text: 'from Acme Boards.' },
    { start: 3.0, end: 5.0, text: 'What brings you here today?' },
  ]);
}

/** The video answer's path: a choice, a rating, a contact step without consent, another video, then this answer. */
export function videoJourney(pageUrl: string | null = 'https://acme.example/pricing'): AnswerJourney {
  return {
    answerId: VIDEO_ANSWER_ID,
    sessionId: SESSION_ID,
    flowId: 'demo',
    flowVersion: 3,
    startedAt: '2025-05-01T09:58:00.000Z',
    context: { pageUrl, referrer: null, locale: 'en-GB', embedMode: 'inline' },
    steps: [
      { stepId: 'welcome', title: 'What brings you here?', type: 'choice', at: '2025-05-01T09:58:10.000Z', response: { kind: 'choice', optionId: 'pricing', label: 'Pricing questions' }, current: false },
      { stepId: 'rate', title: 'How likely are you to buy?', type: 'rating', at: '2025-05-01T09:58:30.000Z', response: { kind: 'rating', value: 4 }, current: false },
      { stepId: 'contact', title: 'Can we reach you?', type: 'contact', at: '2025-05-01T09:58:50.000Z', response: { kind: 'contact', consent: false }, current: false },
      { stepId: 'intro', title: 'Introduce yourself', type: 'open', at: '2025-05-01T09:59:10.000Z', response: { kind: 'video', clipId: 'clp_introclip000000001', answerId: OTHER_VIDEO_ANSWER_ID }, current: false },
      { stepId: 'wish', title: 'Tell us what you wish for', type: 'open', at: '2025-05-01T09:59:40.000Z', response: { kind: 'video', clipId: CLIP_ID, answerId: VIDEO_ANSWER_ID }, current: true },
    ],
  };
}

/** A text answer's path, its page URL a script and its texts HTML. */
export function scriptJourney(): AnswerJourney {
  return {
    answerId: TEXT_ANSWER_ID,
    sessionId: SESSION_ID,
    flowId: 'demo',
    flowVersion: 3,
    startedAt: '2025-05-01T09:58:00.000Z',
    context: { pageUrl: 'javascript:alert(1)', referrer: 'javascript:alert(2)', locale: null, embedMode: 'bubble' },
    steps: [
      { stepId: 'contact', title: XSS, type: 'contact', at: '2025-05-01T09:58:50.000Z', response: { kind: 'contact', consent: true, fields: { name: XSS, email: 'ann@example.com' } }, current: false },
      { stepId: 'wish', title: 'Tell us what you wish for', type: 'open', at: '2025-05-01T09:59:40.000Z', response: { kind: 'text', text: XSS }, current: true },
    ],
  };
}
