import type { Kysely, Selectable } from 'kysely';
import * as z from 'zod';
import type { MailDeliveryRecord, MailDeliveryStore, MailTopic } from '../../ports/mail-delivery-store.js';
import type { IsoTime } from '../../ports/store-types.js';
import { fromNullableTime, fromTime } from './codec.js';
import type { Database, NullableTimeColumn, TimeColumn } from './schema.js';

interface MailDeliveriesTable {
  id: string;
  workspace_id: string | null;
  topic: string;
  topic_id: string | null;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sealed_message: string | null;
  created_at: TimeColumn;
  updated_at: TimeColumn;
  sent_at: NullableTimeColumn;
}

type Db = Kysely<Database & { mail_deliveries: MailDeliveriesTable }>;

const Topic = z.enum(['invite', 'password-reset']);
const Status = z.enum(['queued', 'retrying', 'sent', 'failed']);

const toDelivery = (row: Selectable<MailDeliveriesTable>): MailDeliveryRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  topic: Topic.parse(row.topic),
  topicId: row.topic_id,
  recipient: row.recipient,
  subject: row.subject,
  status: Status.parse(row.status),
  attempts: Number(row.attempts),
  lastError: row.last_error,
  createdAt: fromTime(row.created_at),
  updatedAt: fromTime(row.updated_at),
  sentAt: fromNullableTime(row.sent_at),
});

export class KyselyMailDeliveryStore implements MailDeliveryStore {
  private readonly db: Db;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<{ mail_deliveries: MailDeliveriesTable }>();
  }

  async insert(delivery: MailDeliveryRecord, sealedMessage: string): Promise<void> {
    await this.db
      .insertInto('mail_deliveries')
      .values({
        id: delivery.id,
        workspace_id: delivery.workspaceId,
        topic: delivery.topic,
        topic_id: delivery.topicId,
        recipient: delivery.recipient,
        subject: delivery.subject,
        status: delivery.status,
        attempts: delivery.attempts,
        last_error: delivery.lastError,
        sealed_message: sealedMessage,
        created_at: delivery.createdAt,
        updated_at: delivery.updatedAt,
        sent_at: delivery.sentAt,
      })
      .execute();
  }

  async get(id: string) {
    const row = await this.db.selectFrom('mail_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...toDelivery(row), sealedMessage: row.sealed_message };
  }

  async markSent(id: string, attempts: number, at: IsoTime): Promise<void> {
    await this.db
      .updateTable('mail_deliveries')
      .set({ status: 'sent', attempts, last_error: null, sealed_message: null, updated_at: at, sent_at: at })
      .where('id', '=', id)
      .execute();
  }

  async markFailedAttempt(id: string, { attempts, error, at, final }: { attempts: number; error: string; at: IsoTime; final: boolean }): Promise<void> {
    await this.db
      .updateTable('mail_deliveries')
      .set({ status: final ? 'failed' : 'retrying', attempts, last_error: error, updated_at: at, ...(final ? { sealed_message: null } : {}) })
      .where('id', '=', id)
      // A try that lost its lease may finish after another try sent the mail: "sent" stays.
      .where('status', '!=', 'sent')
      .execute();
  }

  async latestFor(topic: MailTopic, topicIds: readonly string[]): Promise<Map<string, MailDeliveryRecord>> {
    const latest = new Map<string, MailDeliveryRecord>();
    if (topicIds.length === 0) return latest;
    const rows = await this.db
      .selectFrom('mail_deliveries')
      .selectAll()
      .where('topic', '=', topic)
      .where('topic_id', 'in', [...topicIds])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) latest.set(row.topic_id!, toDelivery(row));
    return latest;
  }

  async deleteSettledBefore(before: IsoTime): Promise<number> {
    const result = await this.db
      .deleteFrom('mail_deliveries')
      .where('created_at', '<', before)
      .where('status', 'in', ['sent', 'failed'])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
