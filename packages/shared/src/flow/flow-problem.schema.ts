import * as z from 'zod';

export const FlowProblemCode = z.enum([
  'invalid',
  'duplicate-step-id',
  'duplicate-option-id',
  'unknown-target',
  'end-step-has-next',
  'missing-next',
  'no-end-step',
  'unreachable-step',
  'no-path-to-end',
  'invalid-rule',
  'unreachable-rule',
  'overlapping-ranges',
  'unknown-variable',
  'duplicate-variable',
  /** A step's `prompt.media` names no asset of the flow's workspace (found by the server, not by `checkFlow`). */
  'media-missing',
  /** A step's library asset is still uploading or processing, or was rejected or failed (found by the server). */
  'media-not-ready',
]);

export const FlowProblem = z.object({
  code: FlowProblemCode,
  /** Where in the definition, e.g. `["steps", 2, "answer", "options", 0, "next"]`. */
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});

export type FlowProblemCode = z.infer<typeof FlowProblemCode>;
export type FlowProblem = z.infer<typeof FlowProblem>;
