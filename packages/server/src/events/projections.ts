import { answersProjection } from './projections/answers.projection.js';
import type { InTransactionProjection } from './projections/projection.js';

/**
 * Every read model kept from the event log, in one list. Each engine's event log (storage/…/…-event-log.ts) runs the
 * in-transaction ones after writing a transaction's events.
 *
 * Still kept by SQL triggers (migrations 0008 and 0011), to move here and off the ingest path next (issue #14):
 * the analytics facts (`analytics_sessions`, `analytics_steps`) and their day rollups.
 */
export const IN_TRANSACTION_PROJECTIONS: readonly InTransactionProjection[] = [answersProjection];
