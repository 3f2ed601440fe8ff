import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import type { FlowDefinition } from '@reelback/shared';
import { forgetCatalogue } from '../../util/i18n/catalogue.js';
import { LOADERS, setCatalogueLoader } from '../../util/i18n/locales.js';
import { askFlow, openAnswer, ratingAnswer, testFlow } from '../../test-support/flows.js';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';

defineReelbackFlow();

const frLoader = LOADERS.fr;

beforeEach(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});

afterEach(async () => {
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
  setCatalogueLoader('fr', frLoader);
  forgetCatalogue('fr');
  vi.restoreAllMocks();
  await commands.emulateReducedMotion(false);
});

/** A preview of `definition` (nothing sent), on a page in `pageLang`, with the element's `locale` if given. */
function show(definition: FlowDefinition, pageLang: string, locale?: string): ReelbackFlow {
  document.documentElement.lang = pageLang;
  const main = document.createElement('main');
  const title = document.createElement('h1');
  title.textContent = 'Host page';
  const element = document.createElement('reelback-flow');
  if (locale) element.setAttribute('locale', locale);
  element.flow = { flowId: 'draft', version: 1, definition };
  main.append(title, element);
  document.body.append(main);
  return element;
}

const container = (element: ReelbackFlow) => element.shadowRoot!.querySelector<HTMLElement>('[part~="container"]');

describe('the widget speaks the page’s language', () => {
  it('a German page gets German buttons, screen-reader names and messages', async () => {
    const element = show(askFlow(ratingAnswer), 'de-DE');
    await expect.element(page.getByRole('button', { name: 'Senden' })).toBeVisible();
    expect(container(element)!.lang).toBe('de');
    expect(container(element)!.dir).toBe('ltr');
    await expect.element(page.getByRole('radio', { name: '1 von 5, Poor' })).toBeInTheDocument();
    await page.getByRole('button', { name: 'Senden' }).click();
    await expect.element(page.getByText('Bitte wählen Sie zuerst eine Bewertung.')).toBeVisible();
  });

  it('the element’s locale attribute wins over the page’s lang', async () => {
    show(askFlow(openAnswer), 'de', 'fr-CA');
    await expect.element(page.getByRole('button', { name: 'Enregistrer une vidéo' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Écrire ma réponse' })).toBeVisible();
  });

  it('a page in a language the widget does not speak falls back to the browser’s, then English', async () => {
    // The test browser prefers en-US.
    show(askFlow(ratingAnswer), 'sv');
    await expect.element(page.getByRole('button', { name: 'Send' })).toBeVisible();
  });

  it('the nearest lang counts: a German section of an English page', async () => {
    const element = show(askFlow(ratingAnswer), 'en');
    element.remove();
    const section = document.createElement('section');
    section.lang = 'de';
    section.append(element);
    document.body.append(section);
    await expect.element(page.getByRole('button', { name: 'Senden' })).toBeVisible();
  });

  it('Arabic is laid out right to left, with Arabic words and plural forms', async () => {
    const element = show(askFlow(openAnswer), 'ar');
    await expect.element(page.getByRole('button', { name: 'اكتب إجابتك' })).toBeVisible();
    expect(container(element)!.dir).toBe('rtl');
    expect(getComputedStyle(container(element)!).direction).toBe('rtl');
    await page.getByRole('button', { name: 'اكتب إجابتك' }).click();
    // 20 characters at most: Intl picks the form and writes the numbers the Arabic way.
    const count = element.shadowRoot!.querySelector('[part~="count"]')!;
    expect(count.textContent!.trim()).toBe(`${new Intl.NumberFormat('ar').format(0)} من ${new Intl.NumberFormat('ar').format(20)} حرفًا`);
  });

  it('Hebrew is right to left too', async () => {
    const element = show(askFlow(ratingAnswer), 'he');
    await expect.element(page.getByRole('button', { name: 'שליחה' })).toBeVisible();
    expect(container(element)!.dir).toBe('rtl');
  });

  it('a catalogue that cannot be loaded falls back to English, laid out left to right', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    forgetCatalogue('fr');
    setCatalogueLoader('fr', () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    const element = show(askFlow(ratingAnswer), 'fr');
    await expect.element(page.getByRole('button', { name: 'Send' })).toBeVisible();
    expect(container(element)!.lang).toBe('en');
    expect(warn).toHaveBeenCalled();
  });

  it('changing the locale attribute shows the other language', async () => {
    const element = show(askFlow(ratingAnswer), 'en');
    await expect.element(page.getByRole('button', { name: 'Send' })).toBeVisible();
    element.setAttribute('locale', 'es');
    await expect.element(page.getByRole('button', { name: 'Enviar' })).toBeVisible();
  });
});

describe('a flow’s own texts per language', () => {
  const translated: FlowDefinition = {
    ...testFlow,
    translations: {
      de: {
        'steps.start.prompt.title': 'Wähle einen Weg',
        'steps.start.answer.options.a.label': 'Weg A',
        'steps.end-a.prompt.title': 'Danke, A',
      },
    },
  };

  it('shows the viewer’s language where the flow has it, the flow’s own words elsewhere, and reports the locale', async () => {
    const element = show(translated, 'de');
    const started: CustomEvent[] = [];
    element.addEventListener('reelback.session.started', (event) => started.push(event as CustomEvent));
    await expect.element(page.getByRole('heading', { name: 'Wähle einen Weg' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Weg A' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Path B' })).toBeVisible();
    await page.getByRole('button', { name: 'Weg A' }).click();
    await expect.element(page.getByRole('heading', { name: 'Danke, A' })).toBeVisible();
    expect(element.currentStep?.id).toBe('end-a');
    expect(started[0]?.detail.data.context).toEqual({ embedMode: 'preview', locale: 'de' });
  });

  it('a viewer in another language sees the flow as written', async () => {
    show(translated, 'fr');
    await expect.element(page.getByRole('heading', { name: 'Pick a path' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Path A' })).toBeVisible();
  });
});

describe('accessibility in other languages', () => {
  /** axe-core looks into open shadow roots, so this checks the player as a host page would show it. */
  async function violations(): Promise<string[]> {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  for (const lang of ['de', 'ar']) {
    it(`is axe-clean in ${lang} (choices, a rating with its error, the ways to answer)`, async () => {
      await commands.emulateReducedMotion(true);
      show(testFlow, lang);
      await expect.element(page.getByRole('button', { name: 'Path A' })).toBeVisible();
      expect(await violations()).toEqual([]);
      document.body.replaceChildren();
      show(askFlow(ratingAnswer), lang);
      const send = lang === 'de' ? 'Senden' : 'إرسال';
      await page.getByRole('button', { name: send }).click();
      await expect.element(page.getByRole('radiogroup')).toHaveAttribute('aria-invalid', 'true');
      expect(await violations()).toEqual([]);
      document.body.replaceChildren();
      show(askFlow(openAnswer), lang);
      await expect.element(page.getByRole('button', { name: lang === 'de' ? 'Antwort schreiben' : 'اكتب إجابتك' })).toBeVisible();
      expect(await violations()).toEqual([]);
    });
  }
});
