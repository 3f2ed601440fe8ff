import * as z from 'zod';

/** Step and option ids appear in URLs, events and exports: keep them plain. */
export const Slug = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'use 1–64 letters, digits, "-" or "_", starting with a letter or digit');

export const ContactFieldName = z.enum(['name', 'email', 'phone', 'company']);

/**
 * A variable's name is also its `data-var-*` attribute and its query parameter: a letter, then letters, digits or "_"
 * (no "-", so `data-var-plan_id` and `?plan_id=` name the same thing).
 */
export const VariableName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'use 1–32 letters, digits or "_", starting with a letter');

export type Slug = z.infer<typeof Slug>;
export type ContactFieldName = z.infer<typeof ContactFieldName>;
export type VariableName = z.infer<typeof VariableName>;
