import type { ResolvedConfig } from '../config/admin-key.js';
import { PostgresNotices } from '../live/postgres-notices.js';
import type { Teardown } from './teardown.js';

/**
 * On PostgreSQL live updates cross processes (LISTEN/NOTIFY, then the event log): an inbox or event stream on a web
 * process hears what a worker or another web process stored. On SQLite there is one process, and the app keeps its
 * in-process bus (undefined here). Listening once this resolves; stopped by `teardown`.
 */
export async function composeNotices(config: ResolvedConfig, teardown: Teardown): Promise<PostgresNotices | undefined> {
  if (config.database.kind !== 'postgres') return undefined;
  const notices = new PostgresNotices({ url: config.database.url, logError: (message, error) => console.error(message, error) });
  // Added before starting: a start that fails half-way still has its publishing pool ended.
  teardown.add('the notices', () => notices.stop());
  await notices.start();
  return notices;
}
