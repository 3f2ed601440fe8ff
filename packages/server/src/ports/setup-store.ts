import type { UserWithPassword, WorkspaceRecord } from './account-store.js';
import type { IsoTime } from './store-types.js';

/**
 * The one-time setup code of a server without accounts. Only what proves a code is kept: the nonce it is derived
 * from (with the server's secret key) and its SHA-256; never the code itself.
 */
export interface SetupCodeRecord {
  nonce: string;
  /** SHA-256 (hex) of the code in its normal form (16 characters, no dashes). */
  codeHash: string;
  createdAt: IsoTime;
  /** When the setup (or the admin key's bootstrap) made the first admin; the code is spent from then on. */
  usedAt: IsoTime | null;
}

/** What completing the setup did: `code-used` and `already-set-up` changed nothing. */
export type SetupCompletion = 'ok' | 'code-used' | 'already-set-up';

export interface SetupStore {
  getCode(): Promise<SetupCodeRecord | undefined>;
  /**
   * Keeps `record` as the code unless one is kept already; with `replacing`, only over the code of that nonce
   * (one made with another secret key, or spent). Answers the code kept afterwards: another process may have won.
   */
  putCode(record: SetupCodeRecord, replacing?: string): Promise<SetupCodeRecord>;
  /**
   * In one transaction: spends the live code whose hash is `codeHash` and creates the first workspace with its
   * first admin (as the bootstrap does, flows without a workspace joining it). Nothing changes unless both can.
   */
  completeSetup(input: { codeHash: string; workspace: WorkspaceRecord; user: UserWithPassword; at: IsoTime }): Promise<SetupCompletion>;
}
