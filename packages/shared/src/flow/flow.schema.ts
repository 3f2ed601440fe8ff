import * as z from 'zod';

import { PromptMediaRef } from '../media/media-asset-id.js';
import { ContactFieldName, Slug } from './ids.schema.js';
import { Rule, Variable } from './rule.schema.js';
import { isThemeColour, MAX_THEME_LABEL, MAX_THEME_RADIUS, THEME_FONT_NAMES, THEME_POSITIONS } from './theme-values.js';

export { ContactFieldName, Slug } from './ids.schema.js';

/** Links a viewer can click must never run script (`javascript:` and friends). */
export const SafeUrl = z
  .string()
  .min(1)
  .max(2048)
  .refine((value) => /^https?:\/\//i.test(value) || /^\/(?![/\\])/.test(value), {
    message: 'must be an http(s) URL or a path starting with "/"',
  });

export const CaptionTrack = z.object({
  src: SafeUrl,
  srclang: z.string().min(2).max(16).default('en'),
  label: z.string().min(1).max(80).default('English'),
});

/** A prompt video, or a prompt's audio (played by the same player, over its poster when it has one). */
export const PromptVideo = z.object({
  src: SafeUrl,
  /** A smaller rendition (longest side 640) the widget plays instead on small screens or slow networks. */
  small: SafeUrl.optional(),
  poster: SafeUrl.optional(),
  /** WebVTT tracks; the first is shown by default. */
  captions: z.array(CaptionTrack).max(10).default([]),
});

export const PromptImage = z.object({
  src: SafeUrl,
  /** A smaller rendition (longest side 640) for small screens or slow networks. */
  small: SafeUrl.optional(),
  /** What the image shows, for people who cannot see it; empty when it is decoration. */
  alt: z.string().max(300).default(''),
});

/**
 * What a step shows before it asks. Media is either the library's (`media`: the server fills `video` or `image`
 * from the asset when it serves the published flow) or files the owner hosts (`video`/`image` written directly).
 */
export const Prompt = z
  .object({
    media: PromptMediaRef.optional(),
    video: PromptVideo.optional(),
    image: PromptImage.optional(),
    title: z.string().max(200).optional(),
    text: z.string().max(2000).optional(),
  })
  .refine((prompt) => !(prompt.video && prompt.image), { message: 'a prompt shows a video or an image, not both', path: ['image'] });

export const ChoiceOption = z.object({
  id: Slug,
  label: z.string().min(1).max(200),
  /** Overrides the step's default next step. */
  next: Slug.optional(),
});

export const ChoiceAnswerSpec = z.object({
  type: z.literal('choice'),
  options: z.array(ChoiceOption).min(1).max(12),
});

export const OpenAnswerKind = z.enum(['video', 'audio', 'text']);

export const OpenAnswerSpec = z.object({
  type: z.literal('open'),
  kinds: z.array(OpenAnswerKind).min(1).max(3).default(['video', 'audio', 'text']),
  maxDurationSeconds: z.number().int().min(5).max(600).default(120),
  maxTextLength: z.number().int().min(1).max(10000).default(2000),
});

export const RatingAnswerSpec = z.object({
  type: z.literal('rating'),
  scale: z.number().int().min(3).max(10).default(5),
  lowLabel: z.string().max(80).optional(),
  highLabel: z.string().max(80).optional(),
});

export const NpsAnswerSpec = z.object({
  type: z.literal('nps'),
  lowLabel: z.string().max(80).default('Not likely'),
  highLabel: z.string().max(80).default('Very likely'),
});

export const ContactAnswerSpec = z.object({
  type: z.literal('contact'),
  fields: z
    .array(
      z.object({
        name: ContactFieldName,
        label: z.string().min(1).max(80),
        required: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(4),
  /** When present, the viewer must tick an explicit consent box before sending. */
  consentText: z.string().min(1).max(1000).optional(),
});

export const CtaAnswerSpec = z.object({
  type: z.literal('cta'),
  label: z.string().min(1).max(80),
  url: SafeUrl,
  openInNewTab: z.boolean().default(true),
});

export const EndAnswerSpec = z.object({
  type: z.literal('end'),
});

export const AnswerSpec = z.discriminatedUnion('type', [
  ChoiceAnswerSpec,
  OpenAnswerSpec,
  RatingAnswerSpec,
  NpsAnswerSpec,
  ContactAnswerSpec,
  CtaAnswerSpec,
  EndAnswerSpec,
]);

export const Step = z.object({
  id: Slug,
  prompt: Prompt,
  answer: AnswerSpec,
  /**
   * Conditional branches, tried in order before anything else: the first whose `when` holds decides the next step.
   * Without a match, a choice option's own `next` applies, then the step's default `next`.
   */
  rules: z.array(Rule).max(20).optional(),
  /** Default next step; choice options may override it. End steps have none. */
  next: Slug.optional(),
});

const ThemeColour = z.string().max(40).refine(isThemeColour, { message: 'use a hex colour (#4f46e5) or rgb(r, g, b) / rgba(r, g, b, a)' });

/**
 * How the widget looks for this flow (theme-values.ts turns it into the widget's CSS custom properties). Every value
 * is checked so nothing but a colour, a known font stack, a radius or an image URL reaches the viewer's page.
 */
export const FlowTheme = z.object({
  accent: ThemeColour.optional(),
  background: ThemeColour.optional(),
  /** A font stack from `THEME_FONTS` (fonts on the viewer's system; nothing is downloaded). */
  font: z.enum(THEME_FONT_NAMES).optional(),
  radius: z.number().int().min(0).max(MAX_THEME_RADIUS).optional(),
  position: z.enum(THEME_POSITIONS).optional(),
  label: z.string().trim().min(1).max(MAX_THEME_LABEL).optional(),
  avatar: SafeUrl.optional(),
});

/** A language tag (BCP 47, as `lang` takes it): `de`, `pt-BR`, `zh-Hant`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** A text of the flow, named by ids: `name`, `theme.label`, `steps.<step id>.prompt.title`… (flow-translations.ts). */
export const TEXT_PATH = /^(name|theme\.label|steps\.[^.]+\.(prompt|answer)(\.[^.]+){1,3})$/;

/**
 * A flow's texts in other languages: `{ de: { 'steps.intro.prompt.title': 'Hallo' } }`. Paths name texts by ids
 * (flow-translations.ts lists them); a text without a translation shows as written. Keys are checked one by one so
 * a wrong one is named (a language tag, a path), with where it is.
 */
export const FlowTranslations = z.record(z.string(), z.record(z.string(), z.string().min(1).max(2000))).superRefine((all, ctx) => {
  const languages = Object.entries(all);
  if (languages.length > 40) ctx.addIssue({ code: 'custom', message: 'at most 40 languages' });
  for (const [tag, texts] of languages) {
    if (!LANGUAGE_TAG.test(tag)) ctx.addIssue({ code: 'custom', path: [tag], message: `"${tag}" is not a language tag: use one such as "de" or "pt-BR"` });
    const paths = Object.keys(texts);
    if (paths.length > 2000) ctx.addIssue({ code: 'custom', path: [tag], message: 'at most 2000 texts per language' });
    for (const path of paths) {
      if (!TEXT_PATH.test(path)) ctx.addIssue({ code: 'custom', path: [tag, path], message: `"${path}" is not a text path: use one such as "steps.<step id>.prompt.title"` });
    }
  }
});

/** What an owner writes. The first step is where every session starts. */
export const FlowDefinition = z.object({
  name: z.string().min(1).max(200),
  /** Language of the recorded answers for transcription: an ISO 639-1 code, or `auto` (detect; the default). */
  transcriptLanguage: z
    .string()
    .regex(/^(auto|[a-z]{2})$/, 'use "auto" or a two-letter ISO 639-1 code such as "en"')
    .optional(),
  /** Values the host page passes in (`data-var-*`, the element's `vars`, the page URL's query): only these are read and kept. */
  variables: z.array(Variable).max(20).optional(),
  /** The widget's look for this flow; absent: the widget's defaults (and the host page's CSS). */
  theme: FlowTheme.optional(),
  steps: z.array(Step).min(1).max(200),
  /** The flow's texts in other languages (the viewer's language is chosen as the widget's: docs/languages.md). */
  translations: FlowTranslations.optional(),
});

export type CaptionTrack = z.infer<typeof CaptionTrack>;
export type PromptVideo = z.infer<typeof PromptVideo>;
export type PromptImage = z.infer<typeof PromptImage>;
export type Prompt = z.infer<typeof Prompt>;
export type ChoiceOption = z.infer<typeof ChoiceOption>;
export type OpenAnswerKind = z.infer<typeof OpenAnswerKind>;
export type AnswerSpec = z.infer<typeof AnswerSpec>;
export type AnswerType = AnswerSpec['type'];
export type Step = z.infer<typeof Step>;
export type FlowTheme = z.infer<typeof FlowTheme>;
export type FlowDefinition = z.infer<typeof FlowDefinition>;
/** What an owner may send: defaults not yet applied. */
export type FlowDefinitionInput = z.input<typeof FlowDefinition>;
