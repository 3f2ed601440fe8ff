import * as z from 'zod';
import { GitHubTrackerConfig, JiraTrackerConfig, LinearTrackerConfig, WebhookTrackerConfig } from './tracker-config.js';

/** Each kind's one secret field. */
export const SECRET_FIELD = { github: 'token', jira: 'apiToken', linear: 'apiKey', webhook: 'secret' } as const;

/**
 * What `PUT /workspace/tracker` takes: a TrackerConfig whose secret may be left out, or sent back as the redacted
 * form `GET` showed, to keep the stored one. The secret itself is checked (with the rest again) once merged.
 */
export const TrackerConfigUpdate = z.discriminatedUnion('kind', [
  GitHubTrackerConfig.extend({ token: z.string().optional() }),
  JiraTrackerConfig.extend({ apiToken: z.string().optional() }),
  LinearTrackerConfig.extend({ apiKey: z.string().optional() }),
  WebhookTrackerConfig.extend({ secret: z.string().optional() }),
]);
export type TrackerConfigUpdate = z.output<typeof TrackerConfigUpdate>;

const redacted = (description: string) => z.string().describe(`${description}, redacted: its first 4 and last 2 characters, e.g. "ghp_…9x"`);

/** A TrackerConfig as `GET` shows it: the secret redacted. */
export const RedactedTrackerConfig = z.discriminatedUnion('kind', [
  GitHubTrackerConfig.extend({ token: redacted('The token') }),
  JiraTrackerConfig.extend({ apiToken: redacted('The API token') }),
  LinearTrackerConfig.extend({ apiKey: redacted('The API key') }),
  WebhookTrackerConfig.extend({ secret: redacted('The whsec_ signing secret') }),
]);

export const TrackerSettings = z.object({ tracker: RedactedTrackerConfig.nullable() });
export type TrackerSettings = z.infer<typeof TrackerSettings>;

export const TrackerCheck = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), reason: z.string(), retryable: z.boolean() }),
]);

export const BacklogItemRequest = z
  .object({
    /** Seconds into the clip, carried in the link back (`?t=`). */
    at: z.number().min(0).max(86_400).optional(),
  })
  .strict();

export const TrackerFailedError = z.object({
  error: z.object({ code: z.literal('tracker_failed'), message: z.string(), retryable: z.boolean() }),
});
