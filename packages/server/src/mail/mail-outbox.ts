import { type MailDelivery, uuidv7 } from '@reelback/shared';
import * as z from 'zod';
import type { SecretBox } from '../backlog/secret-box.js';
import type { Logger } from '../ports/logger.js';
import type { Clock } from '../ports/clock.js';
import type { JobContext, JobQueue } from '../ports/job-queue.js';
import type { MailMessage, Mailer } from '../ports/mailer.js';
import type { MailDeliveryRecord, MailDeliveryStore, MailTopic } from '../ports/mail-delivery-store.js';

export const SEND_MAIL_QUEUE = 'send-mail';
/** With the queue's backoff (2 s doubling, up to 5 min) the last of 8 tries comes about 4 minutes after the first. */
export const DEFAULT_MAIL_ATTEMPTS = 8;
/**
 * Settled deliveries are kept this long, then swept when mail is next sent: longer than an invite is listed (7 days
 * valid, then 30 expired), so a listed invite with an address and no delivery is one made while the server sent no e-mail.
 */
const KEEP_SETTLED_MS = 40 * 24 * 60 * 60 * 1000;

const Payload = z.object({ deliveryId: z.string().min(1) });
const StoredMessage = z.object({ to: z.string(), subject: z.string(), text: z.string(), html: z.string() });

/** What the API says about a delivery. */
export function deliveryView(delivery: MailDeliveryRecord | undefined | null): MailDelivery | null {
  if (!delivery) return null;
  return { status: delivery.status, attempts: delivery.attempts, error: delivery.lastError, sentAt: delivery.sentAt };
}

export const NOT_CONFIGURED: MailDelivery = { status: 'not-configured', attempts: 0, error: null, sentAt: null };

export interface MailOutboxOptions {
  store: MailDeliveryStore;
  queue: JobQueue;
  /** null: the server sends no e-mail (no REELBACK_SMTP_URL); links are handed over by people. */
  mailer: Mailer | null;
  box: SecretBox;
  clock: Clock;
  logError: Logger;
  maxAttempts?: number;
}

/**
 * E-mail as a job: `send` records the delivery, seals the message (it carries a link worth an account) and queues
 * it, so the request that wanted the mail answers at once whatever the mail server does. The job tries the mailer,
 * retried with the queue's backoff; each try's outcome is written to the delivery (the members page shows it) and a
 * failure is logged with the mail server's reason.
 */
export class MailOutbox {
  private readonly maxAttempts: number;

  constructor(private readonly options: MailOutboxOptions) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAIL_ATTEMPTS;
  }

  get configured(): boolean {
    return this.options.mailer !== null;
  }

  /** Where mail goes, for the start-up log. */
  get description(): string {
    return this.options.mailer?.description ?? 'not configured';
  }

  /**
   * Queues `message`; the delivery as it stands (queued, or failed when it could not even be queued). `undefined`
   * when the server sends no e-mail. Never throws for the mail's sake.
   */
  async send(message: MailMessage, about: { workspaceId: string | null; topic: MailTopic; topicId: string | null }): Promise<MailDeliveryRecord | undefined> {
    if (!this.options.mailer) return undefined;
    const { store, queue, box, clock, logError } = this.options;
    const now = clock.now();
    const at = now.toISOString();
    const delivery: MailDeliveryRecord = {
      id: uuidv7(),
      ...about,
      recipient: message.to,
      subject: message.subject,
      status: 'queued',
      attempts: 0,
      lastError: null,
      createdAt: at,
      updatedAt: at,
      sentAt: null,
    };
    await store.insert(delivery, box.seal(JSON.stringify(message), sealContext(delivery.id)));
    try {
      await queue.enqueue(SEND_MAIL_QUEUE, { deliveryId: delivery.id }, { maxAttempts: this.maxAttempts });
    } catch (error) {
      const reason = `the e-mail could not be queued: ${error instanceof Error ? error.message : String(error)}`;
      await store.markFailedAttempt(delivery.id, { attempts: 0, error: reason, at, final: true });
      logError(`e-mail to ${message.to} (${about.topic}) not sent`, error);
      return { ...delivery, status: 'failed', lastError: reason };
    }
    void store.deleteSettledBefore(new Date(now.getTime() - KEEP_SETTLED_MS).toISOString()).catch((error: unknown) => logError('old e-mail deliveries could not be swept', error));
    return delivery;
  }

  /** The `send-mail` job: one try. Safe to run again: a sent or settled delivery is left alone. */
  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { store, mailer, box, clock, logError } = this.options;
    const { deliveryId } = Payload.parse(payload);
    const delivery = await store.get(deliveryId);
    if (!delivery || delivery.sealedMessage === null || delivery.status === 'sent' || delivery.status === 'failed') return;
    const settle = (error: string, final: boolean) =>
      store.markFailedAttempt(deliveryId, { attempts: context.attempt, error, at: clock.now().toISOString(), final });
    if (!mailer) {
      // Queued by a process that had SMTP settings this one lacks.
      await settle('this server has no SMTP settings (REELBACK_SMTP_URL)', true);
      return;
    }
    let message: MailMessage;
    try {
      message = StoredMessage.parse(JSON.parse(box.open(delivery.sealedMessage, sealContext(deliveryId))));
    } catch (error) {
      // Another secret key sealed it: no try can open it.
      await settle(error instanceof Error ? error.message : String(error), true);
      logError(`e-mail to ${delivery.recipient} (${delivery.topic}) cannot be sent`, error);
      return;
    }
    try {
      await mailer.send(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await settle(reason, context.isLastAttempt);
      logError(`e-mail to ${delivery.recipient} (${delivery.topic}) not delivered, try ${context.attempt} of ${this.maxAttempts}${context.isLastAttempt ? ': giving up' : ': will retry'}`, error);
      throw error;
    }
    await store.markSent(deliveryId, context.attempt, clock.now().toISOString());
  };
}

const sealContext = (deliveryId: string) => `mail-delivery:${deliveryId}`;
