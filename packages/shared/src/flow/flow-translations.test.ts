import { describe, expect, it } from 'vitest';
import { branchingFlow, branchingFlowInput } from '../test-support/flow-fixtures.js';
import { localizeFlow, translatableTexts, translationsFor } from './flow-translations.js';
import { FlowDefinition } from './flow.schema.js';

const german = {
  name: 'Verzweigter Testablauf',
  'steps.start.prompt.title': 'Wähle eins',
  'steps.start.answer.options.a.label': 'Weg A',
  'steps.rate.prompt.title': 'Bewerten Sie uns',
  'steps.contact.answer.fields.email.label': 'E-Mail',
  'steps.contact.answer.consentText': 'Sie dürfen mich zu meinen Antworten kontaktieren.',
  'steps.cta.answer.label': 'Doku',
};

describe('FlowTranslations in the flow definition', () => {
  it('is optional: a definition without translations (every older one) stays valid and unchanged', () => {
    const flow = FlowDefinition.parse(branchingFlowInput);
    expect(flow.translations).toBeUndefined();
    expect(flow).toEqual(branchingFlow);
  });

  it('takes texts by language tag and text path', () => {
    const flow = FlowDefinition.parse({ ...branchingFlowInput, translations: { de: german, 'pt-BR': { 'steps.end.prompt.title': 'Obrigado' } } });
    expect(flow.translations?.de?.['steps.start.prompt.title']).toBe('Wähle eins');
  });

  it('names what is wrong: a language tag, a path, an empty or too long text', () => {
    const problems = (translations: unknown) =>
      FlowDefinition.safeParse({ ...branchingFlowInput, translations }).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    expect(problems({ German: { name: 'X' } })).toEqual(['translations.German: "German" is not a language tag: use one such as "de" or "pt-BR"']);
    expect(problems({ de: { 'steps.start': 'X' } })).toEqual(['translations.de.steps.start: "steps.start" is not a text path: use one such as "steps.<step id>.prompt.title"']);
    expect(problems({ de: { 'steps.start.prompt.title': '' } })[0]).toMatch(/^translations\.de\.steps\.start\.prompt\.title: /);
    expect(problems({ de: { name: 'x'.repeat(2001) } })).toHaveLength(1);
  });
});

describe('translatableTexts', () => {
  it('lists every text a viewer reads, with the path a translation uses (ids, never positions)', () => {
    const texts = translatableTexts(branchingFlow);
    expect(texts).toEqual(
      expect.arrayContaining([
        { path: 'name', text: 'Branching test flow' },
        { path: 'steps.start.prompt.title', text: 'Pick one' },
        { path: 'steps.start.answer.options.b.label', text: 'Path B' },
        { path: 'steps.contact.answer.fields.name.label', text: 'Name' },
        { path: 'steps.contact.answer.consentText', text: 'You may contact me about my answers.' },
        { path: 'steps.cta.answer.label', text: 'Docs' },
        { path: 'steps.end.prompt.title', text: 'Thanks' },
      ]),
    );
    // Every path it lists is one the schema accepts.
    const all = Object.fromEntries(texts.map(({ path }) => [path, 'x']));
    expect(FlowDefinition.safeParse({ ...branchingFlowInput, translations: { de: all } }).success).toBe(true);
  });
});

describe('localizeFlow', () => {
  const flow = FlowDefinition.parse({ ...branchingFlowInput, translations: { de: german } });

  it('replaces the texts it has a translation for, keeps the rest, and leaves the definition given alone', () => {
    const de = localizeFlow(flow, 'de');
    expect(de.name).toBe('Verzweigter Testablauf');
    expect(de.steps[0]?.prompt.title).toBe('Wähle eins');
    expect(de.steps[0]?.answer).toMatchObject({ options: [{ id: 'a', label: 'Weg A', next: 'rate' }, { id: 'b', label: 'Path B', next: 'contact' }] });
    expect(de.steps[1]?.prompt.title).toBe('Bewerten Sie uns');
    expect(de.steps[2]?.answer).toMatchObject({ fields: [{ name: 'email', label: 'E-Mail' }, { name: 'name', label: 'Name' }] });
    expect(de.steps[3]?.answer).toMatchObject({ label: 'Doku', url: 'https://example.com/docs' });
    expect(flow.steps[0]?.prompt.title).toBe('Pick one');
  });

  it('keeps translations in place when steps are reordered (paths name ids)', () => {
    const reordered = { ...flow, steps: [...flow.steps].reverse() };
    expect(localizeFlow(reordered, 'de').steps.find((s) => s.id === 'start')?.prompt.title).toBe('Wähle eins');
  });

  it('finds a language by its tag, else by its language; without one the flow is as written', () => {
    expect(translationsFor({ 'pt-BR': { name: 'A' }, pt: { name: 'B' } }, 'pt-br')).toEqual({ name: 'A' });
    expect(translationsFor({ 'pt-BR': { name: 'A' } }, 'pt')).toEqual({ name: 'A' });
    expect(localizeFlow(flow, 'fr')).toBe(flow);
    expect(localizeFlow(branchingFlow, 'de')).toBe(branchingFlow);
  });

  it('touches words only: a path to an id, a link or a text the flow lacks is ignored', () => {
    const sneaky = {
      ...flow,
      translations: { de: { 'steps.cta.answer.url': 'javascript:alert(1)', 'steps.start.answer.options.a.next': 'end', 'steps.rate.prompt.text': 'Neu', 'steps.rate.answer.lowLabel': 'Schlecht', 'steps.nowhere.prompt.title': 'X' } },
    };
    const de = localizeFlow(sneaky, 'de');
    expect(de.steps[3]?.answer).toMatchObject({ url: 'https://example.com/docs' });
    expect(de.steps[0]?.answer).toMatchObject({ options: [{ next: 'rate' }, { next: 'contact' }] });
    expect(de.steps[1]?.prompt.text).toBeUndefined();
    expect(de.steps[1]?.answer).not.toHaveProperty('lowLabel');
  });
});
