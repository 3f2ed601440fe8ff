import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export interface StatementCache extends SqliteDatabase {
  prepare(sql: string): SQLite.Statement;
}

/**
 * Kysely's SQLite driver prepares every query anew, and preparing costs more than running a small write.
 * Statements run one at a time on this connection (Kysely's lock, or synchronous code), so reuse is safe.
 */
export function withStatementCache(database: SQLite.Database, max = 500): StatementCache {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        // Multi-row inserts make a new text per row count: keep the cache bounded.
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
