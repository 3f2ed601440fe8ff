import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageFactories, type OpenedStorage } from '../../test-support/storages.js';
import { inTransaction } from './in-transaction.js';

const postgres = storageFactories.find((f) => f.name === 'postgres')!;

describe('inTransaction on PostgreSQL', () => {
  let opened: OpenedStorage;
  let db: Kysely<unknown>;
  beforeAll(async () => {
    opened = await postgres.open();
    db = opened.storage.database as Kysely<unknown>;
    await sql`create table lock_pair (id int primary key, n int not null)`.execute(db);
    await sql`insert into lock_pair values (1, 0), (2, 0)`.execute(db);
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('runs the work again from the start when PostgreSQL aborts it as a deadlock, and the other writer goes on', async () => {
    const signal = () => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { open, opened };
    };
    const firstHoldsRow1 = signal();
    const secondHoldsRow2 = signal();
    let tries = 0;
    // First: row 1, then (once the second holds row 2 and is waiting for row 1) row 2 — a deadlock.
    const first = db.transaction().execute(async (trx) => {
      await sql`update lock_pair set n = n + 1 where id = 1`.execute(trx);
      firstHoldsRow1.open();
      await secondHoldsRow2.opened;
      // The second starts waiting well before this one, so it is the one PostgreSQL's deadlock check aborts.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql`update lock_pair set n = n + 1 where id = 2`.execute(trx);
    });
    const second = inTransaction(db, async (trx) => {
      tries++;
      if (tries === 1) await firstHoldsRow1.opened;
      await sql`update lock_pair set n = n + 1 where id = 2`.execute(trx);
      if (tries === 1) secondHoldsRow2.open();
      await sql`update lock_pair set n = n + 1 where id = 1`.execute(trx);
      return tries;
    });
    await first;
    expect(await second).toBe(2);
    const { rows } = await sql<{ id: number; n: number }>`select id, n from lock_pair order by id`.execute(db);
    // Both writers' updates, each once: the aborted try left nothing behind.
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('does not try again on other errors', async () => {
    let tries = 0;
    await expect(
      inTransaction(db, async (trx) => {
        tries++;
        await sql`select 1 / 0`.execute(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(tries).toBe(1);
  });
});
