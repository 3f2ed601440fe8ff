import * as z from 'zod';
import { ContactFieldName, Slug } from './flow.schema.js';

/** What a viewer gave as an answer to a non-choice step (choices travel as `choice.selected`). */
export const RatingAnswerValue = z.object({ kind: z.literal('rating'), value: z.number().int().min(1).max(10) });
export const NpsAnswerValue = z.object({ kind: z.literal('nps'), value: z.number().int().min(0).max(10) });
export const TextAnswerValue = z.object({ kind: z.literal('text'), text: z.string().min(1).max(10000) });
export const ClipAnswerValue = z.object({
  kind: z.enum(['video', 'audio']),
  /** Id of the finished upload that holds the clip. */
  clipId: z.string().min(1).max(200),
  durationSeconds: z.number().min(0).max(3600).optional(),
});
export const ContactAnswerValue = z.object({
  kind: z.literal('contact'),
  fields: z.partialRecord(ContactFieldName, z.string().max(500)),
  consent: z.boolean(),
});

export const AnswerValue = z.discriminatedUnion('kind', [
  RatingAnswerValue,
  NpsAnswerValue,
  TextAnswerValue,
  ClipAnswerValue,
  ContactAnswerValue,
]);

/** Everything that can move a viewer from one step to the next. */
export const StepInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), optionId: Slug }),
  z.object({ kind: z.literal('cta') }),
  z.object({ kind: z.literal('answer'), answer: AnswerValue }),
]);

export type AnswerValue = z.infer<typeof AnswerValue>;
export type StepInput = z.infer<typeof StepInput>;
