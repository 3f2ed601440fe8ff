import { type Kysely, type Selectable, sql } from 'kysely';
import * as z from 'zod';
import type { MemberWithActivity, PasswordResetRecord, PasswordResetUse, TeamStore } from '../../ports/team-store.js';
import type { AuditRecord } from '../../ports/audit-store.js';
import type { InviteRecord } from '../../ports/account-store.js';
import type { IsoTime } from '../../ports/store-types.js';
import { fromNullableTime, fromTime } from './codec.js';
import { insertAuditEntry } from './audit-store.js';
import { inTransaction } from './in-transaction.js';
import type { Database, Dialect, InvitesTable, TimeColumn, NullableTimeColumn } from './schema.js';

interface PasswordResetsTable {
  id: string;
  user_id: string;
  created_by: string | null;
  created_at: TimeColumn;
  expires_at: TimeColumn;
  used_at: NullableTimeColumn;
}

type Db = Kysely<Database & { password_resets: PasswordResetsTable }>;

const Role = z.enum(['manager', 'owner', 'admin']);

const toInvite = (row: Selectable<InvitesTable>): InviteRecord & { revokedAt: IsoTime | null } => ({
  id: row.id,
  workspaceId: row.workspace_id,
  role: Role.parse(row.role),
  email: row.email,
  createdBy: row.created_by,
  createdAt: fromTime(row.created_at),
  expiresAt: fromTime(row.expires_at),
  acceptedAt: fromNullableTime(row.accepted_at),
  acceptedBy: row.accepted_by,
  revokedAt: fromNullableTime(row.revoked_at),
});

const toReset = (row: Selectable<PasswordResetsTable>): PasswordResetRecord => ({
  id: row.id,
  userId: row.user_id,
  createdBy: row.created_by,
  createdAt: fromTime(row.created_at),
  expiresAt: fromTime(row.expires_at),
  usedAt: fromNullableTime(row.used_at),
});

/** Timestamps compare as values on PostgreSQL and as ISO-8601 text (one format, so one order) on SQLite. */
export class KyselyTeamStore implements TeamStore {
  private readonly db: Db;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = db.withTables<{ password_resets: PasswordResetsTable }>();
  }

  async listMembers(workspaceId: string): Promise<MemberWithActivity[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.created_at', 'memberships.role', 'memberships.created_at as joined_at', 'memberships.last_active_at'])
      .where('memberships.workspace_id', '=', workspaceId)
      .orderBy('memberships.created_at')
      .orderBy('users.id')
      .execute();
    return rows.map((row) => ({
      user: { id: row.id, email: row.email, name: row.name, createdAt: fromTime(row.created_at) },
      workspaceId,
      role: Role.parse(row.role),
      joinedAt: fromTime(row.joined_at),
      lastActiveAt: fromNullableTime(row.last_active_at),
    }));
  }

  async listOpenInvites(workspaceId: string, since: IsoTime): Promise<InviteRecord[]> {
    const rows = await this.db
      .selectFrom('invites')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', since)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(500)
      .execute();
    return rows.map(toInvite);
  }

  async getInvite(workspaceId: string, id: string) {
    const row = await this.db.selectFrom('invites').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return row && toInvite(row);
  }

  async revokeInvite(workspaceId: string, id: string, at: IsoTime, audit?: AuditRecord): Promise<'ok' | 'not-found'> {
    return inTransaction(this.db, async (trx) => {
      // Expiring it at once keeps every acceptance path (which checks expiry) refusing it, with no check of its own.
      const result = await trx
        .updateTable('invites')
        .set({ revoked_at: at, expires_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return 'not-found';
      // The password_resets table this store adds is not needed to write the entry: the shared schema's view of trx is.
      if (audit) await insertAuditEntry(trx as unknown as Kysely<Database>, audit);
      return 'ok';
    });
  }

  async passwordHashOf(userId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    return row?.password_hash;
  }

  async changePassword(userId: string, passwordHash: string, keepSessionId: string | null, at: IsoTime): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
      await trx
        .deleteFrom('auth_sessions')
        .where('user_id', '=', userId)
        .$if(keepSessionId !== null, (qb) => qb.where('id', '!=', keepSessionId!))
        .execute();
      await trx.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    });
  }

  async insertPasswordReset(reset: PasswordResetRecord): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({
        id: reset.id,
        user_id: reset.userId,
        created_by: reset.createdBy,
        created_at: reset.createdAt,
        expires_at: reset.expiresAt,
        used_at: reset.usedAt,
      })
      .execute();
  }

  async getPasswordReset(id: string): Promise<PasswordResetRecord | undefined> {
    const row = await this.db.selectFrom('password_resets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toReset(row);
  }

  async usePasswordReset({ id, at, passwordHash }: { id: string; at: IsoTime; passwordHash: string }): Promise<PasswordResetUse> {
    return inTransaction(this.db, async (trx): Promise<PasswordResetUse> => {
      const row = await trx
        .selectFrom('password_resets')
        .selectAll()
        .where('id', '=', id)
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!row) return { ok: false, reason: 'unknown' };
      const reset = toReset(row);
      if (reset.usedAt !== null) return { ok: false, reason: 'used' };
      if (reset.expiresAt <= at) return { ok: false, reason: 'expired' };
      const user = await trx.selectFrom('users').select(['id', 'email', 'name', 'created_at']).where('id', '=', reset.userId).executeTakeFirst();
      if (!user) return { ok: false, reason: 'unknown' };
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
      await trx.deleteFrom('auth_sessions').where('user_id', '=', user.id).execute();
      // This link and every other unused one of the user: one reset ends them all.
      await trx.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
      return { ok: true, user: { id: user.id, email: user.email, name: user.name, createdAt: fromTime(user.created_at) } };
    });
  }

  async countPasswordResetsSince(userId: string, since: IsoTime): Promise<number> {
    const row = await this.db
      .selectFrom('password_resets')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('user_id', '=', userId)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
