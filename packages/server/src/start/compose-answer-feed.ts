import type { ResolvedConfig } from '../config/admin-key.js';
import { PostgresAnswerFeed } from '../live/postgres-answer-feed.js';
import type { Teardown } from './teardown.js';

/**
 * On PostgreSQL the live answer feed crosses processes (LISTEN/NOTIFY): an inbox on a web process hears what a
 * worker or another web process stored. On SQLite there is one process, and the app keeps its own in-memory feed
 * (undefined here). Listening once this resolves; stopped by `teardown`.
 */
export async function composeAnswerFeed(config: ResolvedConfig, teardown: Teardown): Promise<PostgresAnswerFeed | undefined> {
  if (config.database.kind !== 'postgres') return undefined;
  const feed = new PostgresAnswerFeed({ url: config.database.url, logError: (message, error) => console.error(message, error) });
  // Added before starting: a start that fails half-way still has its publishing pool ended.
  teardown.add('the answer feed', () => feed.stop());
  await feed.start();
  return feed;
}
