import * as z from 'zod';
import type { BacklogItem, BacklogTracker, CreatedBacklogItem, CreateItemOptions, TrackerHealth } from './backlog-tracker.js';
import { BacklogError } from './backlog-tracker.js';
import { type OutboundClient, sharedOutboundClient } from '../outbound/outbound-client.js';
import { DEFAULT_TIMEOUT_MS, excerpt, healthOf, httpUrl, jsonOf, parseAnswer, refusal, send, under } from './tracker-http.js';

export interface GitHubTrackerOptions {
  owner: string;
  repo: string;
  /** A fine-grained token with Issues: read and write on the repository (or a classic token with `repo`). */
  token: string;
  /** Default `https://api.github.com`; GitHub Enterprise Server: `https://<host>/api/v3`. */
  apiBase?: string;
  /** Labels put on every item, besides the answer's tags. */
  labels?: string[];
  timeoutMs?: number;
  /** The outbound client requests go through; the shared one that refuses private addresses by default. */
  client?: OutboundClient;
}

/** GitHub's "Create an issue" answer (201): only what Reelback keeps. */
const CreatedIssue = z.object({ number: z.number().int().positive(), html_url: z.string() });
/** "Get a repository": whether issues are on. */
const Repository = z.object({ full_name: z.string(), has_issues: z.boolean() });

/**
 * GitHub Issues through the REST API (`POST /repos/{owner}/{repo}/issues`).
 *
 * Why plain `fetch` and no SDK (here and in the other adapters): each tracker needs one call to create an item and
 * one to check the settings. Octokit, jira.js or @linear/sdk would each add megabytes of generated client, their own
 * retry logic on top of the caller's, and error types we would translate anyway.
 */
export class GitHubTracker implements BacklogTracker {
  readonly kind = 'github' as const;
  private readonly options: GitHubTrackerOptions;
  private readonly timeoutMs: number;
  private readonly client: OutboundClient;

  constructor(options: GitHubTrackerOptions) {
    this.options = { ...options };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = options.client ?? sharedOutboundClient(false);
  }

  private get repoPath(): string {
    return `repos/${encodeURIComponent(this.options.owner)}/${encodeURIComponent(this.options.repo)}`;
  }

  private get headers(): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'x-github-api-version': '2022-11-28',
      'content-type': 'application/json',
      'user-agent': 'Reelback', // GitHub refuses requests without one
    };
  }

  private get notFound(): string {
    return `GitHub has no repository ${this.options.owner}/${this.options.repo}, or the token cannot see it`;
  }

  async createItem(item: BacklogItem, options: CreateItemOptions = {}): Promise<CreatedBacklogItem> {
    const labels = unique([...(this.options.labels ?? []), ...item.tags]);
    const { response, text } = await send({
      tracker: 'GitHub',
      client: this.client,
      url: under(this.options.apiBase ?? 'https://api.github.com', `${this.repoPath}/issues`),
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify({ title: item.title, body: item.body, labels }),
      timeoutMs: this.timeoutMs,
      signal: options.signal,
    });
    if (!response.ok) {
      if (response.status === 410) {
        throw new BacklogError(`issues are turned off in ${this.options.owner}/${this.options.repo} (HTTP 410)`, { retryable: false, status: 410 });
      }
      throw refusal(response, { tracker: 'GitHub', notFound: this.notFound, said: githubMessage(text) });
    }
    const issue = parseAnswer('GitHub', text, CreatedIssue);
    const url = httpUrl(issue.html_url);
    if (!url) throw new BacklogError('GitHub answered with an issue URL that is not http(s)', { retryable: false, detail: excerpt(issue.html_url, 100) });
    return { url: url.href, key: `${this.options.owner}/${this.options.repo}#${issue.number}` };
  }

  check(options: { signal?: AbortSignal } = {}): Promise<TrackerHealth> {
    return healthOf(async () => {
      const { response, text } = await send({
        tracker: 'GitHub',
        client: this.client,
        url: under(this.options.apiBase ?? 'https://api.github.com', this.repoPath),
        method: 'GET',
        headers: this.headers,
        timeoutMs: this.timeoutMs,
        signal: options.signal,
      });
      if (!response.ok) throw refusal(response, { tracker: 'GitHub', notFound: this.notFound, said: githubMessage(text) });
      const repository = parseAnswer('GitHub', text, Repository);
      if (!repository.has_issues) return { ok: false, reason: `issues are turned off in ${repository.full_name}`, retryable: false };
      return { ok: true };
    });
  }
}

/**
 * GitHub's error body: `{ message, errors?: [{ resource, field, code, message? }], documentation_url }`, e.g.
 * "Validation Failed: labels: invalid".
 */
function githubMessage(text: string): string {
  const body = jsonOf(text) as { message?: unknown; errors?: unknown } | undefined;
  if (!body || typeof body !== 'object' || typeof body.message !== 'string') return excerpt(text);
  const details = Array.isArray(body.errors)
    ? body.errors
        .map((e: unknown) => {
          if (typeof e === 'string') return e;
          if (!e || typeof e !== 'object') return '';
          const { field, code, message } = e as Record<string, unknown>;
          if (typeof message === 'string' && message) return typeof field === 'string' ? `${field}: ${message}` : message;
          return [field, code].filter((part) => typeof part === 'string').join(': ');
        })
        .filter(Boolean)
    : [];
  return excerpt(details.length > 0 ? `${body.message}: ${details.join('; ')}` : body.message);
}

function unique(labels: string[]): string[] {
  return [...new Set(labels.map((label) => label.trim()).filter(Boolean))];
}
