// The e2e project's PostgreSQL run (vitest.postgres.config.ts sets REELBACK_E2E_DATABASE=postgres): each server gets a
// database of its own — its tables and pg-boss's schema alike — made before it starts and dropped when it stops.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test PostgreSQL (the server tests use it too); each e2e server gets a database next to `test`. */
const ADMIN_URL = process.env.REELBACK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const e2eOnPostgres = (): boolean => process.env.REELBACK_E2E_DATABASE === 'postgres';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database; resolves its URL (the server migrates it at start). */
export async function createE2eDatabase(): Promise<string> {
  const name = `reelback_e2e_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.href;
}

/** Drops the database of `url` (its server has stopped; FORCE ends any connection left behind). */
export async function dropE2eDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^reelback_e2e_[0-9a-f]{12}$/.test(name)) throw new Error(`not an e2e database: ${name}`);
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
