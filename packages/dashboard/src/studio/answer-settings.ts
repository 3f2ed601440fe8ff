// Every setting of each answer type, as form controls. Each change gives the whole new answer spec to `update`.
import { html, nothing } from 'lit';
import type { AnswerSpec, OpenAnswerKind } from '@reelback/shared';
import { freshId } from './flow-edits.js';
import { checkbox, type FieldContext, numberField, selectField, setOptional, textField } from './form-fields.js';

type Spec<T extends AnswerSpec['type']> = Extract<AnswerSpec, { type: T }>;
type Update = (answer: AnswerSpec, key: string | null) => void;

const CONTACT_FIELDS = [
  { value: 'name', label: 'Name' },
  { value: 'email', label: 'E-mail' },
  { value: 'phone', label: 'Phone' },
  { value: 'company', label: 'Company' },
] as const;
const KINDS: { kind: OpenAnswerKind; label: string }[] = [
  { kind: 'video', label: 'Video' },
  { kind: 'audio', label: 'Audio' },
  { kind: 'text', label: 'Text' },
];

function choiceSettings(ctx: FieldContext, spec: Spec<'choice'>, update: Update) {
  const options = spec.options;
  const set = (j: number, option: Spec<'choice'>['options'][number], key: string | null) =>
    update({ ...spec, options: options.map((o, k) => (k === j ? option : o)) }, key);
  return html`<fieldset>
    <legend>Options</legend>
    <ol class="rows">
      ${options.map(
        (option, j) => html`<li class="row">
          ${textField(ctx, `option-${j}-label`, `Option ${j + 1} label`, option.label, (v) => set(j, { ...option, label: v }, `option-${j}-label`))}
          ${textField(ctx, `option-${j}-id`, `Option ${j + 1} id`, option.id, (v) => set(j, { ...option, id: v }, `option-${j}-id`))}
          ${ctx.readonly
            ? nothing
            : html`<button
                class="button quiet"
                type="button"
                ?disabled=${options.length <= 1}
                @click=${() => update({ ...spec, options: options.filter((_, k) => k !== j) }, null)}
              >
                Remove<span class="visually-hidden"> option ${j + 1}</span>
              </button>`}
        </li>`,
      )}
    </ol>
    ${ctx.readonly
      ? nothing
      : html`<button
          class="button quiet"
          type="button"
          ?disabled=${options.length >= 12}
          @click=${() => {
            const id = freshId('option', options.map((o) => o.id));
            update({ ...spec, options: [...options, { id, label: `Option ${options.length + 1}` }] }, null);
          }}
        >
          Add option
        </button>`}
  </fieldset>`;
}

function openSettings(ctx: FieldContext, spec: Spec<'open'>, update: Update) {
  return html`<fieldset>
      <legend>Viewers may answer with</legend>
      ${KINDS.map(({ kind, label }) =>
        checkbox(ctx, `kind-${kind}`, label, spec.kinds.includes(kind), (on) =>
          update({ ...spec, kinds: KINDS.map((k) => k.kind).filter((k) => (k === kind ? on : spec.kinds.includes(k))) }, null),
        ),
      )}
    </fieldset>
    ${numberField(ctx, 'max-duration', 'Longest recording (seconds, 5–600)', spec.maxDurationSeconds, [5, 600], (v) =>
      update({ ...spec, maxDurationSeconds: v }, 'max-duration'),
    )}
    ${numberField(ctx, 'max-text', 'Longest text (characters, 1–10000)', spec.maxTextLength, [1, 10000], (v) =>
      update({ ...spec, maxTextLength: v }, 'max-text'),
    )}`;
}

function scaleLabels(ctx: FieldContext, spec: Spec<'rating'> | Spec<'nps'>, update: Update) {
  return html`${textField(ctx, 'low-label', 'Label of the lowest score', spec.lowLabel, (v) => update(setOptional(spec, 'lowLabel', v), 'low-label'))}
  ${textField(ctx, 'high-label', 'Label of the highest score', spec.highLabel, (v) => update(setOptional(spec, 'highLabel', v), 'high-label'))}`;
}

function contactSettings(ctx: FieldContext, spec: Spec<'contact'>, update: Update) {
  const fields = spec.fields;
  type Field = Spec<'contact'>['fields'][number];
  const set = (j: number, field: Field, key: string | null) => update({ ...spec, fields: fields.map((f, k) => (k === j ? field : f)) }, key);
  const unused = CONTACT_FIELDS.filter((c) => !fields.some((f) => f.name === c.value));
  return html`<fieldset>
      <legend>Fields</legend>
      <ol class="rows">
        ${fields.map(
          (field, j) => html`<li class="row">
            ${selectField(ctx, `field-${j}-name`, `Field ${j + 1}`, field.name, [...CONTACT_FIELDS], (v) => set(j, { ...field, name: v }, null))}
            ${textField(ctx, `field-${j}-label`, `Field ${j + 1} label`, field.label, (v) => set(j, { ...field, label: v }, `field-${j}-label`))}
            ${checkbox(ctx, `field-${j}-required`, `Field ${j + 1} required`, field.required, (v) => set(j, { ...field, required: v }, null))}
            ${ctx.readonly
              ? nothing
              : html`<button
                  class="button quiet"
                  type="button"
                  ?disabled=${fields.length <= 1}
                  @click=${() => update({ ...spec, fields: fields.filter((_, k) => k !== j) }, null)}
                >
                  Remove<span class="visually-hidden"> field ${j + 1}</span>
                </button>`}
          </li>`,
        )}
      </ol>
      ${ctx.readonly || !unused[0]
        ? nothing
        : html`<button
            class="button quiet"
            type="button"
            @click=${() => update({ ...spec, fields: [...fields, { name: unused[0]!.value, label: unused[0]!.label, required: false }] }, null)}
          >
            Add field
          </button>`}
    </fieldset>
    ${textField(ctx, 'consent', 'Consent text (when set, viewers must tick it)', spec.consentText, (v) => update(setOptional(spec, 'consentText', v), 'consent'), {
      multiline: true,
    })}`;
}

function ctaSettings(ctx: FieldContext, spec: Spec<'cta'>, update: Update) {
  return html`${textField(ctx, 'cta-label', 'Button label', spec.label, (v) => update({ ...spec, label: v }, 'cta-label'))}
  ${textField(ctx, 'cta-url', 'Link (http(s) URL or a path starting with /)', spec.url, (v) => update({ ...spec, url: v }, 'cta-url'), { type: 'url' })}
  ${checkbox(ctx, 'cta-new-tab', 'Open in a new tab', spec.openInNewTab, (v) => update({ ...spec, openInNewTab: v }, null))}`;
}

/** The settings of `spec`'s answer type. */
export function answerSettings(ctx: FieldContext, spec: AnswerSpec, update: Update) {
  switch (spec.type) {
    case 'choice':
      return choiceSettings(ctx, spec, update);
    case 'open':
      return openSettings(ctx, spec, update);
    case 'rating':
      return html`${numberField(ctx, 'scale', 'Scale (3–10 stars)', spec.scale, [3, 10], (v) => update({ ...spec, scale: v }, 'scale'))}
      ${scaleLabels(ctx, spec, update)}`;
    case 'nps':
      return scaleLabels(ctx, spec, update);
    case 'contact':
      return contactSettings(ctx, spec, update);
    case 'cta':
      return ctaSettings(ctx, spec, update);
    case 'end':
      return html`<p class="muted">The flow ends here: an end step has no settings and no next step.</p>`;
  }
}
