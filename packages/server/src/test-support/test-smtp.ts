import { createServer, type AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients, as the client gave them in RCPT TO. */
  to: string[];
  from: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  port: number;
  /** `smtp://user:pass@127.0.0.1:<port>`, for the mailer. */
  url: string;
  readonly received: ReceivedMail[];
  /** Resolves with the first message (already received or still to come) `match` accepts; fails after `timeoutMs` naming what did arrive. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export const SMTP_USER = 'reelback';
export const SMTP_PASSWORD = 'smtp-test-password';

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that requires AUTH PLAIN/LOGIN with `SMTP_USER`/`SMTP_PASSWORD`
 * and keeps each message parsed (mailparser). STARTTLS is off: smtp-server's bundled certificate has expired, and
 * this is a test on the loopback interface. `port` 0 picks a free one; pass a port to bring a "down" server up.
 */
export async function startTestSmtp(options: { port?: number; rejectRecipients?: RegExp } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.test(address.address)) {
        return callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', parsed });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = received.map((m) => `${m.to.join(',')}: ${m.parsed.subject ?? ''}`);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms; received ${seen.length ? seen.join(' | ') : 'none'}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (taken from the OS, then freed): a mail server that is down. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
