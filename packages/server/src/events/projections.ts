import { analyticsDaysProjection } from './projections/analytics-days.projection.js';
import { analyticsFactsProjection } from './projections/analytics-facts.projection.js';
import { answersProjection } from './projections/answers.projection.js';
import type { FoldedProjection, InTransactionProjection } from './projections/projection.js';

/**
 * Every read model kept from the event log, in one list. Each engine's event log (storage/…/…-event-log.ts) runs the
 * in-transaction ones after writing a transaction's events.
 */
export const IN_TRANSACTION_PROJECTIONS: readonly InTransactionProjection[] = [answersProjection];

/**
 * Folded off the ingest path, in this order, by one fold from one durable cursor (`analytics`, migration 0024):
 * the analytics facts, then their day rollups from the facts rows the fold changed. Analytics reads catch the fold
 * up first (`events/projection-folder.ts`), so their figures count every committed event.
 */
export const FOLDED_PROJECTIONS: readonly FoldedProjection[] = [analyticsFactsProjection, analyticsDaysProjection];
