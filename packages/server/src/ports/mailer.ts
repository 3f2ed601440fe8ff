/** One e-mail: a plain-text body and a simple HTML one saying the same. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Where e-mail leaves the server (SMTP by default). `send` resolves once the mail server accepted the message and
 * rejects with an error whose message says why it did not (refused connection, authentication, rejected recipient);
 * callers run it in a job, never inside a request.
 */
export interface Mailer {
  /** Where mail goes, for logs and the admin: `smtp://host:port`, never with credentials. */
  readonly description: string;
  send(message: MailMessage): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}
