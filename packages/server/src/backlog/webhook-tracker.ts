import * as z from 'zod';
import type { BacklogItem, BacklogTracker, CreatedBacklogItem, CreateItemOptions, TrackerHealth } from './backlog-tracker.js';
import { BacklogError } from './backlog-tracker.js';
import { newWebhookId, webhookHeaders, webhookKey } from './standard-webhooks.js';
import { type OutboundClient, sharedOutboundClient } from '../outbound/outbound-client.js';
import { DEFAULT_TIMEOUT_MS, genericMessage, httpUrl, jsonOf, refusal, send } from './tracker-http.js';

export const WEBHOOK_EVENT_TYPE = 'reelback.backlog.item';

export interface WebhookTrackerOptions {
  /** http(s) URL that receives `POST`s. */
  url: string;
  /** `whsec_<base64>`: the receiver checks `webhook-signature` with it. */
  secret: string;
  timeoutMs?: number;
  /** The outbound client requests go through; the shared one that refuses private addresses by default. */
  client?: OutboundClient;
  /** For tests: the signing time. */
  now?: () => Date;
}

/** What the receiver may answer (all optional): where the item lives and what it is called. */
const ReceiverAnswer = z.object({ url: z.string().optional(), key: z.union([z.string(), z.number()]).optional(), id: z.union([z.string(), z.number()]).optional() }).loose();

/**
 * A generic webhook signed per Standard Webhooks, for trackers Reelback has no adapter for (or an automation tool in
 * between). Body: `{ type: 'reelback.backlog.item', title, body, link, tags }`. Any 2xx is success; the item's URL is
 * the `Location` header, else a JSON `{ url }` in the answer, else the webhook URL with the message id as its fragment.
 * Redirects are not followed (a signed delivery goes where it was configured to go). (No SDK: see `GitHubTracker`.)
 */
export class WebhookTracker implements BacklogTracker {
  readonly kind = 'webhook' as const;
  private readonly options: WebhookTrackerOptions;
  private readonly timeoutMs: number;
  private readonly client: OutboundClient;

  constructor(options: WebhookTrackerOptions) {
    this.options = { ...options };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = options.client ?? sharedOutboundClient(false);
  }

  async createItem(item: BacklogItem, options: CreateItemOptions = {}): Promise<CreatedBacklogItem> {
    const target = httpUrl(this.options.url);
    if (!target) throw new BacklogError(`the webhook URL must start with http:// or https://: "${this.options.url}"`, { retryable: false });
    let key: Buffer;
    try {
      key = webhookKey(this.options.secret);
    } catch (error) {
      throw new BacklogError((error as Error).message, { retryable: false, cause: error });
    }
    const id = options.idempotencyKey ? safeId(options.idempotencyKey) : newWebhookId();
    const body = JSON.stringify({ type: WEBHOOK_EVENT_TYPE, title: item.title, body: item.body, link: item.link, tags: item.tags });
    const { response, text } = await send({
      tracker: 'the webhook receiver',
      client: this.client,
      url: target,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Reelback',
        ...webhookHeaders(key, body, { id, now: this.options.now?.() }),
      },
      body,
      timeoutMs: this.timeoutMs,
      signal: options.signal,
    });
    if (!response.ok) {
      throw refusal(response, { tracker: 'the webhook receiver', notFound: `nothing receives webhooks at ${target.href}`, said: genericMessage(text) });
    }

    const answer = ReceiverAnswer.safeParse(jsonOf(text));
    const said = answer.success ? answer.data : {};
    const location = response.headers.get('location');
    const url = (location ? httpUrl(location, target.href) : null) ?? (said.url ? httpUrl(said.url, target.href) : null) ?? withFragment(target, id);
    const named = said.key ?? said.id;
    return { url: url.href, key: named !== undefined && String(named).trim() ? String(named).trim() : id };
  }

  async check(): Promise<TrackerHealth> {
    if (!httpUrl(this.options.url)) return { ok: false, reason: `the webhook URL must start with http:// or https://: "${this.options.url}"`, retryable: false };
    const refused = this.client.refusedUrlReason(this.options.url);
    if (refused) return { ok: false, reason: `the webhook URL ${refused} (REELBACK_OUTBOUND_ALLOW_PRIVATE=1 allows it)`, retryable: false };
    try {
      webhookKey(this.options.secret);
    } catch (error) {
      return { ok: false, reason: (error as Error).message, retryable: false };
    }
    return { ok: true };
  }
}

function withFragment(url: URL, id: string): URL {
  const copy = new URL(url);
  copy.hash = id;
  return copy;
}

/** A caller's idempotency key as a webhook id: the signed string is "id.timestamp.body", so no dots. */
function safeId(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 200);
}
