import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Flow variables (#12): the values a host page passed that the session's flow declares, kept with the session so
 * the server branches on the same values as the widget and analytics can segment by them. `{}` for older sessions.
 * PostgreSQL 11+ adds a column with a constant default without rewriting the table.
 * (0012 is reserved for another change in flight.)
 */
export function sessionVarsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`alter table sessions add column vars jsonb not null default '{}'::jsonb`.execute(db);
      } else {
        await sql`alter table sessions add column vars text not null default '{}'`.execute(db);
      }
    },
  };
}
