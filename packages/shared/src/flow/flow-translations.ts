// A flow's own texts in other languages. The definition keeps its texts in one language (the one it was written
// in); `translations` maps a language to texts by *path*, each path naming a text through ids (step id, option id,
// contact field name), never array positions — so reordering steps in the studio keeps every translation in place,
// and a definition without `translations` (every older one) is unchanged. Pure: the widget applies it, the studio
// lists what there is to translate.
import type { FlowDefinition } from './flow.schema.js';

/** A text a flow shows, with the path translations use for it. */
export interface TranslatableText {
  path: string;
  text: string;
}

type Definition = Pick<FlowDefinition, 'name' | 'theme' | 'steps'>;

/**
 * Every text of a flow a viewer reads, in the flow's own language, with its path:
 * `name`, `theme.label`, `steps.<step>.prompt.title|text|image.alt`, `steps.<step>.answer.label` (a call to action),
 * `…answer.lowLabel|highLabel`, `…answer.consentText`, `…answer.options.<option>.label`, `…answer.fields.<field>.label`.
 */
export function translatableTexts(definition: Definition): TranslatableText[] {
  const texts: TranslatableText[] = [];
  const add = (path: string, text: string | undefined) => text && texts.push({ path, text });
  add('name', definition.name);
  add('theme.label', definition.theme?.label);
  for (const step of definition.steps) {
    const at = `steps.${step.id}`;
    add(`${at}.prompt.title`, step.prompt.title);
    add(`${at}.prompt.text`, step.prompt.text);
    add(`${at}.prompt.image.alt`, step.prompt.image?.alt);
    const answer = step.answer;
    if (answer.type === 'cta') add(`${at}.answer.label`, answer.label);
    if (answer.type === 'rating' || answer.type === 'nps') {
      add(`${at}.answer.lowLabel`, answer.lowLabel);
      add(`${at}.answer.highLabel`, answer.highLabel);
    }
    if (answer.type === 'contact') {
      add(`${at}.answer.consentText`, answer.consentText);
      for (const field of answer.fields) add(`${at}.answer.fields.${field.name}.label`, field.label);
    }
    if (answer.type === 'choice') for (const option of answer.options) add(`${at}.answer.options.${option.id}.label`, option.label);
  }
  return texts;
}

/** The translations a flow has for a language: its exact tag (`pt-BR`), else the first of the same language (`pt`). */
export function translationsFor(translations: Record<string, Record<string, string>> | undefined, locale: string): Record<string, string> | undefined {
  if (!translations) return undefined;
  const want = locale.toLowerCase();
  const tags = Object.keys(translations);
  const tag = tags.find((t) => t.toLowerCase() === want) ?? tags.find((t) => t.toLowerCase().split('-')[0] === want.split('-')[0]);
  return tag === undefined ? undefined : translations[tag];
}

/** The texts a translation may replace (never an id, a rule, a link or a media source). */
const TEXT_KEYS = new Set(['name', 'label', 'title', 'text', 'alt', 'lowLabel', 'highLabel', 'consentText']);

/**
 * The flow as a viewer in `locale` reads it: each text that has a translation replaced by it, the rest (and every
 * id, rule and link) as written; a path naming no text of the flow is ignored. The definition given is not changed.
 */
export function localizeFlow<D extends Definition & { translations?: Record<string, Record<string, string>> }>(definition: D, locale: string): D {
  const texts = translationsFor(definition.translations, locale);
  if (!texts) return definition;
  const copy = structuredClone(definition);
  for (const [path, text] of Object.entries(texts)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    // Down the path: object keys, and in lists (steps, options, fields) the item of that id or name.
    let node: unknown = copy;
    for (const key of keys) {
      node = Array.isArray(node)
        ? node.find((item: { id?: string; name?: string }) => item.id === key || item.name === key)
        : (node as Record<string, unknown> | undefined)?.[key];
    }
    const target = node as Record<string, unknown> | undefined;
    // Only a text the flow has is replaced: a translation never adds a field, nor touches anything but words.
    if (text && TEXT_KEYS.has(last) && typeof target?.[last] === 'string') target[last] = text;
  }
  return copy;
}
