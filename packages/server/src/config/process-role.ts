// REELBACK_ROLE: what this process does, so several processes on one PostgreSQL can split the work — web processes
// behind a load balancer, workers (media, transcription, webhooks) on machines of their own.

export type ProcessRole = 'all' | 'web' | 'worker';

export interface RoleDuties {
  /** Serves the API, the widget, the dashboard and uploads; seeds the demo and prints the setup code. */
  http: boolean;
  /** Runs the job queue's handlers (clip and prompt media, transcription, mail…) and the webhook fan-out and sends. */
  jobs: boolean;
}

export const ROLE_DUTIES: Record<ProcessRole, RoleDuties> = {
  all: { http: true, jobs: true },
  web: { http: true, jobs: false },
  worker: { http: false, jobs: true },
};

/** The role, and every problem with it: the split needs a database several processes share. */
export function parseProcessRole(env: Record<string, string | undefined>, databaseKind: 'sqlite' | 'postgres'): { role: ProcessRole; problems: string[] } {
  const raw = env.REELBACK_ROLE?.trim().toLowerCase() || 'all';
  if (raw !== 'all' && raw !== 'web' && raw !== 'worker') {
    return { role: 'all', problems: [`REELBACK_ROLE must be one of all, web, worker, got '${env.REELBACK_ROLE}'`] };
  }
  if (raw !== 'all' && databaseKind === 'sqlite') {
    return {
      role: raw,
      problems: [`REELBACK_ROLE=${raw} needs DATABASE_URL (PostgreSQL): web and worker processes share the database, which SQLite in one data folder cannot do`],
    };
  }
  return { role: raw, problems: [] };
}
