// Which languages the widget speaks, which one to show, and where each one's catalogue is: no words here (the
// bubble uses it without the player's English catalogue). English is built in; every other catalogue is a chunk
// of its own, loaded on demand, so a page pays only for the language it shows.
import type { Catalogue } from './en.js';

/** The languages the widget speaks (each has a catalogue in ./locales/ but English, built in: see LOADERS). */
export type Locale = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'nl' | 'pl' | 'ja' | 'ar' | 'he';

/** The supported language a BCP 47 tag names (`de-AT` → `de`, `pt-BR` → `pt`), or undefined. */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return primary === 'en' || Object.prototype.hasOwnProperty.call(LOADERS, primary) ? (primary as Locale) : undefined;
}

/** The nearest `lang` around an element, through shadow roots up to `<html lang>` ('' when none says). */
export function inheritedLang(element: Element): string {
  for (let node: Element | undefined = element; node; node = (node.getRootNode() as ShadowRoot).host) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang) return lang;
  }
  return '';
}

/**
 * The language to show: the element's `locale` attribute, else the language of where it sits (the nearest `lang`,
 * so the page's `<html lang>` unless a part of the page says otherwise), else the browser's preferred languages,
 * the first of them the widget speaks; else English.
 */
export function resolveLocale(element: Element, languages: readonly string[] = globalThis.navigator?.languages ?? []): Locale {
  for (const tag of [element.getAttribute('locale'), inheritedLang(element), ...languages]) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return 'en';
}

/** Arabic and Hebrew are written right to left. */
export const directionOf = (locale: string): 'rtl' | 'ltr' => (/^(ar|he)$/.test(locale) ? 'rtl' : 'ltr');

type Load = () => Promise<{ default: Catalogue }>;
/** Written out one by one: the bundler makes one chunk per language. */
export const LOADERS: Record<Exclude<Locale, 'en'>, Load> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  pt: () => import('./locales/pt.js'),
  it: () => import('./locales/it.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  ja: () => import('./locales/ja.js'),
  ar: () => import('./locales/ar.js'),
  he: () => import('./locales/he.js'),
};

/** Replaces the loader of a language (tests: a catalogue that fails to load; then `forgetCatalogue()`). */
export function setCatalogueLoader(locale: Exclude<Locale, 'en'>, load: Load): void {
  LOADERS[locale] = load;
}
