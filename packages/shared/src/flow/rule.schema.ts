import * as z from 'zod';
import { ContactFieldName, Slug, VariableName } from './ids.schema.js';
import { MAX_VARIABLE_LENGTH, TEXT_OPS } from './rule-limits.js';

/**
 * A flow's branching rules: each is a `when` condition and the step it leads to. Conditions are a union keyed by
 * `kind`, flat objects a studio can edit field by field. Conditions about an answer test the rule's own step by
 * default; `step` names an earlier step instead (a step the viewer did not answer never matches).
 */

const stepRef = { step: Slug.optional() };

/** How a text (a variable, a contact field) is tested; comparisons ignore case and surrounding spaces. */
const textTest = {
  op: z.enum(TEXT_OPS),
  value: z.string().max(MAX_VARIABLE_LENGTH).optional(),
};

const needsValue = (c: { op: string; value?: string }) => c.op === 'empty' || c.op === 'filled' || (c.value !== undefined && c.value.trim() !== '');
const needsValueMessage = { message: 'this comparison needs a non-empty "value"', path: ['value'] };

/** A rating or NPS score from `min` to `max`, both included. */
export const ScoreCondition = z
  .object({
    kind: z.literal('score'),
    ...stepRef,
    min: z.number().int().min(0).max(10).optional(),
    max: z.number().int().min(0).max(10).optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'give "min", "max" or both', path: ['min'] })
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, { message: '"min" is above "max"', path: ['max'] });

/** An open answer was typed (`filled`) or not (`empty`: a recorded clip, or only spaces). */
export const TextCondition = z.object({
  kind: z.literal('text'),
  ...stepRef,
  op: z.enum(['empty', 'filled']),
});

/** One field of a contact answer. */
export const ContactCondition = z
  .object({ kind: z.literal('contact'), ...stepRef, field: ContactFieldName, ...textTest })
  .refine(needsValue, needsValueMessage);

/** The option picked on a choice step: any of `options`. */
export const ChoiceCondition = z.object({
  kind: z.literal('choice'),
  ...stepRef,
  options: z.array(Slug).min(1).max(12),
});

/** A variable the host page passed (or its declared fallback). */
export const VariableCondition = z
  .object({ kind: z.literal('variable'), name: VariableName, ...textTest })
  .refine(needsValue, needsValueMessage);

export const Condition = z.discriminatedUnion('kind', [ScoreCondition, TextCondition, ContactCondition, ChoiceCondition, VariableCondition]);

export const Rule = z.object({ when: Condition, next: Slug });

/** A value the host page may pass in; anything it passes that the flow does not declare is ignored. */
export const Variable = z.object({
  name: VariableName,
  /** Used wherever the page passes no value (or one longer than `maxLength`): in prompt text and in rules. */
  fallback: z.string().max(MAX_VARIABLE_LENGTH).optional(),
  /** Longer values are dropped, not cut: a cut value could take a branch the page never meant. */
  maxLength: z.number().int().min(1).max(MAX_VARIABLE_LENGTH).default(100),
});

export type Condition = z.infer<typeof Condition>;
export type ConditionKind = Condition['kind'];
export type Rule = z.infer<typeof Rule>;
export type Variable = z.infer<typeof Variable>;
