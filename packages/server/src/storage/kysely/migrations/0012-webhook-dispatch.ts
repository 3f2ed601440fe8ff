import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Webhook deliveries dispatched straight from their table (#11), and the purge of finished jobs.
 *
 * - `webhook_deliveries.lease_until` / `lease_token`: a dispatcher claims due pending deliveries by setting both
 *   (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several processes never claim one row); every write of the outcome
 *   names the token, and a lease that runs out (its process died) makes the delivery claimable again. The due time
 *   is the existing `next_attempt_at`. No job row is made per attempt any more.
 * - `webhook_deliveries_due_idx`: pending deliveries by due time, partial so delivered and failed ones (the log)
 *   cost the claim nothing; it holds the endpoint and the lease too, so a claim that skips a busy endpoint's long
 *   queue walks the index alone (20,000 entries ≈ a few ms), not the rows.
 * - The `webhook.deliver` jobs of the job-per-attempt design are deleted: their deliveries are pending with their
 *   due time, which is all the dispatcher needs.
 * - `jobs_finished_idx`: the table queue's purge finds completed and failed jobs by age.
 */
export function webhookDispatchMigration(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('webhook_deliveries').addColumn('lease_until', time).execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('lease_token', 'text').execute();
      await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at, endpoint_id, lease_until) where status = 'pending'`.execute(db);
      await sql`delete from jobs where queue = 'webhook.deliver'`.execute(db);
      await db.schema.createIndex('jobs_finished_idx').on('jobs').columns(['state', 'updated_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('jobs_finished_idx').execute();
      await db.schema.dropIndex('webhook_deliveries_due_idx').execute();
      await db.schema.alterTable('webhook_deliveries').dropColumn('lease_token').execute();
      await db.schema.alterTable('webhook_deliveries').dropColumn('lease_until').execute();
    },
  };
}
