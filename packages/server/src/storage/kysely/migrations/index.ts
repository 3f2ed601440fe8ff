import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../schema.js';
import { initialMigration } from './0001-initial.js';
import { clipsAndJobsMigration } from './0002-clips-and-jobs.js';
import { transcriptsMigration } from './0003-transcripts.js';
import { accountsMigration } from './0004-accounts.js';
import { answersMigration } from './0005-answers.js';
import { backlogMigration } from './0006-backlog.js';
import { analyticsMigration } from './0008-analytics.js';
import { webhooksMigration } from './0009-webhooks.js';
import { webhookFanoutMigration } from './0010-webhook-fanout.js';
import { analyticsDaysMigration } from './0011-analytics-days.js';
import { webhookDispatchMigration } from './0012-webhook-dispatch.js';
import { sessionVarsMigration } from './0013-session-vars.js';
import { flowAuthoringMigration } from './0014-flow-authoring.js';
import { mediaLibraryMigration } from './0015-media-library.js';
import { setupCodeMigration } from './0016-setup-code.js';
import { apiKeysAndAuditMigration } from './0017-api-keys-and-audit.js';
import { teamAndMailMigration } from './0018-team-and-mail.js';
import { ssoMigration } from './0019-sso.js';
import { projectionsMigration } from './0022-projections.js';
import { sessionLocaleMigration } from './0023-session-locale.js';
import { analyticsFoldMigration } from './0024-analytics-fold.js';
import { rateLimitsMigration } from './0026-rate-limits.js';
import { answerAnalysesMigration } from './0028-answer-analyses.js';

/**
 * Migrations live in code (not read from a folder at run time) so they ship with the sources and tsx runs
 * them as they are. Names sort in the order they apply; never rename or edit one that has shipped.
 */
export function migrations(dialect: Dialect): MigrationProvider {
  const all: Record<string, Migration> = {
    '0001-initial': initialMigration(dialect),
    '0002-clips-and-jobs': clipsAndJobsMigration(dialect),
    '0003-transcripts': transcriptsMigration(dialect),
    '0004-accounts': accountsMigration(dialect),
    '0005-answers': answersMigration(dialect),
    '0006-backlog': backlogMigration(dialect),
    '0008-analytics': analyticsMigration(dialect),
    '0009-webhooks': webhooksMigration(dialect),
    '0010-webhook-fanout': webhookFanoutMigration(dialect),
    '0011-analytics-days': analyticsDaysMigration(dialect),
    '0012-webhook-dispatch': webhookDispatchMigration(dialect),
    '0013-session-vars': sessionVarsMigration(dialect),
    '0014-flow-authoring': flowAuthoringMigration(dialect),
    '0015-media-library': mediaLibraryMigration(dialect),
    '0016-setup-code': setupCodeMigration(dialect),
    '0017-api-keys-and-audit': apiKeysAndAuditMigration(dialect),
    '0018-team-and-mail': teamAndMailMigration(dialect),
    '0019-sso': ssoMigration(dialect),
    '0022-projections': projectionsMigration(dialect),
    '0023-session-locale': sessionLocaleMigration(dialect),
    '0024-analytics-fold': analyticsFoldMigration(dialect),
    '0026-rate-limits': rateLimitsMigration(dialect),
    '0028-answer-analyses': answerAnalysesMigration(dialect),
  };
  return { getMigrations: async () => all };
}
