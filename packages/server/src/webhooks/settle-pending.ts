import { nextTurn } from '../jobs/lease-runner.js';
import type { WebhookStore } from '../ports/webhook-store.js';

/** Rows one statement settles or deletes: short enough (a few ms on SQLite) that requests are answered between two. */
const BATCH = 200;

/**
 * Ends every pending delivery of a disabled endpoint that no process is sending, without sending it: a few
 * statements of 200 rows with a turn of the event loop between them, instead of one delivery at a time.
 * Deliveries in flight are recorded by their sender; what it schedules afterwards is settled by the dispatcher.
 */
export async function settlePendingDeliveries(store: Pick<WebhookStore, 'settlePending'>, endpointId: string, reason: string): Promise<number> {
  let total = 0;
  for (;;) {
    const settled = await store.settlePending(endpointId, reason, new Date().toISOString(), BATCH);
    total += settled;
    if (settled < BATCH) return total;
    await nextTurn();
  }
}

/** Deletes an endpoint's deliveries (and their attempts) 200 at a time, before the endpoint itself. */
export async function deleteAllDeliveries(store: Pick<WebhookStore, 'deleteDeliveries'>, endpointId: string): Promise<void> {
  while ((await store.deleteDeliveries(endpointId, BATCH)) === BATCH) await nextTurn();
}
