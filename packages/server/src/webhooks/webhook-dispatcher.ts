import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../backlog/secret-box.js';
import { webhookHeaders } from '../backlog/standard-webhooks.js';
import { nextTurn } from '../jobs/lease-runner.js';
import { attemptOutcome, disabledReason, ERASED_REASON } from './delivery-outcome.js';
import { settlePendingDeliveries } from './settle-pending.js';
import { type SendResult, type SenderOptions, sendWebhook } from './webhook-sender.js';
import type { WebhookSettings } from './webhook-settings.js';
import type { DispatchOutcome, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookStore } from '../ports/webhook-store.js';
import { sealContext } from './webhooks.service.js';

export interface WebhookDispatcherDeps {
  store: WebhookStore;
  box: SecretBox;
  settings: WebhookSettings;
  /** The HTTP call; the real one unless a test replaces it. */
  send?: (url: string, body: string, headers: Record<string, string>, options: SenderOptions) => Promise<SendResult>;
  logError: (message: string, error: unknown) => void;
  /** How often it looks for due deliveries besides the wake-ups of this process (default 0.5 s). */
  pollIntervalMs?: number;
  /** How long a claim holds without renewal (default 60 s, at least three send timeouts): a dead process's deliveries wait this long. */
  leaseSeconds?: number;
}

/** Deliveries one claim takes at most. */
const CLAIM_BATCH = 200;
/** Outcomes one transaction records at most. */
const RECORD_BATCH = 500;
/**
 * How long finished attempts wait to be recorded together. Every commit costs a flush to disk (on SQLite on the
 * event loop itself): a commit per few milliseconds of sends, rather than per send, keeps that cost per batch.
 */
const RECORD_DELAY_MS = 50;

interface Lane {
  endpoint: WebhookEndpointRecord;
  secret: string;
  /** Claimed deliveries not sent yet, with the body to send. */
  waiting: Array<{ delivery: WebhookDeliveryRecord; body: string }>;
  active: number;
}

/**
 * Sends webhook deliveries straight from the `webhook_deliveries` table (no job per attempt). A claim leases up to
 * 200 due deliveries at once under this process's token; each endpoint gets at most `perEndpointConcurrency`
 * requests at a time and the process `concurrency` in all; outcomes are recorded in one transaction per batch
 * (what finished within 50 ms, at most 500): on SQLite every commit waits for the disk on the event loop. Deliveries that need no request (a disabled endpoint,
 * an erased event) are settled in those same batches, and a disabled endpoint's other pending deliveries in
 * 200-row statements. Every step that follows another without I/O waits for the next turn of the event loop,
 * so requests are answered throughout.
 *
 * Crash safety: a lease is renewed while the process holds the delivery; a process that dies leaves it to be
 * claimed again when the lease runs out (an attempt in flight may then be sent twice: at least once). An outcome
 * is written only while this process holds the lease and the attempt count is the one it claimed, together with
 * the attempt row, so an attempt recorded is never sent again. Several processes on PostgreSQL claim with
 * `FOR UPDATE SKIP LOCKED` and never share a delivery.
 */
export class WebhookDispatcher {
  private readonly token = randomUUID();
  private readonly send: NonNullable<WebhookDispatcherDeps['send']>;
  private readonly leaseMs: number;
  private readonly lanes = new Map<string, Lane>();
  /** Every delivery this process holds a lease on, until its outcome is written or its lease given back. */
  private readonly held = new Set<string>();
  private readonly outcomes: DispatchOutcome[] = [];
  /** Endpoints whose pending deliveries are being settled, and the settling. */
  private readonly settling = new Map<string, Promise<unknown>>();
  private active = 0;
  private started = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private claimScheduled = false;
  private claiming: Promise<void> | undefined;
  private claimAgain = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly sends = new Set<Promise<void>>();
  private writes: Promise<void> = Promise.resolve();
  private lookingForDisabled: Promise<void> | undefined;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.send = deps.send ?? sendWebhook;
    this.leaseMs = (deps.leaseSeconds ?? Math.max(60, (3 * deps.settings.timeoutMs) / 1000)) * 1000;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.pollTimer = setInterval(() => this.wake(), this.deps.pollIntervalMs ?? 500).unref();
    this.renewTimer = setInterval(() => this.renew(), this.leaseMs / 3).unref();
    this.sweepTimer = setInterval(() => this.settleDisabled(), 30_000).unref();
    this.settleDisabled();
    this.wake();
  }

  /** Disabled endpoints whose pending deliveries were not all settled (the process stopped half-way) are settled now. */
  private settleDisabled(): void {
    if (this.lookingForDisabled) return;
    this.lookingForDisabled = this.deps.store
      .disabledWithPending(20)
      .then((endpoints) => {
        for (const e of endpoints) this.settleEndpoint(e.id, e.disabledReason);
      })
      .catch((error: unknown) => this.deps.logError('webhook dispatcher: looking for disabled endpoints with deliveries failed', error))
      .finally(() => {
        this.lookingForDisabled = undefined;
      });
  }

  /** Looks for due deliveries on the next turn of the event loop (after an insert, a replay, a test ping). */
  wake(): void {
    if (!this.started || this.claimScheduled) return;
    this.claimScheduled = true;
    setImmediate(() => {
      this.claimScheduled = false;
      this.claim();
    });
  }

  /** Stops claiming, lets requests in flight finish and records them, and gives back deliveries not yet sent. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    await this.claiming;
    const unsent: string[] = [];
    for (const lane of this.lanes.values()) for (const { delivery } of lane.waiting.splice(0)) unsent.push(delivery.id);
    await Promise.allSettled([...this.sends]);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flush();
    await this.lookingForDisabled;
    await Promise.allSettled([...this.settling.values()]);
    clearInterval(this.renewTimer);
    try {
      await this.serially(() => this.deps.store.releaseLeases(this.token, unsent));
    } catch (error) {
      this.deps.logError('webhook dispatcher: could not give back deliveries (they are claimable again when their lease runs out)', error);
    }
    for (const id of unsent) this.held.delete(id);
  }

  /** True when nothing is held, waiting or being written (tests, benchmarks). */
  get idle(): boolean {
    return this.held.size === 0 && this.outcomes.length === 0 && this.active === 0 && this.claiming === undefined && this.flushing === undefined;
  }

  private claim(): void {
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimRounds()
      .catch((error: unknown) => this.deps.logError('webhook dispatcher: claiming deliveries failed', error))
      .finally(() => {
        this.claiming = undefined;
      });
  }

  private async claimRounds(): Promise<void> {
    const concurrency = this.deps.settings.concurrency;
    do {
      this.claimAgain = false;
      await this.refreshLanes();
      for (;;) {
        // Hold at most a few rounds of requests: enough to keep every slot busy while a batch is written, and
        // claims large enough that their commits stay few.
        const room = Math.min(CLAIM_BATCH, Math.max(4 * concurrency, 2 * CLAIM_BATCH) - this.held.size);
        if (!this.started || room <= 0) return;
        const now = new Date();
        const claimed = await this.deps.store.claimDue({
          token: this.token,
          limit: room,
          now: now.toISOString(),
          leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
          skipEndpoints: this.saturatedEndpoints(),
        });
        for (const d of claimed) this.held.add(d.id);
        if (claimed.length > 0) await this.accept(claimed);
        if (claimed.length < room) break;
        await nextTurn();
      }
    } while (this.claimAgain && this.started);
  }

  /** Endpoints with a full queue here: their deliveries wait in the table rather than in memory. */
  private saturatedEndpoints(): string[] {
    const cap = Math.max(4 * this.deps.settings.perEndpointConcurrency, CLAIM_BATCH);
    return [...this.lanes.values()].filter((l) => l.active + l.waiting.length >= cap).map((l) => l.endpoint.id);
  }

  private async accept(claimed: WebhookDeliveryRecord[]): Promise<void> {
    const { store } = this.deps;
    const endpoints = await store.endpointsByIds([...new Set(claimed.map((d) => d.endpointId))]);
    const events = await store.eventBodies([...new Set(claimed.filter((d) => d.payload === null).map((d) => d.eventId))]);
    for (const delivery of claimed) {
      const endpoint = endpoints.get(delivery.endpointId);
      if (!endpoint) {
        this.held.delete(delivery.id); // deleted with its endpoint since the claim
        continue;
      }
      if (!endpoint.enabled) {
        this.abandon(delivery, disabledReason(endpoint.disabledReason));
        this.settleEndpoint(endpoint.id, endpoint.disabledReason);
        continue;
      }
      // A test ping carries its body; other deliveries send their stored event.
      const body = delivery.payload !== null ? JSON.stringify(delivery.payload) : events.get(delivery.eventId);
      if (body === undefined) {
        this.abandon(delivery, ERASED_REASON);
        continue;
      }
      this.lane(endpoint).waiting.push({ delivery, body });
    }
    this.pump();
  }

  private lane(endpoint: WebhookEndpointRecord): Lane {
    const lane = this.lanes.get(endpoint.id);
    if (!lane) {
      const fresh: Lane = { endpoint, secret: this.deps.box.open(endpoint.secretSealed, sealContext(endpoint.id)), waiting: [], active: 0 };
      this.lanes.set(endpoint.id, fresh);
      return fresh;
    }
    if (lane.endpoint.updatedAt !== endpoint.updatedAt) {
      // A changed endpoint (url, rotated secret) is used from now on; requests under way finish as they began.
      lane.endpoint = endpoint;
      lane.secret = this.deps.box.open(endpoint.secretSealed, sealContext(endpoint.id));
    }
    return lane;
  }

  /** Starts requests while there are free slots, in all and per endpoint. */
  private pump(): void {
    const { concurrency, perEndpointConcurrency } = this.deps.settings;
    for (const lane of this.lanes.values()) {
      while (this.active < concurrency && lane.active < perEndpointConcurrency && lane.waiting.length > 0) {
        const next = lane.waiting.shift()!;
        const sending = this.deliver(lane, next.delivery, next.body);
        this.sends.add(sending);
        void sending.finally(() => this.sends.delete(sending));
      }
      if (lane.active === 0 && lane.waiting.length === 0) this.lanes.delete(lane.endpoint.id);
    }
  }

  private async deliver(lane: Lane, delivery: WebhookDeliveryRecord, body: string): Promise<void> {
    this.active += 1;
    lane.active += 1;
    const { settings } = this.deps;
    const attempt = delivery.attempts + 1;
    try {
      const sentAt = new Date();
      const headers = webhookHeaders(lane.secret, body, { id: delivery.eventId, now: sentAt });
      const result = await this.send(lane.endpoint.url, body, { ...headers }, { timeoutMs: settings.timeoutMs, allowPrivate: settings.allowPrivate });
      const outcome = attemptOutcome(delivery, attempt, sentAt, new Date(), result, settings);
      this.outcomes.push({ ...outcome, attemptsBefore: delivery.attempts });
      if (outcome.disableEndpoint) {
        // Disabled: what waits here for this endpoint is not sent; the table's pending rows are settled once recorded.
        for (const w of lane.waiting.splice(0)) this.abandon(w.delivery, disabledReason(outcome.disableEndpoint.reason));
      }
    } catch (error) {
      // Not the receiver's doing (e.g. the secret could not be opened): the lease runs out and it is tried again.
      this.deps.logError(`webhook delivery ${delivery.id} could not be sent`, error);
    } finally {
      this.active -= 1;
      lane.active -= 1;
      this.scheduleFlush();
      // The slot is free: the next waiting delivery goes now, not when this outcome is written.
      if (this.started) this.pump();
    }
  }

  private abandon(delivery: WebhookDeliveryRecord, reason: string): void {
    this.outcomes.push({ deliveryId: delivery.id, abandoned: reason, attemptsBefore: delivery.attempts });
    this.scheduleFlush();
  }

  /** Ends a disabled endpoint's pending deliveries in the table, once at a time per endpoint. */
  private settleEndpoint(endpointId: string, why: string | null): void {
    if (this.settling.has(endpointId)) return;
    const settling = settlePendingDeliveries(this.deps.store, endpointId, disabledReason(why))
      .catch((error: unknown) => this.deps.logError('webhook dispatcher: settling a disabled endpoint failed', error))
      .finally(() => this.settling.delete(endpointId));
    this.settling.set(endpointId, settling);
  }

  /**
   * Reads the endpoints deliveries wait for here again: what waits for one since disabled is ended unsent, what
   * waits for one since deleted is dropped (its rows went with it), a changed url or secret is used from now on.
   */
  private async refreshLanes(): Promise<void> {
    const waiting = [...this.lanes.values()].filter((l) => l.waiting.length > 0);
    if (waiting.length === 0) return;
    const endpoints = await this.deps.store.endpointsByIds(waiting.map((l) => l.endpoint.id));
    for (const lane of waiting) {
      const endpoint = endpoints.get(lane.endpoint.id);
      if (endpoint?.enabled) {
        this.lane(endpoint);
        continue;
      }
      for (const { delivery } of lane.waiting.splice(0)) {
        if (endpoint) this.abandon(delivery, disabledReason(endpoint.disabledReason));
        else this.held.delete(delivery.id);
      }
      if (endpoint) this.settleEndpoint(endpoint.id, endpoint.disabledReason);
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined && this.outcomes.length < RECORD_BATCH) return;
    clearTimeout(this.flushTimer);
    const run = () => {
      this.flushTimer = undefined;
      void this.flush();
    };
    // A full batch goes at once; otherwise what finishes in the next few milliseconds joins it.
    this.flushTimer = setTimeout(run, this.outcomes.length >= RECORD_BATCH ? 0 : RECORD_DELAY_MS);
  }

  /** Records what finished, a batch per transaction, then frees the slots and claims more. */
  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      while (this.outcomes.length > 0) {
        const batch = this.outcomes.splice(0, RECORD_BATCH);
        try {
          const written = await this.serially(() => this.deps.store.recordOutcomes(this.token, batch));
          for (const o of batch) {
            if ('disableEndpoint' in o && o.disableEndpoint && written.has(o.deliveryId)) {
              this.settleEndpoint(o.disableEndpoint.endpointId, o.disableEndpoint.reason);
            }
          }
        } catch (error) {
          // Nothing of the batch was written: those deliveries are claimed again when their lease runs out.
          this.deps.logError('webhook dispatcher: recording outcomes failed', error);
        }
        for (const o of batch) this.held.delete(o.deliveryId);
        await nextTurn();
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing.then(() => {
      this.pump();
      this.wake();
    });
  }

  /**
   * This process's writes to the rows it holds, one at a time: renewing leases and recording outcomes touch the same
   * rows, and on PostgreSQL two such statements at once lock them in different orders (a deadlock).
   */
  private serially<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write);
    this.writes = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private renew(): void {
    if (this.held.size === 0) return;
    const until = new Date(Date.now() + this.leaseMs).toISOString();
    const held = [...this.held];
    void this.serially(() => this.deps.store.renewLeases(this.token, held, until))
      .catch((error: unknown) => this.deps.logError('webhook dispatcher: renewing leases failed', error));
  }
}
