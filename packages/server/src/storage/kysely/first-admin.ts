import { sql, type Transaction } from 'kysely';
import type { UserWithPassword, WorkspaceRecord } from '../../ports/account-store.js';
import type { IsoTime } from '../../ports/store-types.js';
import type { Database, Dialect } from './schema.js';
import { SETUP_CODE_ID, type SetupCodesTable } from './setup-codes-table.js';

/**
 * Inside the caller's transaction: the first workspace, its first user as admin, every flow that has no workspace
 * yet joins it, and the setup code (if any) is spent. `false`, writing nothing, when any user exists already.
 * Both ways of making the first admin — the setup page's code and the admin key's bootstrap — go through here.
 */
export async function createFirstAdmin(
  trx: Transaction<Database>,
  dialect: Dialect,
  { workspace, user, at }: { workspace: WorkspaceRecord; user: UserWithPassword; at: IsoTime },
): Promise<boolean> {
  // Two concurrent first admins: on PostgreSQL the table lock makes the second wait and then see the first's user;
  // SQLite transactions are serial already.
  if (dialect === 'postgres') await sql`lock table users in share row exclusive mode`.execute(trx);
  const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await trx.insertInto('workspaces').values({ id: workspace.id, name: workspace.name, time_zone: workspace.timeZone, created_at: workspace.createdAt }).execute();
  await trx
    .insertInto('users')
    .values({ id: user.id, email: user.email.toLowerCase(), name: user.name, password_hash: user.passwordHash, created_at: user.createdAt })
    .execute();
  await trx.insertInto('memberships').values({ workspace_id: workspace.id, user_id: user.id, role: 'admin', created_at: at }).execute();
  await trx.updateTable('flows').set({ workspace_id: workspace.id }).where('workspace_id', 'is', null).execute();
  await trx
    .withTables<{ setup_codes: SetupCodesTable }>()
    .updateTable('setup_codes')
    .set({ used_at: at })
    .where('id', '=', SETUP_CODE_ID)
    .where('used_at', 'is', null)
    .execute();
  return true;
}
