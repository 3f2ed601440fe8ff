import { AnswerAnalysis } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { LOCAL_ENGINE, MAX_ANALYSED_CHARS, openLocalTextAnalyser, readAnswer } from './local-text-analyser.js';

const analyser = openLocalTextAnalyser();

async function analysed(text: string): Promise<AnswerAnalysis> {
  const result = await analyser.analyse(text);
  // Every result must fit the contract the pipeline stores and the API documents.
  const parsed = AnswerAnalysis.safeParse(result);
  expect(parsed.success, `${JSON.stringify(text.slice(0, 80))} → ${JSON.stringify(result)}: ${parsed.error?.message}`).toBe(true);
  return result;
}

/** Every phrase is a slice of the original text at its offsets, so the answer page can mark it and seek the clip. */
function expectOffsetsRight(text: string, result: AnswerAnalysis): void {
  for (const phrase of result.keyPhrases) {
    expect(text.slice(phrase.start, phrase.end), `phrase ${JSON.stringify(phrase)} in ${JSON.stringify(text.slice(0, 120))}`).toBe(phrase.text);
  }
}

describe('local engine: English', () => {
  it('tells positive, negative (with negation) and neutral answers apart, with a score in [-1, 1]', async () => {
    const positive = await analysed('I love the new recording flow, it is fast and really easy to use.');
    const negative = await analysed("I don't like the new dashboard at all, it's slow and confusing.");
    const neutral = await analysed('I used it on Tuesday to send a survey to my team.');
    expect([positive.sentiment, negative.sentiment, neutral.sentiment]).toEqual(['positive', 'negative', 'neutral']);
    expect(positive.sentimentScore).toBeGreaterThan(0);
    expect(negative.sentimentScore).toBeLessThan(0);
    expect(positive).toMatchObject({ state: 'analyzed', language: 'en', engine: LOCAL_ENGINE, summary: null, summaryEngine: null });
  });

  it('finds noun phrases with offsets into the original text', async () => {
    const text = 'The export button is impossible to find, and the pricing page does not list the annual plan.';
    const result = await analysed(text);
    expect(result.keyPhrases.map((p) => p.text)).toEqual(expect.arrayContaining(['export button', 'pricing page', 'annual plan']));
    expectOffsetsRight(text, result);
  });

  it('counts a phrase said twice once, first place kept, most repeated first', async () => {
    const text = 'Video upload is fine. The pricing page confuses me. Honestly the pricing pages are the worst part.';
    const result = await analysed(text);
    expect(result.keyPhrases[0]).toEqual({ text: 'pricing page', start: text.indexOf('pricing page'), end: text.indexOf('pricing page') + 12 });
    expect(result.keyPhrases.filter((p) => p.text.toLowerCase().startsWith('pricing'))).toHaveLength(1);
  });
});

describe('local engine: bad input', () => {
  it.each(['', '   ', '\n\t  \n', '...!?', '<br/><p></p>', '&nbsp;&amp;'])('%j is empty: nothing analysed, nothing guessed', async (text) => {
    expect(await analysed(text)).toMatchObject({ state: 'empty', language: null, sentiment: null, sentimentScore: null, keyPhrases: [] });
  });

  it.each([
    ['Das ist viel zu teuer für unser kleines Team, leider.', 'de'],
    ["C'est trop cher pour nous et l'export ne marche pas.", 'fr'],
    ['La aplicación es muy lenta cuando subo un video.', 'es'],
    ['録画ボタンが見つかりませんでした。', 'ja'],
  ])('%j is in another language (%s): named, not guessed', async (text, language) => {
    expect(await analysed(text)).toMatchObject({ state: 'unsupported-language', language, sentiment: null, sentimentScore: null, keyPhrases: [] });
  });

  it('reads a word or two it cannot place as English, saying the language was not told', async () => {
    expect(await analysed('ok')).toMatchObject({ state: 'analyzed', language: null });
  });

  it('reads emoji: an answer of emoji alone carries sentiment', async () => {
    expect(await analysed('👍👍🎉')).toMatchObject({ state: 'analyzed', sentiment: 'positive' });
    expect(await analysed('😡😡')).toMatchObject({ state: 'analyzed', sentiment: 'negative' });
  });

  it('keeps offsets right after emoji and other scripts (UTF-16 units, surrogate pairs counted)', async () => {
    const text = '🎉🎉 Great app 👩‍💻 but the 日本語 captions are wrong and the Ελληνικά subtitle file fails to load.';
    const result = await analysed(text);
    expect(result.language).toBe('en');
    expect(result.keyPhrases.map((p) => p.text)).toContain('captions');
    expect(result.keyPhrases.some((p) => p.start > text.indexOf('Ελληνικά')), 'a phrase after the Greek word').toBe(true);
    expectOffsetsRight(text, result);
  });

  it('keeps markup and formulas as plain text: phrases are slices of the original, tags are not phrases', async () => {
    const text = 'Love it! <b>The <i>pricing page</i></b> is confusing <script>alert(1)</script> and =HYPERLINK("http://x.example","export button") breaks.';
    const result = await analysed(text);
    const phrases = result.keyPhrases.map((p) => p.text);
    expect(phrases).toContain('pricing page');
    expect(phrases.some((p) => /^(b|i|script)$/i.test(p))).toBe(false);
    expectOffsetsRight(text, result);
  });

  it('reads a 50,000-character answer in chunks: offsets right to the end, the event loop served between chunks', async () => {
    const sentence = 'The upload is terrible on slow networks and I hate the support. ';
    let text = sentence.repeat(Math.ceil(MAX_ANALYSED_CHARS / sentence.length)).slice(0, MAX_ANALYSED_CHARS - 40);
    const tail = ' Finally the dark mode toggle is great.';
    text += tail;
    expect(text.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);

    // Count turns of the event loop while the answer is read: reading it in one go would allow none.
    let turns = 0;
    let reading = true;
    const spin = () => {
      turns++;
      if (reading) setImmediate(spin);
    };
    setImmediate(spin);
    const { analysis } = await readAnswer(text);
    reading = false;

    expect(turns, 'event-loop turns while reading 50,000 characters').toBeGreaterThanOrEqual(10);
    expect(analysis.state).toBe('analyzed');
    expect(analysis.sentiment).toBe('negative');
    expectOffsetsRight(text, analysis);
    expect(analysis.keyPhrases.map((p) => p.text)).toContain('dark mode toggle');
    const toggle = analysis.keyPhrases.find((p) => p.text === 'dark mode toggle');
    expect(toggle?.start).toBe(text.lastIndexOf('dark mode toggle'));
    expect(analysis.keyPhrases.length).toBeLessThanOrEqual(20);
  });

  it('reads no further than the first 50,000 characters', async () => {
    const text = `${'The price is fair. '.repeat(Math.ceil(MAX_ANALYSED_CHARS / 19))}The onboarding checklist is broken.`;
    const { analysis, terms } = await readAnswer(text);
    expect(analysis.keyPhrases.some((p) => p.start >= MAX_ANALYSED_CHARS)).toBe(false);
    expect(terms).toContain('price');
    expect(terms).not.toContain('checklist');
  });

  it('stops between chunks when its signal is aborted', async () => {
    const controller = new AbortController();
    const reading = readAnswer('The export is slow. '.repeat(2_000), { signal: controller.signal });
    controller.abort(new Error('job cancelled'));
    await expect(reading).rejects.toThrow('job cancelled');
  });
});
