import type { AuditLog } from '../audit/audit-log.js';
import { SecretBox } from '../backlog/secret-box.js';
import type { Logger } from '../ports/logger.js';
import type { ApiRoute } from '../http/route.js';
import { MailOutbox, SEND_MAIL_QUEUE } from '../mail/mail-outbox.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Mailer } from '../ports/mailer.js';
import type { Storage } from '../ports/storage.js';
import type { AccountsService } from './accounts.service.js';
import { membersRoutes } from './members.routes.js';
import { MembersService } from './members.service.js';
import { type PasswordBudgets, passwordRoutes } from './password.routes.js';
import { PASSWORD_RESET_REQUEST_QUEUE, PasswordService } from './password.service.js';

export interface TeamDeps {
  storage: Pick<Storage, 'accounts' | 'team' | 'mailDeliveries'>;
  accounts: AccountsService;
  audit: AuditLog;
  queue: JobQueue;
  /** null: the server sends no e-mail; invite and reset links are handed over by people. */
  mailer: Mailer | null;
  /** Seals queued e-mails (their links are worth an account). */
  secretKey: Uint8Array;
  clock: Clock;
  publicUrl: string | null;
  logError: Logger;
  /** Tries per e-mail (8 by default). */
  mailAttempts?: number;
  passwordBudgets?: PasswordBudgets;
  /** Whether a user's workspace turned passwords off (single sign-on only): no reset links for them then. */
  passwordsOff?: (userId: string) => Promise<boolean>;
}

export interface Team {
  outbox: MailOutbox;
  members: MembersService;
  passwords: PasswordService;
  routes: ApiRoute[];
}

/** The team's services (members, invites, passwords), its mail, its two jobs (registered on the queue) and its routes. */
export function composeTeam(deps: TeamDeps): Team {
  const { storage, queue, clock, logError } = deps;
  const outbox = new MailOutbox({
    store: storage.mailDeliveries,
    queue,
    mailer: deps.mailer,
    box: new SecretBox(deps.secretKey),
    clock,
    logError,
    ...(deps.mailAttempts ? { maxAttempts: deps.mailAttempts } : {}),
  });
  const members = new MembersService({ accounts: storage.accounts, team: storage.team, deliveries: storage.mailDeliveries, outbox, accountsService: deps.accounts, audit: deps.audit, clock });
  const passwords = new PasswordService({
    accounts: storage.accounts,
    team: storage.team,
    outbox,
    queue,
    audit: deps.audit,
    clock,
    publicUrl: deps.publicUrl,
    logError,
    ...(deps.passwordsOff ? { passwordsOff: deps.passwordsOff } : {}),
  });
  queue.work(SEND_MAIL_QUEUE, outbox.handle, { concurrency: 2 });
  queue.work(PASSWORD_RESET_REQUEST_QUEUE, passwords.handleResetRequest, { concurrency: 1 });
  return {
    outbox,
    members,
    passwords,
    routes: [...membersRoutes(members, deps.accounts, passwords, deps.publicUrl), ...passwordRoutes(passwords, deps.passwordBudgets)],
  };
}
