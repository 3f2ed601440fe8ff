import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_DATABASE_URL } from './storages.js';

export interface FreshDatabase {
  url: string;
  name: string;
  /** How many connections to it are open now (other than the one asking). */
  connections(): Promise<number>;
  drop(): Promise<void>;
}

async function onAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A PostgreSQL database of its own, for tests of whole servers: processes that share it (pg-boss's schema included)
 * see only each other, and its connections can be counted. Dropped (with force) by `drop`.
 */
export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    connections: () =>
      onAdmin(async (admin) => {
        const { rows } = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        return Number(rows[0]?.n ?? 0);
      }),
    drop: () => onAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
