import type { Kysely, Selectable } from 'kysely';
import type { SetupCodeRecord, SetupCompletion, SetupStore } from '../../ports/setup-store.js';
import type { UserWithPassword, WorkspaceRecord } from '../../ports/account-store.js';
import type { IsoTime } from '../../ports/store-types.js';
import { fromNullableTime, fromTime } from './codec.js';
import { createFirstAdmin } from './first-admin.js';
import { inTransaction } from './in-transaction.js';
import type { Database, Dialect } from './schema.js';
import { SETUP_CODE_ID, type SetupCodesTable } from './setup-codes-table.js';

type SetupDatabase = Database & { setup_codes: SetupCodesTable };

const toRecord = (row: Selectable<SetupCodesTable>): SetupCodeRecord => ({
  nonce: row.nonce,
  codeHash: row.code_hash,
  createdAt: fromTime(row.created_at),
  usedAt: fromNullableTime(row.used_at),
});

class CodeSpent extends Error {}

export class KyselySetupStore implements SetupStore {
  private readonly db: Kysely<SetupDatabase>;

  constructor(
    private readonly base: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = base.withTables<{ setup_codes: SetupCodesTable }>();
  }

  async getCode(): Promise<SetupCodeRecord | undefined> {
    const row = await this.db.selectFrom('setup_codes').selectAll().where('id', '=', SETUP_CODE_ID).executeTakeFirst();
    return row && toRecord(row);
  }

  async putCode(record: SetupCodeRecord, replacing?: string): Promise<SetupCodeRecord> {
    const values = { id: SETUP_CODE_ID, nonce: record.nonce, code_hash: record.codeHash, created_at: record.createdAt, used_at: record.usedAt };
    await this.db
      .insertInto('setup_codes')
      .values(values)
      .onConflict((oc) =>
        replacing === undefined
          ? oc.column('id').doNothing()
          : oc
              .column('id')
              .doUpdateSet({ nonce: record.nonce, code_hash: record.codeHash, created_at: record.createdAt, used_at: record.usedAt })
              .where('setup_codes.nonce', '=', replacing),
      )
      .execute();
    const kept = await this.getCode();
    if (!kept) throw new Error('the setup code vanished as it was written');
    return kept;
  }

  async completeSetup(input: { codeHash: string; workspace: WorkspaceRecord; user: UserWithPassword; at: IsoTime }): Promise<SetupCompletion> {
    try {
      return await inTransaction(this.base, async (trx) => {
        const spent = await trx
          .withTables<{ setup_codes: SetupCodesTable }>()
          .updateTable('setup_codes')
          .set({ used_at: input.at })
          .where('id', '=', SETUP_CODE_ID)
          .where('code_hash', '=', input.codeHash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(spent.numUpdatedRows) !== 1) return 'code-used';
        // Rolled back whole (the code stays live) when a first admin exists already.
        if (!(await createFirstAdmin(trx, this.dialect, input))) throw new CodeSpent();
        return 'ok';
      });
    } catch (error) {
      if (error instanceof CodeSpent) return 'already-set-up';
      throw error;
    }
  }
}
