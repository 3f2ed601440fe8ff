import type { Kysely } from 'kysely';
import type { AuditRecord } from '../../ports/audit-store.js';
import type { UserWithPassword } from '../../ports/account-store.js';
import type { Role } from '../../ports/caller.js';
import type { IsoTime } from '../../ports/store-types.js';
import type { SsoIdentity, SsoJoin, SsoStore } from '../../ports/sso-store.js';
import { insertAuditEntry } from './audit-store.js';
import { fromNullableTime } from './codec.js';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';


export class KyselySsoStore implements SsoStore {
  constructor(private readonly db: Kysely<Database>) {}

  async findIdentity(issuer: string, subject: string): Promise<SsoIdentity | undefined> {
    const row = await this.db.selectFrom('sso_identities').select(['issuer', 'subject', 'user_id']).where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
    return row && { issuer: row.issuer, subject: row.subject, userId: row.user_id };
  }

  async linkIdentity(identity: SsoIdentity & { email: string; at: IsoTime }): Promise<void> {
    await this.db
      .insertInto('sso_identities')
      .values({ issuer: identity.issuer, subject: identity.subject, user_id: identity.userId, email: identity.email, created_at: identity.at, last_used_at: identity.at })
      .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
      .execute();
  }

  async touchIdentity(issuer: string, subject: string, at: IsoTime): Promise<void> {
    await this.db.updateTable('sso_identities').set({ last_used_at: at }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
  }

  async createSsoUser(input: { user: UserWithPassword; issuer: string; subject: string; workspaceId: string; role: Role; at: IsoTime; audit: AuditRecord }): Promise<SsoJoin> {
    return inTransaction(this.db, async (trx): Promise<SsoJoin> => {
      const email = input.user.email.toLowerCase();
      const taken = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      const linked = await trx.selectFrom('sso_identities').select('user_id').where('issuer', '=', input.issuer).where('subject', '=', input.subject).executeTakeFirst();
      if (taken || linked) return { ok: false, reason: 'taken' };
      const { user } = input;
      await trx.insertInto('users').values({ id: user.id, email, name: user.name, password_hash: user.passwordHash, created_at: user.createdAt }).execute();
      await trx.insertInto('memberships').values({ workspace_id: input.workspaceId, user_id: user.id, role: input.role, created_at: input.at }).execute();
      await trx
        .insertInto('sso_identities')
        .values({ issuer: input.issuer, subject: input.subject, user_id: user.id, email, created_at: input.at, last_used_at: input.at })
        .execute();
      await insertAuditEntry(trx, input.audit);
      return { ok: true, user: { id: user.id, email, name: user.name, createdAt: user.createdAt }, role: input.role };
    });
  }

  async addMember(input: { userId: string; workspaceId: string; role: Role; at: IsoTime; audit: AuditRecord }): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const inserted = await trx
        .insertInto('memberships')
        .values({ workspace_id: input.workspaceId, user_id: input.userId, role: input.role, created_at: input.at })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await insertAuditEntry(trx, input.audit);
    });
  }

  async passwordsOffAt(workspaceId: string): Promise<IsoTime | null> {
    const row = await this.db.selectFrom('workspaces').select('passwords_off_at').where('id', '=', workspaceId).executeTakeFirst();
    return row ? fromNullableTime(row.passwords_off_at) : null;
  }

  async passwordsOffForUser(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('memberships')
      .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
      .select('memberships.user_id')
      .where('memberships.user_id', '=', userId)
      .where('workspaces.passwords_off_at', 'is not', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async setPasswordsOff(workspaceId: string, offAt: IsoTime | null, audit: AuditRecord): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const row = await trx.selectFrom('workspaces').select(['id', 'passwords_off_at']).where('id', '=', workspaceId).executeTakeFirst();
      if (!row) return false;
      if ((row.passwords_off_at === null) === (offAt === null)) return true;
      await trx.updateTable('workspaces').set({ passwords_off_at: offAt }).where('id', '=', workspaceId).execute();
      await insertAuditEntry(trx, audit);
      return true;
    });
  }
}
