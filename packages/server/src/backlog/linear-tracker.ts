import * as z from 'zod';
import type { BacklogItem, BacklogTracker, CreatedBacklogItem, CreateItemOptions, TrackerHealth } from './backlog-tracker.js';
import { BacklogError } from './backlog-tracker.js';
import { type OutboundClient, sharedOutboundClient } from '../outbound/outbound-client.js';
import { busy, DEFAULT_TIMEOUT_MS, excerpt, healthOf, httpUrl, jsonOf, parseAnswer, refusal, retryAfter, send } from './tracker-http.js';

export const LINEAR_API_URL = 'https://api.linear.app/graphql';

export interface LinearTrackerOptions {
  /**
   * A personal API key (`lin_api_…`), sent as `Authorization: <key>` with no scheme, as Linear documents it; or an
   * OAuth access token with `tokenType: 'oauth'`, sent as `Authorization: Bearer <token>`.
   */
  apiKey: string;
  tokenType?: 'personal' | 'oauth';
  /** The team's id (a UUID). */
  teamId: string;
  /** Label ids put on every item. */
  labelIds?: string[];
  /** Label ids for tags: Linear takes ids, not names; tags with no id are in the description only. */
  labelIdsByTag?: Record<string, string>;
  /** Default `https://api.linear.app/graphql`. */
  apiUrl?: string;
  timeoutMs?: number;
  /** The outbound client requests go through; the shared one that refuses private addresses by default. */
  client?: OutboundClient;
}

export const ISSUE_CREATE = `mutation ReelbackIssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) {
    success
    issue { id identifier url }
  }
}`;

export const TEAM_QUERY = `query ReelbackTeam($id: String!) {
  team(id: $id) { id key name }
}`;

const GraphQlError = z.object({
  message: z.string(),
  extensions: z
    .object({ code: z.string().optional(), type: z.string().optional(), userPresentableMessage: z.string().optional() })
    .loose()
    .optional(),
});
type GraphQlError = z.infer<typeof GraphQlError>;
const GraphQlErrors = z.object({ errors: z.array(GraphQlError).min(1) });

const IssueCreated = z.object({
  data: z.object({
    issueCreate: z.object({
      success: z.boolean(),
      issue: z.object({ id: z.string(), identifier: z.string().min(1), url: z.string() }).nullish(),
    }),
  }),
});
const TeamFound = z.object({ data: z.object({ team: z.object({ id: z.string(), key: z.string(), name: z.string() }) }) });

/** Linear through its GraphQL API (`issueCreate`). (No SDK: see `GitHubTracker`.) */
export class LinearTracker implements BacklogTracker {
  readonly kind = 'linear' as const;
  private readonly options: LinearTrackerOptions;
  private readonly timeoutMs: number;
  private readonly client: OutboundClient;

  constructor(options: LinearTrackerOptions) {
    this.options = { ...options };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = options.client ?? sharedOutboundClient(false);
  }

  async createItem(item: BacklogItem, options: CreateItemOptions = {}): Promise<CreatedBacklogItem> {
    const byTag = this.options.labelIdsByTag ?? {};
    const labelIds = [
      ...new Set([...(this.options.labelIds ?? []), ...item.tags.map((tag) => byTag[tag]).filter((id): id is string => !!id)]),
    ];
    const input = {
      teamId: this.options.teamId,
      title: item.title,
      description: item.body,
      ...(labelIds.length > 0 ? { labelIds } : {}),
    };
    const body = await this.graphql(ISSUE_CREATE, { input }, options.signal);
    const { issueCreate } = parseAnswer('Linear', body, IssueCreated).data;
    if (!issueCreate.success || !issueCreate.issue) {
      throw new BacklogError('Linear did not create the issue (issueCreate answered success: false)', { retryable: false });
    }
    const url = httpUrl(issueCreate.issue.url);
    if (!url) throw new BacklogError('Linear answered with an issue URL that is not http(s)', { retryable: false, detail: excerpt(issueCreate.issue.url, 100) });
    return { url: url.href, key: issueCreate.issue.identifier };
  }

  check(options: { signal?: AbortSignal } = {}): Promise<TrackerHealth> {
    return healthOf(async () => {
      const body = await this.graphql(TEAM_QUERY, { id: this.options.teamId }, options.signal);
      parseAnswer('Linear', body, TeamFound);
      return { ok: true };
    });
  }

  /** One GraphQL request; an `errors` array (with any status) or a non-2xx status is thrown as a `BacklogError`. */
  private async graphql(query: string, variables: Record<string, unknown>, signal: AbortSignal | undefined): Promise<string> {
    const token = this.options.apiKey.trim();
    const { response, text } = await send({
      tracker: 'Linear',
      client: this.client,
      url: new URL(this.options.apiUrl ?? LINEAR_API_URL),
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: this.options.tokenType === 'oauth' ? `Bearer ${token}` : token,
      },
      body: JSON.stringify({ query, variables }),
      timeoutMs: this.timeoutMs,
      signal,
    });
    const errors = GraphQlErrors.safeParse(jsonOf(text));
    if (errors.success) throw this.graphqlError(errors.data.errors, response);
    if (!response.ok) {
      throw refusal(response, { tracker: 'Linear', notFound: `Linear has no GraphQL API at ${this.options.apiUrl ?? LINEAR_API_URL}`, said: excerpt(text) });
    }
    return text;
  }

  /**
   * Linear puts the kind of failure in `extensions.code` (e.g. `RATELIMITED`, `AUTHENTICATION_ERROR`,
   * `FORBIDDEN`, `ENTITY_NOT_FOUND`, `INVALID_INPUT`) or, in some answers, `extensions.type` in words, and a
   * sentence for people in `extensions.userPresentableMessage`.
   */
  private graphqlError(errors: GraphQlError[], response: { status: number; headers: Headers }): BacklogError {
    const first = errors[0]!;
    const said = excerpt(errors.map((e) => e.extensions?.userPresentableMessage || e.message).join('; '));
    const kinds = errors.map((e) => `${e.extensions?.code ?? ''} ${e.extensions?.type ?? ''}`.toLowerCase().replace(/[\s_-]+/g, ' '));
    const status = response.status;
    // The words Linear sent go to the log (`detail`), not into the message: see `tracker-http.ts`.
    const detail = `HTTP ${status}`;
    if (status === 429 || kinds.some((k) => k.includes('ratelimited') || k.includes('rate limited'))) {
      return busy('Linear', status, retryAfter(response.headers), said);
    }
    if (status === 401 || kinds.some((k) => k.includes('authentication'))) {
      return new BacklogError(`Linear refused the credentials (${detail})`, { retryable: false, status, detail: said });
    }
    if (status === 403 || kinds.some((k) => k.includes('forbidden'))) {
      return new BacklogError(`Linear refused the credentials: they cannot create issues in team ${this.options.teamId} (${detail})`, { retryable: false, status, detail: said });
    }
    if (kinds.some((k) => k.includes('not found')) || /entity not found/i.test(first.message)) {
      return new BacklogError(`Linear has no team ${this.options.teamId} (or one of the labels), or the key cannot see it (${detail})`, { retryable: false, status, detail: said });
    }
    if (status >= 500 || kinds.some((k) => k.includes('internal'))) return busy('Linear', status, retryAfter(response.headers), said);
    return new BacklogError(`Linear rejected the item (${detail}; the server log has its words)`, { retryable: false, status, detail: said });
  }
}
