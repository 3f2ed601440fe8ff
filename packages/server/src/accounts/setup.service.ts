import { uuidv7 } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { SetupCodeRecord, SetupStore } from '../ports/setup-store.js';
import type { AccountStore, WorkspaceRecord } from '../ports/account-store.js';
import { type AccountsService, type NewSession, normaliseEmail } from './accounts.service.js';
import { hashPassword } from './passwords.js';
import { normaliseSetupCode, setupCodeFor } from './setup-code.js';
import { SetupAttempts } from './setup-attempts.js';
import { matchesHash, randomToken, sha256Hex } from './tokens.js';

export type SetupState = { pending: false } | { pending: true; code: string };

export interface SetupInput {
  code: string;
  workspaceName: string;
  email: string;
  name: string;
  password: string;
  timeZone?: string | undefined;
}

/**
 * The first run: while the server has no accounts, whoever can read its start-up log (the person who started it)
 * makes the first workspace and admin in the browser with a one-time code, instead of the admin key.
 */
export class SetupService {
  private readonly attempts: SetupAttempts;

  constructor(
    private readonly deps: {
      store: SetupStore;
      accountStore: AccountStore;
      accounts: AccountsService;
      /** The server's secret key: the code is derived from it, so the database alone never reveals it. */
      secretKey: Uint8Array;
      clock: Clock;
      attempts?: SetupAttempts;
    },
  ) {
    this.attempts = deps.attempts ?? new SetupAttempts();
  }

  /** Pending while no account exists (neither the setup nor the admin key's bootstrap has made one). */
  async pending(): Promise<boolean> {
    return (await this.deps.accountStore.countUsers()) === 0;
  }

  /**
   * At start: the code to print while setup is pending. The live code stays as it is across restarts (and is the
   * same in every process sharing the secret key); a new one is made only when there is none, or the one kept was
   * spent or made with another secret key.
   */
  async prepare(): Promise<SetupState> {
    if (!(await this.pending())) return { pending: false };
    let kept = await this.deps.store.getCode();
    for (let attempt = 0; attempt < 3; attempt++) {
      if (kept && kept.usedAt === null && this.codeOf(kept)) return { pending: true, code: this.codeOf(kept)! };
      const nonce = randomToken(16);
      const code = setupCodeFor(this.deps.secretKey, nonce);
      const fresh: SetupCodeRecord = { nonce, codeHash: sha256Hex(code), createdAt: this.deps.clock.now().toISOString(), usedAt: null };
      kept = await this.deps.store.putCode(fresh, kept?.nonce);
    }
    throw new Error('the setup code could not be settled: other server processes keep replacing it (do they share REELBACK_SECRET_KEY?)');
  }

  /** The code `record` was made from, when it was made with this server's secret key. */
  private codeOf(record: SetupCodeRecord): string | undefined {
    const code = setupCodeFor(this.deps.secretKey, record.nonce);
    return matchesHash(code, record.codeHash) ? code : undefined;
  }

  /**
   * Creates the first workspace and its admin with the setup code, and logs them in. A wrong code is counted
   * against the address like a failed login; none of the refusals changes anything.
   */
  async complete(input: SetupInput, clientAddress: string): Promise<NewSession> {
    const wait = await this.attempts.retryAfter(clientAddress);
    if (wait > 0) throw new SetupRefused(wait);
    const code = normaliseSetupCode(input.code);
    const kept = await this.deps.store.getCode();
    if (!kept || !matchesHash(code, kept.codeHash)) {
      if (!(await this.pending())) throw alreadySetUp();
      await this.attempts.failed(clientAddress);
      throw new ServiceError('forbidden', 'setup-code-wrong', 'code: this is not the setup code; copy it from the server\'s start-up log', [
        { path: ['code'], message: 'not the setup code' },
      ]);
    }
    if (kept.usedAt !== null) throw codeUsed();
    if (!(await this.pending())) throw alreadySetUp();
    const at = this.deps.clock.now().toISOString();
    const workspace: WorkspaceRecord = { id: uuidv7(), name: input.workspaceName, timeZone: input.timeZone ?? 'UTC', createdAt: at };
    const user = { id: uuidv7(), email: normaliseEmail(input.email), name: input.name, createdAt: at };
    const passwordHash = await hashPassword(input.password);
    const done = await this.deps.store.completeSetup({ codeHash: kept.codeHash, workspace, user: { ...user, passwordHash }, at });
    if (done === 'code-used') throw codeUsed();
    if (done === 'already-set-up') throw alreadySetUp();
    return this.deps.accounts.startSession(user, workspace.id, 'admin');
  }
}

/** Too many wrong codes from this address (or in all): try again in `retryAfterSeconds`. */
export class SetupRefused extends ServiceError {
  constructor(readonly retryAfterSeconds: number) {
    super('too-many', 'too-many-setup-attempts', `too many wrong setup codes; try again in ${retryAfterSeconds} s (or use the admin key's bootstrap)`);
  }
}

const codeUsed = () => new ServiceError('gone', 'setup-code-used', 'this setup code was used already: setup is done; log in, or ask an admin for an invite');
const alreadySetUp = () => new ServiceError('conflict', 'already-set-up', 'Reelback is set up already: log in, or ask an admin for an invite');
