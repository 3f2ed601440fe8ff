/**
 * The `BacklogTracker` port: where an owner's "Create backlog item" goes (GitHub Issues, Jira, Linear or a signed
 * webhook). Services build a `BacklogItem` from an answer (`backlog-item.ts`) and hand it to the tracker the
 * workspace configured (`createTracker` in `tracker-config.ts`); they never see HTTP.
 */

export type TrackerKind = 'github' | 'jira' | 'linear' | 'webhook';

export interface BacklogItem {
  /** Plain text, one line. */
  title: string;
  /** Markdown whose viewer-written parts are already escaped (see `buildBacklogItem`). */
  body: string;
  /** http(s) URL of the answer in Reelback. */
  link: string;
  /** The answer's tags; adapters turn them into labels the tracker accepts. */
  tags: string[];
}

export interface CreatedBacklogItem {
  /** Where a person opens the item (always http or https). */
  url: string;
  /** The tracker's short name for it: `acme/widgets#42`, `FEED-7`, `ENG-123`, or the webhook message id. */
  key: string;
}

export interface CreateItemOptions {
  /** Stops the request (together with the adapter's own time limit). */
  signal?: AbortSignal;
  /**
   * The same value on every retry of one hand-off. The webhook adapter sends it as `webhook-id`, which Standard
   * Webhooks receivers use to drop duplicates. GitHub, Jira and Linear have no such key for creating issues.
   */
  idempotencyKey?: string;
}

export type TrackerHealth = { ok: true } | { ok: false; reason: string; retryable: boolean };

export interface BacklogTracker {
  readonly kind: TrackerKind;
  /** Errors are thrown as `BacklogError`. */
  createItem(item: BacklogItem, options?: CreateItemOptions): Promise<CreatedBacklogItem>;
  /**
   * Can items be created? GitHub, Jira and Linear make one read-only call (the repository, project or team), so
   * use it behind a "Test connection" button, not in `/readyz`; the webhook adapter checks its configuration only
   * (a probe would be a delivery). Never throws.
   */
  check(options?: { signal?: AbortSignal }): Promise<TrackerHealth>;
}

/**
 * A hand-off that failed, said plainly enough to show an owner. `retryable: false` will not get better by trying
 * again (credentials refused, no such repository/project/team, the tracker rejected the item);
 * `retryable: true` may (rate limit, tracker failing, network, time limit), after `retryAfterMs` when the tracker
 * said how long to wait.
 */
export class BacklogError extends Error {
  readonly retryable: boolean;
  /** How long the tracker asked us to wait (Retry-After or its rate-limit reset header), else null. */
  readonly retryAfterMs: number | null;
  /** The tracker's HTTP status, when it answered. */
  readonly status: number | null;
  /**
   * What the tracker itself said (from its answer), for the server log only: never shown to API callers, because
   * the URL it came from is a workspace setting and could point at an internal service.
   */
  readonly detail: string | null;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | null; status?: number | null; detail?: string | null; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BacklogError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
    this.detail = options.detail ?? null;
  }
}
