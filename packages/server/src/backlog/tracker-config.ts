import * as z from 'zod';
import type { OutboundClient } from '../outbound/outbound-client.js';
import type { BacklogTracker } from './backlog-tracker.js';
import { GitHubTracker } from './github-tracker.js';
import { JiraTracker } from './jira-tracker.js';
import { LINEAR_API_URL, LinearTracker } from './linear-tracker.js';
import { webhookKey } from './standard-webhooks.js';
import { WebhookTracker } from './webhook-tracker.js';

const HttpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without credentials in it');
const Secret = z.string().trim().min(1, 'is required');
const Labels = z.array(z.string().trim().min(1).max(255)).max(50).optional();
const TimeoutMs = z.number().int().min(100).max(120_000).optional();

export const GitHubTrackerConfig = z.object({
  kind: z.literal('github'),
  owner: z.string().trim().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'is not a GitHub user or organisation name'),
  repo: z.string().trim().regex(/^[A-Za-z0-9._-]{1,100}$/, 'is not a GitHub repository name'),
  token: Secret,
  apiBase: HttpUrl.default('https://api.github.com'),
  labels: Labels,
  timeoutMs: TimeoutMs,
});

export const JiraTrackerConfig = z.object({
  kind: z.literal('jira'),
  baseUrl: HttpUrl,
  email: z.email(),
  apiToken: Secret,
  projectKey: z.string().trim().regex(/^[A-Z][A-Z0-9_]+$/, 'is not a Jira project key (capital letters, digits, _; e.g. FEED)'),
  issueType: z.string().trim().min(1).max(255).default('Task'),
  labels: Labels,
  timeoutMs: TimeoutMs,
});

export const LinearTrackerConfig = z.object({
  kind: z.literal('linear'),
  apiKey: Secret,
  tokenType: z.enum(['personal', 'oauth']).default('personal'),
  teamId: z.string().trim().min(1),
  labelIds: z.array(z.string().trim().min(1)).max(50).optional(),
  labelIdsByTag: z.record(z.string(), z.string().trim().min(1)).optional(),
  apiUrl: HttpUrl.default(LINEAR_API_URL),
  timeoutMs: TimeoutMs,
});

export const WebhookTrackerConfig = z.object({
  kind: z.literal('webhook'),
  url: HttpUrl,
  secret: Secret.refine(
    (value) => {
      try {
        webhookKey(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be "whsec_" followed by at least 16 bytes in base64' },
  ),
  timeoutMs: TimeoutMs,
});

/** A workspace's tracker settings, as stored and as the settings API takes them. Secrets are plain strings here. */
export const TrackerConfig = z.discriminatedUnion('kind', [GitHubTrackerConfig, JiraTrackerConfig, LinearTrackerConfig, WebhookTrackerConfig]);
export type TrackerConfig = z.infer<typeof TrackerConfig>;
/** What callers may pass (defaults not yet applied). */
export type TrackerConfigInput = z.input<typeof TrackerConfig>;

/**
 * The adapter for a configuration; the configuration is parsed first, so a zod error says what is wrong. Its
 * requests go through `client` (by default the shared outbound client that refuses private addresses).
 */
export function createTracker(input: TrackerConfigInput, client?: OutboundClient): BacklogTracker {
  const config = TrackerConfig.parse(input);
  const through = client ? { client } : {};
  switch (config.kind) {
    case 'github':
      return new GitHubTracker({ ...config, ...through });
    case 'jira':
      return new JiraTracker({ ...config, ...through });
    case 'linear':
      return new LinearTracker({ ...config, ...through });
    case 'webhook':
      return new WebhookTracker({ ...config, ...through });
  }
}

/** The settings that name a place the server will call, by field: checked when the settings are saved. */
export function trackerUrls(config: TrackerConfig): Array<{ field: string; url: string }> {
  switch (config.kind) {
    case 'github':
      return [{ field: 'apiBase', url: config.apiBase }];
    case 'jira':
      return [{ field: 'baseUrl', url: config.baseUrl }];
    case 'linear':
      return [{ field: 'apiUrl', url: config.apiUrl }];
    case 'webhook':
      return [{ field: 'url', url: config.url }];
  }
}

/** The configuration with its secrets replaced, for showing settings back or logging them. */
export function redactTrackerConfig(config: TrackerConfig): TrackerConfig {
  switch (config.kind) {
    case 'github':
      return { ...config, token: redact(config.token) };
    case 'jira':
      return { ...config, apiToken: redact(config.apiToken) };
    case 'linear':
      return { ...config, apiKey: redact(config.apiKey) };
    case 'webhook':
      return { ...config, secret: redact(config.secret) };
  }
}

function redact(secret: string): string {
  return secret.length > 12 ? `${secret.slice(0, 4)}…${secret.slice(-2)}` : '…';
}
