import type { IsoTime } from './store-types.js';

export type MailTopic = 'invite' | 'password-reset';

/** queued: waiting for its first try; retrying: a try failed and another is due; sent: the mail server took it; failed: no more tries. */
export type MailDeliveryStatus = 'queued' | 'retrying' | 'sent' | 'failed';

export interface MailDeliveryRecord {
  id: string;
  /** The workspace it was sent for; null for a reset the person asked for themselves. */
  workspaceId: string | null;
  topic: MailTopic;
  /** The invite's or the reset link's id. */
  topicId: string | null;
  recipient: string;
  subject: string;
  status: MailDeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  sentAt: IsoTime | null;
}

/** The e-mails the server sends and how each went; a queued one keeps its content sealed until it is settled. */
export interface MailDeliveryStore {
  insert(delivery: MailDeliveryRecord, sealedMessage: string): Promise<void>;
  get(id: string): Promise<(MailDeliveryRecord & { sealedMessage: string | null }) | undefined>;
  /** Sent: the content is dropped. */
  markSent(id: string, attempts: number, at: IsoTime): Promise<void>;
  /** A failed try; `final` drops the content and says failed, else retrying. */
  markFailedAttempt(id: string, input: { attempts: number; error: string; at: IsoTime; final: boolean }): Promise<void>;
  /** The newest delivery of each of these topic ids. */
  latestFor(topic: MailTopic, topicIds: readonly string[]): Promise<Map<string, MailDeliveryRecord>>;
  /** Removes settled deliveries created before `before`; how many. */
  deleteSettledBefore(before: IsoTime): Promise<number>;
}
