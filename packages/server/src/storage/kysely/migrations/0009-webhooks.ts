import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Workspace webhooks (#6): endpoints, one delivery per endpoint and event, and every attempt of a delivery.
 *
 * - `webhook_endpoints.secret_sealed` is the `whsec_` signing secret encrypted by the service (AES-256-GCM with
 *   REELBACK_SECRET_KEY, the endpoint id as associated data); `event_types` is a JSON array (`["*"]` for all).
 *   `workspace_id` is null only for the admin key before the bootstrap made a workspace, as for flows.
 * - `webhook_deliveries` is unique on (endpoint, event): an event fanned out twice (a retried hook, two processes)
 *   still makes one delivery, and its `webhook-id` (the event id) is the same on every attempt and replay.
 *   `payload` is kept only for the test ping, which is not a stored event; other deliveries read their event, so a
 *   privacy erase leaves no copy here. `round_*` say where the current retry round began (a replay starts another).
 * - `webhook_attempts` is keyed by (delivery, attempt): a delivery job run again after a crash finds its attempt
 *   recorded and does not send twice.
 */
export function webhooksMigration(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('event_types', json, (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull()) // 1 | 0 on both engines
        .addColumn('disabled_reason', 'text')
        .addColumn('disabled_at', time)
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_endpoints_workspace_idx').on('webhook_endpoints').columns(['workspace_id', 'created_at']).execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('payload', json)
        // pending | delivered | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('round_first_attempt', 'integer', (c) => c.notNull())
        .addColumn('round_started_at', time, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', time)
        .addColumn('delivered_at', time)
        .addColumn('created_at', time, (c) => c.notNull())
        .addUniqueConstraint('webhook_deliveries_endpoint_event_key', ['endpoint_id', 'event_id'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', time, (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('next_retry_at', time)
        .addPrimaryKeyConstraint('webhook_attempts_pkey', ['delivery_id', 'attempt'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) await db.schema.dropTable(table).execute();
    },
  };
}
