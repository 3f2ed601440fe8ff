// The widget's catalogues: English is built in; every other one is a chunk of its own, loaded on demand
// (import()), so a page pays only for the language it shows.
import { type Catalogue, en, type MessageKey } from './en.js';
import { LOADERS, type Locale } from './locales.js';

/** The catalogues loaded, or loading. One that failed is forgotten: the next element tries again. */
const catalogues = new Map<Locale, Catalogue | Promise<Catalogue>>([['en', en]]);

/**
 * A language's catalogue: itself when in hand (an element of a language already loaded speaks it from its first
 * render), else a promise of it. One that cannot be loaded (a network blip, a renamed chunk) gives English.
 */
export function catalogueOf(locale: Locale): Catalogue | Promise<Catalogue> {
  let found = catalogues.get(locale);
  if (!found) {
    found = LOADERS[locale as Exclude<Locale, 'en'>]().then(
      ({ default: loaded }) => (catalogues.set(locale, loaded), loaded),
      (error: unknown) => {
        catalogues.delete(locale);
        console.warn(`[reelback] no ${locale} texts`, error);
        return en;
      },
    );
    catalogues.set(locale, found);
  }
  return found;
}

/** English words that arrive with a chunk (the recorder's, the uploads'): they join the English catalogue. */
export function addEnglish(...words: Partial<Catalogue>[]): void {
  Object.assign(en, ...words);
}

/** Forgets a loaded catalogue (tests). */
export const forgetCatalogue = (locale: Locale): boolean => catalogues.delete(locale);

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * A catalogue's message with its `{name}`s filled in: numbers through Intl.NumberFormat, plural forms chosen by
 * `n` through Intl.PluralRules. A key the catalogue lacks falls back to English.
 */
export function translator(catalogue: Catalogue, locale: string): Translate {
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  return (key, params = {}) => {
    const message = catalogue[key] ?? en[key];
    const text = typeof message === 'string' ? message : (message[plurals.select(Number(params.n ?? 0))] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}
