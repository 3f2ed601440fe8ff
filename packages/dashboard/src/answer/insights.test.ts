import { type AnswerAnalysisView, joinTranscriptSegments, type KeyPhrase, type TranscriptSegment } from '@reelback/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { startWorker } from '../test-support/fake-api.js';
import { FakeAnswers } from '../test-support/fake-answer-page.js';
import { CLIP_ID, TEXT_ANSWER_ID, textAnswer, VIDEO_ANSWER_ID, videoAnswer, videoJourney, XSS } from '../test-support/answer-fixtures.js';
import { transcript } from '../test-support/fixtures.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';

const ENGINE = { kind: 'local', name: 'wink-nlp 2.4 / wink-eng-lite-web-model 1.8' } as const;

/** Offsets of `text` in `analysed`, as the server gives them. */
const at = (analysed: string, text: string): KeyPhrase => {
  const start = analysed.indexOf(text);
  if (start < 0) throw new Error(`"${text}" is not in "${analysed}"`);
  return { text, start, end: start + text.length };
};

function analysis(overrides: Partial<AnswerAnalysisView> = {}): AnswerAnalysisView {
  return {
    state: 'analyzed',
    source: 'text',
    language: 'en',
    sentiment: 'positive',
    sentimentScore: 0.37,
    keyPhrases: [],
    engine: ENGINE,
    summary: null,
    summaryEngine: null,
    reason: null,
    analyzedAt: '2025-05-01T10:00:05.000Z',
    ...overrides,
  };
}

/** The welcome clip's transcript, with word timings in its first two segments (PocketSphinx gives none: Whisper does). */
const SEGMENTS: TranscriptSegment[] = [
  { start: 0.2, end: 1.5, text: " Hi, I'm Maya", words: [{ text: 'Hi,', start: 0.2, end: 0.5 }, { text: "I'm", start: 0.6, end: 0.8 }, { text: 'Maya', start: 0.9, end: 1.4 }] },
  { start: 1.5, end: 2.8, text: 'from Acme Boards.', words: [{ text: 'from', start: 1.5, end: 1.7 }, { text: 'Acme', start: 1.9, end: 2.2 }, { text: 'Boards.', start: 2.3, end: 2.7 }] },
  { start: 3.0, end: 5.0, text: 'What brings you here today?' },
];
const SPOKEN = joinTranscriptSegments(SEGMENTS);

let api: FakeAnswers;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeAnswers().install();
  api.journeys.set(VIDEO_ANSWER_ID, videoJourney());
  api.transcripts.set(CLIP_ID, transcript(CLIP_ID, SEGMENTS));
});
afterEach(() => unmountApp());

const insights = (app: Element) => deep(app, 'rb-answer', 'rb-answer-insights')!;
const marks = (app: Element, selector: string) => deepAll(app, ['rb-answer'], `${selector} mark`).map((m) => m.textContent);

async function openText(text: string, value: AnswerAnalysisView | null) {
  api.answers.set(TEXT_ANSWER_ID, textAnswer(text, { analysis: value }));
  const app = mountApp(`/app/answers/${TEXT_ANSWER_ID}`);
  await expect.element(page.getByRole('heading', { name: /^Text answer to/ })).toBeVisible();
  return app;
}

async function openVideo(value: AnswerAnalysisView | null) {
  api.answers.set(VIDEO_ANSWER_ID, videoAnswer({ analysis: value }));
  const app = mountApp(`/app/answers/${VIDEO_ANSWER_ID}`);
  await expect.poll(() => deep<HTMLVideoElement>(app, 'rb-answer', 'video')?.readyState ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(HTMLMediaElement.HAVE_METADATA);
  await expect.poll(() => deepAll(app, ['rb-answer'], '.transcript button').length).toBe(3);
  return { app, video: deep<HTMLVideoElement>(app, 'rb-answer', 'video')! };
}

describe('answer page: insights (#17)', () => {
  it('shows the sentiment as a word with its score, the engine, and marks the key phrases in the typed text; markup stays text', async () => {
    const text = `${XSS} I love the new timeline, it saves me hours`;
    const app = await openText(text, analysis({ keyPhrases: [at(text, 'new timeline'), at(text, 'hours')] }));
    await expect.element(page.getByRole('heading', { name: 'Insights' })).toBeVisible();
    const chip = insights(app).shadowRoot!.querySelector('[part="chip"]')!;
    expect(chip.textContent!.replace(/\s+/g, ' ').trim()).toBe('Sentiment: Positive +0.37');
    expect(chip.getAttribute('data-sentiment')).toBe('positive');
    await expect.element(page.getByText(`By ${ENGINE.name} (on this server)`)).toBeVisible();
    expect(marks(app, '.value')).toEqual(['new timeline', 'hours']);
    // The viewer's markup is characters on the page, never an element.
    expect(deep(app, 'rb-answer', '.value')!.textContent).toBe(text);
    expect(deep(app, 'rb-answer', '.value img')).toBeNull();
    // Typed text has no times: the phrases are listed, not buttons.
    expect(insights(app).shadowRoot!.querySelectorAll('.phrases button')).toHaveLength(0);
    expect([...insights(app).shadowRoot!.querySelectorAll('.phrases li')].map((li) => li.textContent!.trim())).toEqual(['new timeline', 'hours']);
    expect(await violations()).toEqual([]);
  });

  it('marks phrases in the transcript; each phrase plays the clip from its word (by click or keyboard), or from its segment', async () => {
    const phrases = [at(SPOKEN, 'Acme Boards'), at(SPOKEN, 'Maya'), at(SPOKEN, 'brings you')];
    const { app, video } = await openVideo(analysis({ source: 'transcript', sentiment: 'negative', sentimentScore: -0.2, keyPhrases: phrases }));
    expect(marks(app, '.transcript')).toEqual(['Maya', 'Acme Boards', 'brings you']);
    const chip = insights(app).shadowRoot!.querySelector('[part="chip"]')!;
    expect(chip.textContent!.replace(/\s+/g, ' ').trim()).toBe('Sentiment: Negative −0.20');

    await page.getByRole('button', { name: 'Acme Boards 0:01: play from there' }).click();
    await expect.poll(() => video.currentTime).toBeCloseTo(1.9, 2);
    insights(app).shadowRoot!.querySelectorAll<HTMLButtonElement>('.phrases button')[1]!.focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => video.currentTime).toBeCloseTo(0.9, 2);
    // No word timings in the third segment: its start.
    await page.getByRole('button', { name: 'brings you 0:03: play from there' }).click();
    await expect.poll(() => video.currentTime).toBeCloseTo(3.0, 2);
    expect(await violations()).toEqual([]);
  });

  it('says why there is no result: pending, another language, nothing to analyse, a failure; nothing for answers without text', async () => {
    const cases: [AnswerAnalysisView, RegExp][] = [
      [analysis({ state: 'pending', sentiment: null, sentimentScore: null, engine: null, analyzedAt: null }), /Being analysed/],
      [analysis({ state: 'unsupported-language', language: 'de', sentiment: null, sentimentScore: null }), /a language \(de\) that the engine does not know/],
      [analysis({ state: 'empty', language: null, sentiment: null, sentimentScore: null }), /no words/],
      [analysis({ state: 'failed', sentiment: null, sentimentScore: null, engine: null, reason: `the engine failed: ${XSS}` }), /The analysis failed: the engine failed: <img/],
    ];
    for (const [value, said] of cases) {
      const app = await openText('Some words', value);
      await expect.poll(() => (insights(app).shadowRoot?.textContent ?? '').replace(/\s+/g, ' ')).toMatch(said);
      expect(insights(app).shadowRoot!.querySelector('[part="chip"]'), value.state).toBeNull();
      expect(insights(app).shadowRoot!.querySelector('img')).toBeNull();
      expect(marks(app, '.value')).toEqual([]);
      expect(await violations()).toEqual([]);
      unmountApp();
    }
    await openText('Rated', null);
    expect(page.getByRole('heading', { name: 'Insights' }).query()).toBeNull();
  });

  it('after an owner edits the transcript, shows its analysis pending and no longer marks the old phrases', async () => {
    const { app } = await openVideo(analysis({ source: 'transcript', keyPhrases: [at(SPOKEN, 'Acme Boards')] }));
    expect(marks(app, '.transcript')).toEqual(['Acme Boards']);
    // What the server answers once the edit is stored: the edited text waits for its analysis.
    api.answers.set(VIDEO_ANSWER_ID, videoAnswer({ analysis: analysis({ source: 'transcript', state: 'pending', sentiment: null, sentimentScore: null, keyPhrases: [] }) }));
    await page.getByRole('button', { name: 'Edit transcript' }).click();
    await page.getByRole('textbox', { name: '0:01–0:02' }).fill('from Acme Boards, the skateboard shop.');
    await page.getByRole('button', { name: 'Save transcript' }).click();
    await expect.poll(() => insights(app).shadowRoot?.textContent ?? '').toMatch(/Being analysed/);
    expect(marks(app, '.transcript')).toEqual([]);
  });
});
