import type SQLite from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

/** A compiled query's rows as arrays of their cells, in the select's order (better-sqlite3's raw mode). */
export type RawRows = (query: CompiledQuery) => unknown[][];

/**
 * Rows as arrays rather than one object per row, which is what Kysely's driver makes: over a million-row export the
 * objects cost ≈ 0.7 s per million rows (bench/analytics). Statements of their own (a cached statement of Kysely's
 * in raw mode would hand Kysely arrays), kept by text like the statement cache. The caller holds Kysely's connection
 * while it runs, so no transaction of Kysely's is open in the middle of it.
 */
export function rawRows(database: SQLite.Database, max = 20): RawRows {
  const statements = new Map<string, SQLite.Statement>();
  return (query) => {
    let statement = statements.get(query.sql);
    if (!statement) {
      statement = database.prepare(query.sql).raw(true);
      if (statements.size >= max) statements.delete(statements.keys().next().value!);
      statements.set(query.sql, statement);
    }
    return statement.all(...query.parameters) as unknown[][];
  };
}
