import { Editor } from '@reelback/shared';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import * as z from 'zod';
import type { AuditRecord } from '../../ports/audit-store.js';
import type { AccountStore, ActiveAuthSession, ApiKeyRecord, AuthSessionRecord, InviteAcceptance, InviteRecord, MemberRecord, MembershipAudit, MembershipChange, UserRecord, UserWithPassword, WorkspaceRecord } from '../../ports/account-store.js';
import type { Role } from '../../ports/caller.js';
import { insertAuditEntry } from './audit-store.js';
import { fromJson, fromNullableTime, fromTime, toJson } from './codec.js';
import type { ApiKeysTable, Database, Dialect, InvitesTable, UsersTable, WorkspacesTable } from './schema.js';
import { createFirstAdmin } from './first-admin.js';
import { inTransaction } from './in-transaction.js';

const RoleRow = z.enum(['manager', 'owner', 'admin']);
const ScopesRow = z.array(z.enum(['read', 'write', 'admin']));
const role = (value: string): Role => RoleRow.parse(value);

const toWorkspace = (row: Selectable<WorkspacesTable>): WorkspaceRecord => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  createdAt: fromTime(row.created_at),
});

const toUser = (row: Pick<Selectable<UsersTable>, 'id' | 'email' | 'name' | 'created_at'>): UserRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  createdAt: fromTime(row.created_at),
});

const toInvite = (row: Selectable<InvitesTable>): InviteRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  role: role(row.role),
  email: row.email,
  createdBy: row.created_by,
  createdAt: fromTime(row.created_at),
  expiresAt: fromTime(row.expires_at),
  acceptedAt: fromNullableTime(row.accepted_at),
  acceptedBy: row.accepted_by,
});

/** A key's row, with its creator's current name for keys made before the creator was kept with the key. */
type ApiKeyRow = Selectable<ApiKeysTable> & { creator_name?: string | null; creator_email?: string | null };

function creatorOf(row: ApiKeyRow): Editor | null {
  if (row.created_by_editor !== null) return fromJson(Editor, row.created_by_editor);
  if (row.created_by === null) return null;
  return { kind: 'user', id: row.created_by, label: row.creator_name?.trim() || row.creator_email || 'a removed user' };
}

const toApiKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  prefix: row.prefix,
  keyHash: row.key_hash,
  scopes: fromJson(ScopesRow, row.scopes),
  createdBy: row.created_by,
  creator: creatorOf(row),
  createdAt: fromTime(row.created_at),
  lastUsedAt: fromNullableTime(row.last_used_at),
  expiresAt: fromNullableTime(row.expires_at),
  revokedAt: fromNullableTime(row.revoked_at),
});

/** Timestamps compare as values on PostgreSQL and as ISO-8601 text (same format, so same order) on SQLite. */
export class KyselyAccountStore implements AccountStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async bootstrap(input: { workspace: WorkspaceRecord; user: UserWithPassword; at: string }): Promise<boolean> {
    return inTransaction(this.db, (trx) => createFirstAdmin(trx, this.dialect, input));
  }

  async createWorkspace({ workspace, adminUserId, at }: { workspace: WorkspaceRecord; adminUserId: string; at: string }): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('workspaces')
        .values({ id: workspace.id, name: workspace.name, time_zone: workspace.timeZone, created_at: workspace.createdAt })
        .execute();
      await trx.insertInto('memberships').values({ workspace_id: workspace.id, user_id: adminUserId, role: 'admin', created_at: at }).execute();
    });
  }

  async firstWorkspace(): Promise<WorkspaceRecord | undefined> {
    const row = await this.db.selectFrom('workspaces').selectAll().orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    return row && toWorkspace(row);
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | undefined> {
    const row = await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toWorkspace(row);
  }

  async findUserByEmail(email: string): Promise<UserWithPassword | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').select(['id', 'email', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async membershipsOf(userId: string): Promise<{ workspaceId: string; role: Role }[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .select(['workspace_id', 'role'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('workspace_id')
      .execute();
    return rows.map((row) => ({ workspaceId: row.workspace_id, role: role(row.role) }));
  }

  private selectMembers() {
    return this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.created_at', 'memberships.workspace_id', 'memberships.role'])
      .select('memberships.created_at as joined_at');
  }

  async getMember(workspaceId: string, userId: string): Promise<MemberRecord | undefined> {
    const row = await this.selectMembers()
      .where('memberships.workspace_id', '=', workspaceId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirst();
    return row && { user: toUser(row), workspaceId: row.workspace_id, role: role(row.role), joinedAt: fromTime(row.joined_at) };
  }

  async listMembers(workspaceId: string): Promise<MemberRecord[]> {
    const rows = await this.selectMembers()
      .where('memberships.workspace_id', '=', workspaceId)
      .orderBy('memberships.created_at')
      .orderBy('users.id')
      .execute();
    return rows.map((row) => ({ user: toUser(row), workspaceId: row.workspace_id, role: role(row.role), joinedAt: fromTime(row.joined_at) }));
  }

  /**
   * Changes one membership inside a transaction that first reads (and on PostgreSQL locks) the workspace's admin
   * rows, so two admins demoting each other at once cannot leave the workspace with none.
   */
  private changeMembership(
    workspaceId: string,
    userId: string,
    leavesAdmin: boolean,
    apply: (trx: Transaction<Database>) => Promise<void>,
    audit: MembershipAudit | undefined,
  ): Promise<MembershipChange> {
    return inTransaction(this.db, async (trx) => {
      const admins = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', 'admin')
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .execute();
      const member = await trx
        .selectFrom('memberships')
        .select('role')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!member) return 'not-found';
      if (member.role === 'admin' && leavesAdmin && admins.length <= 1) return 'last-admin';
      await apply(trx);
      const entry = audit?.(role(member.role));
      if (entry) await insertAuditEntry(trx, entry);
      return 'ok';
    });
  }

  setRole(workspaceId: string, userId: string, newRole: Role, audit?: MembershipAudit): Promise<MembershipChange> {
    return this.changeMembership(
      workspaceId,
      userId,
      newRole !== 'admin',
      async (trx) => {
        await trx.updateTable('memberships').set({ role: newRole }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      },
      audit,
    );
  }

  removeMember(workspaceId: string, userId: string, audit?: MembershipAudit): Promise<MembershipChange> {
    return this.changeMembership(
      workspaceId,
      userId,
      true,
      async (trx) => {
        await trx.deleteFrom('auth_sessions').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
        await trx.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      },
      audit,
    );
  }

  async insertSession(session: AuthSessionRecord): Promise<void> {
    await this.db
      .insertInto('auth_sessions')
      .values({
        id: session.id,
        user_id: session.userId,
        workspace_id: session.workspaceId,
        csrf_token_hash: session.csrfTokenHash,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
        last_seen_at: session.lastSeenAt,
      })
      .execute();
    await this.markActive(session.workspaceId, session.userId, session.lastSeenAt);
  }

  /** The member's last activity in the workspace (the members page), written with the session's. */
  private async markActive(workspaceId: string, userId: string, at: string): Promise<void> {
    await this.db.updateTable('memberships').set({ last_active_at: at }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
  }

  async getActiveSession(id: string, now: string): Promise<ActiveAuthSession | undefined> {
    const row = await this.db
      .selectFrom('auth_sessions')
      .innerJoin('memberships', (join) =>
        join.onRef('memberships.workspace_id', '=', 'auth_sessions.workspace_id').onRef('memberships.user_id', '=', 'auth_sessions.user_id'),
      )
      .selectAll('auth_sessions')
      .select('memberships.role')
      .where('auth_sessions.id', '=', id)
      .where('auth_sessions.expires_at', '>', now)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        workspaceId: row.workspace_id,
        csrfTokenHash: row.csrf_token_hash,
        createdAt: fromTime(row.created_at),
        expiresAt: fromTime(row.expires_at),
        lastSeenAt: fromTime(row.last_seen_at),
        role: role(row.role),
      }
    );
  }

  async touchSession(id: string, at: string): Promise<void> {
    const session = await this.db.updateTable('auth_sessions').set({ last_seen_at: at }).where('id', '=', id).returning(['workspace_id', 'user_id']).executeTakeFirst();
    if (session) await this.markActive(session.workspace_id, session.user_id, at);
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('id', '=', id).execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await this.db.deleteFrom('auth_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async insertInvite(invite: InviteRecord, audit?: AuditRecord): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('invites')
        .values({
          id: invite.id,
          workspace_id: invite.workspaceId,
          role: invite.role,
          email: invite.email,
          created_by: invite.createdBy,
          created_at: invite.createdAt,
          expires_at: invite.expiresAt,
          accepted_at: invite.acceptedAt,
          accepted_by: invite.acceptedBy,
        })
        .execute();
      if (audit) await insertAuditEntry(trx, audit);
    });
  }

  async getInvite(id: string): Promise<InviteRecord | undefined> {
    const row = await this.db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInvite(row);
  }

  async acceptInvite(input: {
    inviteId: string;
    email: string;
    at: string;
    newUser?: UserWithPassword;
    existingUserId?: string;
    audit?: (joined: UserRecord) => AuditRecord;
  }): Promise<InviteAcceptance> {
    return inTransaction(this.db, async (trx): Promise<InviteAcceptance> => {
      const row = await trx
        .selectFrom('invites')
        .selectAll()
        .where('id', '=', input.inviteId)
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!row || row.accepted_at !== null || fromTime(row.expires_at) <= input.at) return { ok: false, reason: 'invalid' };
      const invite = toInvite(row);
      if (invite.email !== null && invite.email !== input.email.toLowerCase()) return { ok: false, reason: 'email-mismatch' };
      let user: UserRecord;
      if (input.newUser) {
        await insertUser(trx, input.newUser);
        user = input.newUser;
      } else {
        const found = await trx
          .selectFrom('users')
          .select(['id', 'email', 'name', 'created_at'])
          .where('id', '=', input.existingUserId ?? '')
          .executeTakeFirst();
        if (!found) return { ok: false, reason: 'invalid' };
        user = toUser(found);
        const member = await trx
          .selectFrom('memberships')
          .select('role')
          .where('workspace_id', '=', invite.workspaceId)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (member) return { ok: false, reason: 'already-member' };
      }
      await trx.insertInto('memberships').values({ workspace_id: invite.workspaceId, user_id: user.id, role: invite.role, created_at: input.at }).execute();
      await trx.updateTable('invites').set({ accepted_at: input.at, accepted_by: user.id }).where('id', '=', invite.id).execute();
      if (input.audit) await insertAuditEntry(trx, input.audit(user));
      return { ok: true, user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt }, workspaceId: invite.workspaceId, role: invite.role };
    });
  }

  async insertApiKey(key: ApiKeyRecord, audit?: AuditRecord): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('api_keys')
        .values({
          id: key.id,
          workspace_id: key.workspaceId,
          name: key.name,
          prefix: key.prefix,
          key_hash: key.keyHash,
          scopes: toJson(key.scopes),
          created_by: key.createdBy,
          created_by_editor: key.creator === null ? null : toJson(key.creator),
          created_at: key.createdAt,
          last_used_at: key.lastUsedAt,
          expires_at: key.expiresAt,
          revoked_at: key.revokedAt,
        })
        .execute();
      if (audit) await insertAuditEntry(trx, audit);
    });
  }

  async listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .leftJoin('users', 'users.id', 'api_keys.created_by')
      .selectAll('api_keys')
      .select(['users.name as creator_name', 'users.email as creator_email'])
      .where('api_keys.workspace_id', '=', workspaceId)
      .orderBy('api_keys.created_at', 'desc')
      .orderBy('api_keys.id')
      .execute();
    return rows.map(toApiKey);
  }

  async getApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
    return row && toApiKey(row);
  }

  async touchApiKey(id: string, at: string, staleBefore: string): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
      .execute();
  }

  async revokeApiKey(workspaceId: string, id: string, at: string, audit?: AuditRecord): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const row = await trx.selectFrom('api_keys').select('revoked_at').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      if (!row) return false;
      if (row.revoked_at !== null) return true;
      const revoked = await trx.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (audit && Number(revoked.numUpdatedRows) > 0) await insertAuditEntry(trx, audit);
      return true;
    });
  }
}

async function insertUser(trx: Transaction<Database>, user: UserWithPassword): Promise<void> {
  await trx
    .insertInto('users')
    .values({ id: user.id, email: user.email.toLowerCase(), name: user.name, password_hash: user.passwordHash, created_at: user.createdAt })
    .execute();
}
