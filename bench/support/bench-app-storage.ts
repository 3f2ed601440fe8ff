import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeMedia, openStorage } from '@reelback/server';

/**
 * A fresh database for a benchmark's server process: SQLite in a temporary folder, or a PostgreSQL schema of its own
 * (dropped and made anew), migrated; with media parts whose queue is never started (the loads here touch no clips).
 * `dispose()` closes it and removes what it made: the folder, and the schema (a loaded one holds hundreds of MB).
 */
export async function openBenchStorage(kind: string, label: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `reelback-bench-${label}-`));
  let database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  let storage: ReturnType<typeof openStorage>;
  let dropSchema = async () => {};
  if (kind === 'sqlite') {
    database = { kind: 'sqlite', file: join(dataDir, 'reelback.db') };
    storage = openStorage(database);
  } else if (kind === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_${label}_${process.pid}`;
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await client.end();
    dropSchema = async () => {
      const dropper = new pg.default.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await dropper.end();
      }
    };
    database = { kind: 'postgres', url };
    storage = openStorage({ kind: 'postgres', url, searchPath: schema, maxConnections: 20 });
  } else {
    throw new Error(`unknown target ${kind}`);
  }
  await storage.migrate();
  const media = composeMedia({ dataDir, database, media: { maxUploadBytes: 200e6, keepOriginals: false, jobLeaseSeconds: 60, concurrency: 1 } }, storage);
  const dispose = async () => {
    await storage.close();
    await dropSchema();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { storage, media, dataDir, dispose };
}
