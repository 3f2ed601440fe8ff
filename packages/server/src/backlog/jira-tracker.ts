import * as z from 'zod';
import { markdownToAdf } from './atlassian-document.js';
import type { BacklogItem, BacklogTracker, CreatedBacklogItem, CreateItemOptions, TrackerHealth } from './backlog-tracker.js';
import { type OutboundClient, sharedOutboundClient } from '../outbound/outbound-client.js';
import { DEFAULT_TIMEOUT_MS, excerpt, healthOf, jsonOf, parseAnswer, refusal, send, under } from './tracker-http.js';

export interface JiraTrackerOptions {
  /** The site, e.g. `https://acme.atlassian.net`. */
  baseUrl: string;
  /** The Atlassian account's e-mail and an API token of that account (Basic auth, as Atlassian documents it). */
  email: string;
  apiToken: string;
  /** The project key, e.g. `FEED`. */
  projectKey: string;
  /** Default `Task`. */
  issueType?: string;
  /** Labels put on every item, besides the answer's tags. */
  labels?: string[];
  timeoutMs?: number;
  /** The outbound client requests go through; the shared one that refuses private addresses by default. */
  client?: OutboundClient;
}

/** Jira's "Create issue" answer (201 `CreatedIssue`). */
const CreatedIssue = z.object({ id: z.string(), key: z.string().min(1), self: z.string() });
/** "Get project". */
const Project = z.object({ id: z.string(), key: z.string(), name: z.string() });

/**
 * Jira Cloud through REST API v3 (`POST /rest/api/3/issue`), the description in Atlassian Document Format.
 * (No SDK: see `GitHubTracker`.)
 */
export class JiraTracker implements BacklogTracker {
  readonly kind = 'jira' as const;
  private readonly options: JiraTrackerOptions;
  private readonly timeoutMs: number;
  private readonly client: OutboundClient;

  constructor(options: JiraTrackerOptions) {
    this.options = { ...options };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = options.client ?? sharedOutboundClient(false);
  }

  private get headers(): Record<string, string> {
    const credentials = Buffer.from(`${this.options.email}:${this.options.apiToken}`, 'utf8').toString('base64');
    return { accept: 'application/json', 'content-type': 'application/json', authorization: `Basic ${credentials}` };
  }

  private get site(): string {
    return new URL(this.options.baseUrl).origin + new URL(this.options.baseUrl).pathname.replace(/\/+$/, '');
  }

  private get notFound(): string {
    return `Jira at ${this.site} has no project ${this.options.projectKey}, or the account cannot see it`;
  }

  async createItem(item: BacklogItem, options: CreateItemOptions = {}): Promise<CreatedBacklogItem> {
    const fields = {
      project: { key: this.options.projectKey },
      summary: oneLine(item.title).slice(0, 255), // Jira's limit for a summary
      issuetype: { name: this.options.issueType?.trim() || 'Task' },
      labels: jiraLabels([...(this.options.labels ?? []), ...item.tags]),
      description: markdownToAdf(item.body, item.link),
    };
    const { response, text } = await send({
      tracker: 'Jira',
      client: this.client,
      url: under(this.options.baseUrl, 'rest/api/3/issue'),
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify({ fields }),
      timeoutMs: this.timeoutMs,
      signal: options.signal,
    });
    if (!response.ok) throw refusal(response, { tracker: 'Jira', notFound: this.notFound, said: jiraMessage(text) });
    const issue = parseAnswer('Jira', text, CreatedIssue);
    return { url: under(this.site, `browse/${encodeURIComponent(issue.key)}`).href, key: issue.key };
  }

  check(options: { signal?: AbortSignal } = {}): Promise<TrackerHealth> {
    return healthOf(async () => {
      const { response, text } = await send({
        tracker: 'Jira',
        client: this.client,
        url: under(this.options.baseUrl, `rest/api/3/project/${encodeURIComponent(this.options.projectKey)}`),
        method: 'GET',
        headers: this.headers,
        timeoutMs: this.timeoutMs,
        signal: options.signal,
      });
      if (!response.ok) throw refusal(response, { tracker: 'Jira', notFound: this.notFound, said: jiraMessage(text) });
      parseAnswer('Jira', text, Project);
      return { ok: true };
    });
  }
}

/** Jira labels cannot hold spaces: runs of whitespace become '-'; at most 255 characters; no repeats. */
export function jiraLabels(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().replace(/\s+/g, '-').slice(0, 255)).filter(Boolean))];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Jira's `ErrorCollection`: `{ errorMessages: string[], errors: { field: message } }`. */
function jiraMessage(text: string): string {
  const body = jsonOf(text) as { errorMessages?: unknown; errors?: unknown; message?: unknown } | undefined;
  if (!body || typeof body !== 'object') return excerpt(text);
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.filter((m): m is string => typeof m === 'string') : [];
  const fields =
    body.errors && typeof body.errors === 'object'
      ? Object.entries(body.errors as Record<string, unknown>)
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
          .map(([field, message]) => `${field}: ${message}`)
      : [];
  const all = [...messages, ...fields];
  if (all.length > 0) return excerpt(all.join('; '));
  return typeof body.message === 'string' ? excerpt(body.message) : excerpt(text);
}
