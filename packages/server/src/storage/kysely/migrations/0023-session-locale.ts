import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The language a viewer was shown (#16): the widget's language, resolved from the element's `locale`, the page's
 * `lang` and the browser, sent as the session's `context.locale` and kept in a column of its own at session start,
 * lower-cased (`de`, `pt-br`), so analytics can segment by it. Null for sessions stored before: their context's
 * `locale` was only the browser's language, and the widget then spoke English whatever it was. An index per flow
 * serves the analytics segment (a semi-join from the facts tables). PostgreSQL adds a nullable column without a
 * rewrite; numbers 0019–0022 belong to changes in flight.
 */
export function sessionLocaleMigration(dialect: Dialect): Migration {
  void dialect;
  return {
    async up(db: Kysely<unknown>) {
      await sql`alter table sessions add column locale text`.execute(db);
      await sql`create index sessions_flow_locale on sessions (flow_id, locale)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop index sessions_flow_locale`.execute(db);
      await sql`alter table sessions drop column locale`.execute(db);
    },
  };
}
