import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../kysely/schema.js';
import { SqliteGroupCommit } from './group-commit.js';

let dir: string;
let database: SQLite.Database;
let kysely: Kysely<Database>;
let group: SqliteGroupCommit;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-group-commit-'));
  database = new SQLite(join(dir, 'db.sqlite'));
  database.pragma('journal_mode = WAL');
  database.exec('create table t (v text unique)');
  kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  group = new SqliteGroupCommit(kysely, database);
});

afterEach(async () => {
  await kysely.destroy();
  await rm(dir, { recursive: true, force: true });
});

const insert = (v: string) => () => database.prepare('insert into t (v) values (?)').run(v).changes;
const stored = () => (database.prepare('select v from t order by v').all() as { v: string }[]).map((r) => r.v);

describe('SqliteGroupCommit', () => {
  it('writes what is queued in one turn in one transaction, and resolves each caller once it is committed', async () => {
    const other = new SQLite(join(dir, 'db.sqlite'), { readonly: true });
    const committedRows = () => (other.prepare('select count(*) as n from t').get() as { n: number }).n;
    const seenByOthers: number[] = [];
    const results = await Promise.all(
      ['a', 'b', 'c'].map((v) =>
        group.run(() => {
          // Had each write committed on its own, the third would see the first two from outside.
          seenByOthers.push(committedRows());
          return insert(v)();
        }),
      ),
    );
    expect(results).toEqual([1, 1, 1]);
    expect(seenByOthers).toEqual([0, 0, 0]);
    expect(committedRows()).toBe(3);
    other.close();
  });

  it('undoes only the write that failed; the others in its group are kept', async () => {
    const outcomes = await Promise.allSettled([
      group.run(insert('kept-1')),
      group.run(() => {
        insert('undone')();
        throw new Error('a rule said no');
      }),
      group.run(insert('kept-1')), // unique violation: fails on its own
      group.run(insert('kept-2')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'a rule said no' });
    expect(stored()).toEqual(['kept-1', 'kept-2']);
  });

  it('runs the next group after the first, and never beside a Kysely transaction', async () => {
    const order: string[] = [];
    const trx = kysely.transaction().execute(async (t) => {
      order.push('kysely begins');
      await t.selectFrom('sessions' as never).selectAll().execute().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
      order.push('kysely ends');
    });
    const write = group.run(() => {
      order.push('group writes');
      return insert('x')();
    });
    await Promise.all([trx, write]);
    expect(order).toEqual(['kysely begins', 'kysely ends', 'group writes']);
    await group.run(insert('y'));
    expect(stored()).toEqual(['x', 'y']);
  });
});
