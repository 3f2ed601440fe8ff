import type { NullableTimeColumn, TimeColumn } from './schema.js';

/** The one row of `setup_codes` (migration 0016). */
export const SETUP_CODE_ID = 'first-run';

export interface SetupCodesTable {
  id: string;
  nonce: string;
  code_hash: string;
  created_at: TimeColumn;
  used_at: NullableTimeColumn;
}
