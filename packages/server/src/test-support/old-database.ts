import { type Kysely, Migrator, sql } from 'kysely';
import { migrations } from '../storage/kysely/migrations/index.js';
import type { Database } from '../storage/kysely/schema.js';
import type { StorageFactory } from './storages.js';

/**
 * Migrates a fresh test database (opened with `migrate: false`) up to `target` only, as a server of that age left it,
 * so a migration test can store rows in the old shape and then run the rest (`storage.migrate()`).
 */
export async function migrateTo(factory: StorageFactory, db: Kysely<Database>, target: string): Promise<void> {
  // On PostgreSQL each test database is a schema of its own: the migrator keeps its table there too.
  const schema = factory.name === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema : undefined;
  const migrator = new Migrator({ db, provider: migrations(factory.name), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(target);
  if (error) throw new Error(`migrating the test database to ${target} failed`, { cause: error });
}

/** A flow with a published version 1, in the columns every migration since 0001 has had. */
export async function insertOldPublishedFlow(db: Kysely<Database>, id: string, definition: { name: string }, at: string): Promise<void> {
  await db.insertInto('flows').values({ id, name: definition.name, draft: JSON.stringify(definition), created_at: at, updated_at: at }).execute();
  await db.insertInto('flow_versions').values({ flow_id: id, version: 1, definition: JSON.stringify(definition), published_at: at }).execute();
}
