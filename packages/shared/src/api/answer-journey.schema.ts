import * as z from 'zod';
import { ContactFieldName } from '../flow/flow.schema.js';
import { FlowId, SessionId } from '../events/viewer-event.schema.js';

/** What the viewer did at one step: chose, clicked through, or answered; null when they only saw it. */
export const JourneyResponse = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), optionId: z.string(), label: z.string() }),
  z.object({ kind: z.literal('cta') }),
  z.object({ kind: z.enum(['rating', 'nps']), value: z.number() }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({
    kind: z.enum(['video', 'audio']),
    clipId: z.string(),
    /** The recorded answer, to open it in the inbox; null when it is not (or no longer) stored. */
    answerId: z.string().nullable(),
  }),
  // Contact fields only with the viewer's consent; without it only that there was one.
  z.discriminatedUnion('consent', [
    z.object({ kind: z.literal('contact'), consent: z.literal(true), fields: z.partialRecord(ContactFieldName, z.string()) }),
    z.object({ kind: z.literal('contact'), consent: z.literal(false) }),
  ]),
]);

export const JourneyStep = z.object({
  stepId: z.string(),
  /** The step's prompt title (else its text, else its id) in the session's published version. */
  title: z.string(),
  /** The step's answer type in that version: choice, open, rating, nps, contact, cta, end. */
  type: z.string(),
  /** When the viewer reached the step (viewer clock, as UTC). */
  at: z.iso.datetime(),
  response: JourneyResponse.nullable(),
  /** True on the step of the answer the journey was asked for (the last one). */
  current: z.boolean(),
});

/** A viewer's path through a flow up to and including one answer, with what they answered on the way. */
export const AnswerJourney = z.object({
  answerId: z.string(),
  sessionId: SessionId,
  flowId: FlowId,
  flowVersion: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  context: z.object({
    pageUrl: z.string().nullable(),
    referrer: z.string().nullable(),
    locale: z.string().nullable(),
    embedMode: z.string().nullable(),
  }),
  steps: z.array(JourneyStep),
});

export type JourneyResponse = z.infer<typeof JourneyResponse>;
export type JourneyStep = z.infer<typeof JourneyStep>;
export type AnswerJourney = z.infer<typeof AnswerJourney>;
