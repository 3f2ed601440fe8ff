import { describe, expect, it } from 'vitest';
import { translator } from './catalogue.js';
import { type Catalogue, en, type Message } from './en.js';
import { enBubble } from './en-bubble.js';
import { enRecorder } from './en-recorder.js';
import { enUploads } from './en-uploads.js';
import { directionOf, LOADERS, matchLocale, resolveLocale } from './locales.js';

/** English in full: the player's words, the recorder's, the uploads' and the bubble's. */
const english: Record<string, Message> = { ...en, ...enRecorder, ...enUploads, ...enBubble };
const texts = (message: Message) => (typeof message === 'string' ? [message] : Object.values(message));
const placeholders = (message: Message) => [...new Set(texts(message).flatMap((text) => text.match(/\{\w+\}/g) ?? []))].sort();

describe('catalogues', () => {
  for (const [locale, load] of Object.entries(LOADERS)) {
    it(`${locale} has every key English has, no other, and the same {placeholders}`, async () => {
      const catalogue: Catalogue = (await load()).default;
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
      for (const [key, message] of Object.entries(catalogue)) {
        expect(texts(message).every((text) => text.trim().length > 0), `${locale}.${key} is empty`).toBe(true);
        if (typeof message !== 'string') expect(message.other, `${locale}.${key} needs an "other" form`).toBeTruthy();
        // A plural form may leave the number out ("one second"); every other placeholder must be kept.
        const wanted = placeholders(english[key]!).filter((p) => typeof message === 'string' || p !== '{n}');
        expect(placeholders(message), `${locale}.${key}`).toEqual(expect.arrayContaining(wanted));
        expect(placeholders(english[key]!), `${locale}.${key} has placeholders English lacks`).toEqual(expect.arrayContaining(placeholders(message)));
      }
    });
  }
});

describe('choosing a language', () => {
  it('matches a tag by its language (region and script do not matter), case and separator aside', () => {
    expect(['de-AT', 'PT_br', 'ja', 'he-IL', 'en-GB', 'sv', '', null].map(matchLocale)).toEqual(['de', 'pt', 'ja', 'he', 'en', undefined, undefined, undefined]);
  });

  it('prefers the locale attribute, then the nearest lang through shadow roots, then the browser’s languages', () => {
    const outer = document.createElement('div');
    outer.lang = 'nl';
    const host = document.createElement('div');
    outer.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLocale(inner, ['pl'])).toBe('nl');
    inner.setAttribute('locale', 'it');
    expect(resolveLocale(inner, ['pl'])).toBe('it');
    expect(resolveLocale(document.createElement('span'), ['sv', 'pl-PL'])).toBe('pl');
    expect(resolveLocale(document.createElement('span'), ['sv'])).toBe('en');
  });

  it('writes Arabic and Hebrew right to left', () => {
    expect(['ar', 'he', 'de', 'en'].map(directionOf)).toEqual(['rtl', 'rtl', 'ltr', 'ltr']);
  });
});

describe('translator', () => {
  it('fills placeholders, formats numbers and picks plural forms through Intl', async () => {
    const pl = translator((await LOADERS.pl()).default, 'pl');
    expect(['startsIn', 'startsIn', 'startsIn'].map((key, i) => pl(key as 'startsIn', { n: [1, 3, 5][i]! }))).toEqual([
      'Nagrywanie za 1 sekundę.',
      'Nagrywanie za 3 sekundy.',
      'Nagrywanie za 5 sekund.',
    ]);
    const de = translator((await LOADERS.de()).default, 'de');
    expect(de('count', { used: 1200, n: 2000 })).toBe('1.200 von 2.000 Zeichen');
    expect(translator(en, 'en')('nowShowing', { title: 'Intro' })).toBe('Now showing: Intro');
  });
});
