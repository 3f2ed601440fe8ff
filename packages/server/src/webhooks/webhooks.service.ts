import { randomBytes } from 'node:crypto';
import {
  type ReelbackEvent,
  uuidv7,
  WEBHOOK_TEST_EVENT_TYPE,
  type Webhook,
  type WebhookCreate,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookUpdate,
  type WebhookWithSecret,
} from '@reelback/shared';
import type { AuditLog } from '../audit/audit-log.js';
import { urlOrigin } from '../audit/audit-detail.js';
import type { SecretBox } from '../backlog/secret-box.js';
import type { Actor } from '../flows/editors.js';
import { generateWebhookSecret } from '../backlog/standard-webhooks.js';
import { ServiceError, notFound } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { Scope } from '../ports/store-types.js';
import type { StoredEventBus } from './event-bus.js';
import { refusedUrlReason } from './webhook-sender.js';
import { disabledReason } from './delivery-outcome.js';
import { deleteAllDeliveries, settlePendingDeliveries } from './settle-pending.js';
import type { WebhookSettings } from './webhook-settings.js';
import type { FanoutEvent, NewDelivery, WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookStore } from '../ports/webhook-store.js';

/** The endpoint id is the associated data of its sealed secret: a sealed value copied to another row does not open. */
export const sealContext = (endpointId: string) => `webhook:${endpointId}`;

export interface WebhooksServiceDeps {
  store: WebhookStore;
  box: SecretBox;
  /** Tells this process's dispatcher that deliveries are due now (it also polls the table). */
  wakeDispatcher: () => void;
  bus: StoredEventBus;
  /** Times shown in the API (created, updated). Deliveries run on the real clock: receivers check the timestamp. */
  clock: Clock;
  settings: WebhookSettings;
  logError: (message: string, error: unknown) => void;
  /** Admins' changes to endpoints are recorded right after they are made. */
  audit: AuditLog;
}

/** A webhook as an audit target: named by its URL's origin (its path may hold the receiver's token). */
const auditTarget = (endpoint: { id: string; url: string }) => ({ type: 'webhook' as const, id: endpoint.id, label: urlOrigin(endpoint.url) });

/** The fields a PATCH changed, each from what it was to what it is (URLs as their origin). */
function changedFields(before: WebhookEndpointRecord, after: WebhookEndpointRecord): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (before.url !== after.url) changes.url = { from: urlOrigin(before.url), to: urlOrigin(after.url) };
  if (JSON.stringify(before.eventTypes) !== JSON.stringify(after.eventTypes)) changes.eventTypes = { from: before.eventTypes, to: after.eventTypes };
  if (before.description !== after.description) changes.description = { from: before.description, to: after.description };
  if (before.enabled !== after.enabled) changes.enabled = { from: before.enabled, to: after.enabled };
  return changes;
}

/** Workspace webhooks: the endpoints (admin), their delivery log and replay, and the fan-out of stored events. */
export class WebhooksService {
  constructor(private readonly deps: WebhooksServiceDeps) {}

  async create(scope: Scope, actor: Actor, input: WebhookCreate): Promise<WebhookWithSecret> {
    this.checkUrl(input.url);
    const at = this.deps.clock.now().toISOString();
    const id = `wh_${randomBytes(12).toString('hex')}`;
    const secret = generateWebhookSecret();
    const record: WebhookEndpointRecord = {
      id,
      workspaceId: scope.workspaceId,
      url: input.url,
      eventTypes: input.eventTypes,
      description: input.description ?? '',
      secretSealed: this.deps.box.seal(secret, sealContext(id)),
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.deps.store.insertEndpoint(record);
    await this.deps.audit.record(scope, actor, 'webhook.created', auditTarget(record), { eventTypes: record.eventTypes, description: record.description });
    return { ...toWebhook(record), secret };
  }

  async list(scope: Scope): Promise<{ webhooks: Webhook[] }> {
    return { webhooks: (await this.deps.store.listEndpoints(scope)).map(toWebhook) };
  }

  async get(scope: Scope, id: string): Promise<Webhook> {
    return toWebhook(await this.endpoint(scope, id));
  }

  /** Answers the new secret (once) when `rotateSecret` was asked. */
  async update(scope: Scope, actor: Actor, id: string, input: WebhookUpdate): Promise<Webhook | WebhookWithSecret> {
    const before = await this.endpoint(scope, id);
    if (input.url !== undefined) this.checkUrl(input.url);
    const at = this.deps.clock.now().toISOString();
    const secret = input.rotateSecret ? generateWebhookSecret() : undefined;
    const updated = await this.deps.store.updateEndpoint(scope, id, {
      updatedAt: at,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(secret !== undefined ? { secretSealed: this.deps.box.seal(secret, sealContext(id)) } : {}),
      // Enabling clears why it was disabled; an admin's own disabling has no reason to show.
      ...(input.enabled === true ? { enabled: true, disabledReason: null, disabledAt: null } : {}),
      ...(input.enabled === false ? { enabled: false, disabledReason: null, disabledAt: at } : {}),
    });
    if (!updated) throw webhookNotFound();
    const changes = changedFields(before, updated);
    if (Object.keys(changes).length > 0) await this.deps.audit.record(scope, actor, 'webhook.updated', auditTarget(updated), { changes });
    if (secret !== undefined) await this.deps.audit.record(scope, actor, 'webhook.secret-rotated', auditTarget(updated));
    if (input.enabled === false) {
      // What was queued for it ends now, 200 rows a statement, instead of one by one in the dispatcher;
      // the dispatcher drops what it holds for it (what is being sent right now is recorded as it ends).
      void settlePendingDeliveries(this.deps.store, id, disabledReason(null)).catch((error: unknown) =>
        this.deps.logError('settling the deliveries of a disabled webhook failed', error),
      );
      this.deps.wakeDispatcher();
    }
    return secret === undefined ? toWebhook(updated) : { ...toWebhook(updated), secret };
  }

  async delete(scope: Scope, actor: Actor, id: string): Promise<void> {
    const endpoint = await this.endpoint(scope, id);
    // Its deliveries first, 200 at a time: one cascading statement over a long queue would hold the server.
    await deleteAllDeliveries(this.deps.store, id);
    if (!(await this.deps.store.deleteEndpoint(scope, id))) throw webhookNotFound();
    await this.deps.audit.record(scope, actor, 'webhook.deleted', auditTarget(endpoint), { eventTypes: endpoint.eventTypes });
    this.deps.wakeDispatcher();
  }

  async deliveries(scope: Scope, id: string, query: { limit: number; before?: string }): Promise<WebhookDeliveryList> {
    await this.endpoint(scope, id);
    const rows = await this.deps.store.listDeliveries(id, { limit: query.limit + 1, ...(query.before ? { before: query.before } : {}) });
    const page = rows.slice(0, query.limit);
    return { deliveries: page.map(toDelivery), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
  }

  /** Sends a delivery again, with the same `webhook-id`, as a new round of tries. */
  async replay(scope: Scope, id: string, deliveryId: string): Promise<WebhookDelivery> {
    const endpoint = await this.endpoint(scope, id);
    const existing = await this.deps.store.getDeliveryWithAttempts(id, deliveryId);
    if (!existing) throw notFound('delivery-not-found', 'No such delivery of this webhook');
    if (!endpoint.enabled) throw new ServiceError('conflict', 'webhook-disabled', 'The webhook is disabled: enable it (PATCH enabled: true) before replaying');
    const now = new Date();
    const restarted = await this.deps.store.restartDelivery(deliveryId, now.toISOString());
    if (!restarted) throw new ServiceError('conflict', 'delivery-pending', 'The delivery is still being tried; replay it once it has succeeded or failed');
    this.deps.wakeDispatcher();
    return toDelivery((await this.deps.store.getDeliveryWithAttempts(id, deliveryId))!);
  }

  /** Sends a `reelback.webhook.test` ping through the same delivery path (signed, retried, logged). */
  async test(scope: Scope, id: string): Promise<WebhookDelivery> {
    const endpoint = await this.endpoint(scope, id);
    if (!endpoint.enabled) throw new ServiceError('conflict', 'webhook-disabled', 'The webhook is disabled: enable it (PATCH enabled: true) before testing');
    const now = new Date();
    const eventId = uuidv7();
    const ping = {
      specversion: '1.0',
      id: eventId,
      source: '/reelback/webhooks',
      type: WEBHOOK_TEST_EVENT_TYPE,
      time: now.toISOString(),
      datacontenttype: 'application/json',
      data: { webhookId: endpoint.id },
    };
    const [delivery] = await this.deps.store.insertDeliveries([
      { id: newDeliveryId(), endpointId: endpoint.id, eventId, eventType: WEBHOOK_TEST_EVENT_TYPE, payload: ping, at: now.toISOString() },
    ]);
    this.deps.wakeDispatcher();
    return toDelivery({ ...delivery!, attemptLog: [] });
  }

  /**
   * The fast path: a session's events were committed in this process. The live stream hears them at once, and each
   * enabled endpoint of the workspace that asked for their type gets one delivery each, due at once. The deliveries
   * of the commits of the next few milliseconds are written together, in one transaction: under load one insert
   * serves many requests instead of each paying for its own commit. Never throws (the events are stored whatever
   * happens here). A crash before the insert loses nothing: the fan-out sweep (`fanout-sweep.ts`) fans out every
   * committed event after its durable cursor, and the unique (endpoint, event) pair makes the second fan-out of an
   * event a no-op.
   */
  async eventsCommitted(sessionId: string, events: readonly ReelbackEvent[]): Promise<void> {
    try {
      const found = await this.deps.store.workspaceOfSession(sessionId);
      if (!found) return;
      this.deps.bus.publish(found.workspaceId, events);
      await this.fanOutSoon(found.workspaceId, events);
    } catch (error) {
      this.deps.logError('webhook fan-out failed', error);
    }
  }

  private pendingFanout: Array<{ workspaceId: string | null; events: readonly ReelbackEvent[] }> = [];
  private pendingEvents = 0;
  private fanoutFlush: { timer: NodeJS.Timeout; done: Promise<void>; run: () => void } | undefined;

  /** Resolves once these events' deliveries are written (with the others of the same window). */
  private fanOutSoon(workspaceId: string | null, events: readonly ReelbackEvent[]): Promise<void> {
    this.pendingFanout.push({ workspaceId, events });
    this.pendingEvents += events.length;
    if (!this.fanoutFlush) {
      let run!: () => void;
      const started = new Promise<void>((resolve) => (run = resolve));
      const done = started.then(() => this.flushFanout());
      // Commits are still a few milliseconds apart when it is quiet: waiting longer would only delay deliveries.
      this.fanoutFlush = { timer: setTimeout(() => run(), FANOUT_WINDOW_MS), done, run };
    }
    const flush = this.fanoutFlush;
    if (this.pendingEvents >= FANOUT_MAX_EVENTS) {
      clearTimeout(flush.timer);
      flush.run();
    }
    return flush.done;
  }

  private async flushFanout(): Promise<void> {
    const batch = this.pendingFanout;
    this.pendingFanout = [];
    this.pendingEvents = 0;
    this.fanoutFlush = undefined;
    const byWorkspace = new Map<string | null, Array<{ event: ReelbackEvent; receivedAt: null }>>();
    for (const { workspaceId, events } of batch) {
      const list = byWorkspace.get(workspaceId) ?? [];
      for (const event of events) list.push({ event, receivedAt: null });
      byWorkspace.set(workspaceId, list);
    }
    // Just after the commits: endpoints that exist now are those that existed when the events were stored.
    const wanted: NewDelivery[] = [];
    for (const [workspaceId, list] of byWorkspace) wanted.push(...(await this.deliveriesFor(workspaceId, list)));
    await this.insert(wanted);
  }

  /**
   * The sweep's fan-out of committed events (any workspaces): an event goes to the endpoints that are enabled now
   * and were created at or before the event was received (a webhook made after a crash does not get the events
   * stored before it). Throws when it could not finish, so the cursor stays where it was.
   */
  async fanOutStored(events: readonly FanoutEvent[]): Promise<void> {
    const byWorkspace = new Map<string | null, FanoutEvent[]>();
    for (const e of events) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
    const wanted: NewDelivery[] = [];
    for (const [workspaceId, list] of byWorkspace) wanted.push(...(await this.deliveriesFor(workspaceId, list)));
    await this.insert(wanted);
  }

  /** The deliveries these events of one workspace call for: one per enabled endpoint that asked for the type. */
  private async deliveriesFor(workspaceId: string | null, events: ReadonlyArray<{ event: ReelbackEvent; receivedAt: string | null }>): Promise<NewDelivery[]> {
    const endpoints = await this.deps.store.enabledEndpoints(workspaceId);
    if (endpoints.length === 0) return [];
    const now = new Date().toISOString();
    const wanted: NewDelivery[] = [];
    for (const { event, receivedAt } of events) {
      for (const endpoint of endpoints) {
        if (!endpoint.eventTypes.includes('*') && !endpoint.eventTypes.includes(event.type)) continue;
        if (receivedAt !== null && Date.parse(endpoint.createdAt) > Date.parse(receivedAt)) continue;
        wanted.push({ id: newDeliveryId(), endpointId: endpoint.id, eventId: event.id, eventType: event.type, payload: null, at: now });
      }
    }
    return wanted;
  }

  /** One transaction of multi-row inserts (the table is the queue: nothing else is written), then a wake-up. */
  private async insert(wanted: readonly NewDelivery[]): Promise<void> {
    if (wanted.length === 0) return;
    if ((await this.deps.store.insertDeliveries(wanted)).length > 0) this.deps.wakeDispatcher();
  }

  private checkUrl(url: string): void {
    const reason = refusedUrlReason(url, this.deps.settings.allowPrivate);
    if (reason) {
      throw new ServiceError('invalid', 'webhook-url-refused', `${reason}; set REELBACK_WEBHOOKS_ALLOW_PRIVATE=1 to allow receivers on private networks`, [
        { path: ['url'], message: reason },
      ]);
    }
  }

  private async endpoint(scope: Scope, id: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.deps.store.getEndpoint(id, scope);
    if (!endpoint) throw webhookNotFound();
    return endpoint;
  }
}

/** How long the fast path gathers commits before writing their deliveries, and how many events end the wait early. */
const FANOUT_WINDOW_MS = 5;
const FANOUT_MAX_EVENTS = 1000;

const newDeliveryId = () => `whd_${uuidv7().replace(/-/g, '')}`;
const webhookNotFound = () => notFound('webhook-not-found', 'No such webhook');

function toWebhook(record: WebhookEndpointRecord): Webhook {
  return {
    id: record.id,
    url: record.url,
    eventTypes: record.eventTypes as Webhook['eventTypes'],
    description: record.description,
    enabled: record.enabled,
    disabledReason: record.disabledReason,
    disabledAt: record.disabledAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function toDelivery(record: WebhookDeliveryRecord & { attemptLog: WebhookAttemptRecord[] }): WebhookDelivery {
  return {
    id: record.id,
    eventId: record.eventId,
    eventType: record.eventType,
    status: record.status,
    lastError: record.lastError,
    createdAt: record.createdAt,
    deliveredAt: record.deliveredAt,
    nextAttemptAt: record.nextAttemptAt,
    attempts: record.attemptLog,
  };
}
