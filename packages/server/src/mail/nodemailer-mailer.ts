import { createTransport } from 'nodemailer';
import type { MailMessage, Mailer } from '../ports/mailer.js';

export interface SmtpSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start); REELBACK_SMTP_URL. */
  url: string;
  /** The From header, `Reelback <reelback@example.com>` or an address; REELBACK_MAIL_FROM. */
  from: string;
  /** Bounds on a stuck mail server, so a job fails and is retried rather than hanging (ms; defaults 10 s, 10 s, 30 s). */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** `smtp://host:port` of a connection URL, without its credentials. */
export function describeSmtpUrl(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587');
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}

/** Sends through one SMTP server with nodemailer (a connection per message: mail here is rare). */
export class NodemailerMailer implements Mailer {
  readonly description: string;
  private readonly transport;

  constructor(settings: SmtpSettings) {
    this.description = describeSmtpUrl(settings.url);
    this.transport = createTransport(
      {
        url: settings.url,
        connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
        greetingTimeout: settings.greetingTimeoutMs ?? 10_000,
        socketTimeout: settings.socketTimeoutMs ?? 30_000,
      },
      { from: settings.from },
    );
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html });
    } catch (error) {
      throw new Error(`${this.description}: ${smtpProblem(error)}`, { cause: error });
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** nodemailer's message, which names the refusal (`connect ECONNREFUSED …`, `Invalid login: 535 …`, the server's reply). */
function smtpProblem(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const response = (error as { response?: unknown }).response;
  return typeof response === 'string' && !error.message.includes(response) ? `${error.message} (${response})` : error.message;
}
