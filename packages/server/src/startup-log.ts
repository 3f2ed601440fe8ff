import type { SetupState } from './accounts/setup.service.js';
import { displaySetupCode } from './accounts/setup-code.js';
import type { ProcessRole } from './config/process-role.js';

export interface StartupFacts {
  /** Where this process listens, as a URL (`http://localhost:8787`). */
  listening: string;
  /** REELBACK_PUBLIC_URL when set: where people reach the server, the base of the links printed. */
  publicUrl: string | null;
  /** Whether the demo flow is seeded (REELBACK_DEMO). */
  demo: boolean;
  setup: SetupState;
  /** Where the admin key is kept; absent when REELBACK_ADMIN_KEY gave it. */
  adminKeyFile?: string | undefined;
  /** REELBACK_ROLE; `all` when absent. */
  role?: ProcessRole;
}

/**
 * What the server says once it listens: where the dashboard, the demo and the API docs are, whether the first run's
 * setup is pending (with its one-time code: the person who started the server types it into the setup page, so
 * printing it is the point) and where the admin key is. Secrets are never printed, only where they are kept.
 */
export function startupLog(facts: StartupFacts): string[] {
  if (facts.role === 'worker') {
    return [
      'Reelback worker (REELBACK_ROLE=worker): runs the jobs — clip and prompt media, transcription, e-mail, webhooks — and serves no API',
      `  Health     ${facts.listening}/healthz and /readyz`,
    ];
  }
  const base = (facts.publicUrl ?? facts.listening).replace(/\/+$/, '');
  const lines = [
    facts.role === 'web' ? `Reelback web process (REELBACK_ROLE=web: jobs run in worker processes) listening on ${facts.listening}` : `Reelback listening on ${facts.listening}`,
    `  Dashboard  ${base}/app/`,
    ...(facts.demo ? [`  Demo       ${base}/demo/`] : []),
    `  API docs   ${base}/api/v1/docs`,
    facts.adminKeyFile
      ? `  Admin key  kept in ${facts.adminKeyFile} (for scripts and automation; not printed)`
      : '  Admin key  from REELBACK_ADMIN_KEY (not printed)',
  ];
  if (facts.setup.pending) {
    lines.push(
      '',
      'Setup is pending: no account exists yet. Open the setup page and enter this one-time setup code:',
      `  ${base}/app/setup`,
      `  Setup code: ${displaySetupCode(facts.setup.code)}`,
      'It stays valid until it is used (every start prints it again). Scripts can use POST /api/v1/auth/bootstrap with the admin key instead.',
    );
  }
  return lines;
}
