import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { KyselyStorage } from './kysely/kysely-storage.js';
import { copyCsvOut } from './postgres/copy-out.js';
import { OwnSchemaPostgresDialect } from './postgres/own-schema-dialect.js';
import { PostgresEventLog } from './postgres/postgres-event-log.js';
import { SqliteGroupCommit } from './sqlite/group-commit.js';
import { rawRows } from './sqlite/raw-rows.js';
import { SqliteEventLog } from './sqlite/sqlite-event-log.js';
import { withStatementCache } from './sqlite/statement-cache.js';
import type { Database } from './kysely/schema.js';
import { IN_TRANSACTION_PROJECTIONS } from '../events/projections.js';
import { postgresRateLimits } from '../limits/rate-limits.js';

export type StorageOptions =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      url: string;
      /** Puts every table in this schema (tests isolate themselves this way). */
      searchPath?: string;
      maxConnections?: number;
    };

/** Opens (but does not migrate) the database the configuration names. */
export function openStorage(options: StorageOptions): KyselyStorage {
  if (options.kind === 'sqlite') {
    mkdirSync(dirname(options.file), { recursive: true });
    const database = new SQLite(options.file);
    // WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so an event we
    // acknowledged survives a power cut; foreign keys are off in SQLite unless asked for.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    const statements = withStatementCache(database);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
    const events = new SqliteEventLog(statements, new SqliteGroupCommit(kysely, database), IN_TRANSACTION_PROJECTIONS);
    return new KyselyStorage(kysely, 'sqlite', events, { rawRows: rawRows(database) });
  }
  if (options.searchPath !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.searchPath)) {
    throw new Error(`searchPath must be a plain schema name, got '${options.searchPath}'`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
  const kysely = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return new KyselyStorage(kysely, 'postgres', new PostgresEventLog(kysely, IN_TRANSACTION_PROJECTIONS), { copyCsv: copyCsvOut(pool) }, postgresRateLimits(pool));
}

