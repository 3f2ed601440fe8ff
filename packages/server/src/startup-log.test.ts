import { describe, expect, it } from 'vitest';
import { startupLog } from './startup-log.js';

const CODE = 'ABCDEFGHJKMNPQRS';

describe('the start-up log', () => {
  it('names the dashboard, the demo, the API docs and where the admin key is kept, without the key', () => {
    const text = startupLog({ listening: 'http://localhost:8787', publicUrl: null, demo: true, setup: { pending: false }, adminKeyFile: '/srv/data/admin-key' }).join('\n');
    expect(text).toBe(
      [
        'Reelback listening on http://localhost:8787',
        '  Dashboard  http://localhost:8787/app/',
        '  Demo       http://localhost:8787/demo/',
        '  API docs   http://localhost:8787/api/v1/docs',
        '  Admin key  kept in /srv/data/admin-key (for scripts and automation; not printed)',
      ].join('\n'),
    );
  });

  it('prints the setup code and the setup page while setup is pending', () => {
    const lines = startupLog({ listening: 'http://localhost:8787', publicUrl: null, demo: true, setup: { pending: true, code: CODE }, adminKeyFile: '/srv/data/admin-key' });
    expect(lines.slice(5)).toEqual([
      '',
      'Setup is pending: no account exists yet. Open the setup page and enter this one-time setup code:',
      '  http://localhost:8787/app/setup',
      '  Setup code: ABCD-EFGH-JKMN-PQRS',
      'It stays valid until it is used (every start prints it again). Scripts can use POST /api/v1/auth/bootstrap with the admin key instead.',
    ]);
  });

  it('links to the public URL when one is set, leaves the demo out when it is off, and says the key came from the environment', () => {
    const text = startupLog({ listening: 'http://localhost:8787', publicUrl: 'https://feedback.acme.example/', demo: false, setup: { pending: true, code: CODE } }).join('\n');
    expect(text).toContain('Reelback listening on http://localhost:8787\n');
    expect(text).toContain('  Dashboard  https://feedback.acme.example/app/\n');
    expect(text).toContain('  https://feedback.acme.example/app/setup\n');
    expect(text).not.toContain('/demo/');
    expect(text).toContain('  Admin key  from REELBACK_ADMIN_KEY (not printed)');
  });

  it('says what a web process and a worker do; a worker names only its health checks', () => {
    const facts = { listening: 'http://10.0.0.5:8787', publicUrl: 'https://feedback.acme.example', demo: false, setup: { pending: false } as const };
    expect(startupLog({ ...facts, role: 'web' })[0]).toBe('Reelback web process (REELBACK_ROLE=web: jobs run in worker processes) listening on http://10.0.0.5:8787');
    expect(startupLog({ ...facts, role: 'web' })).toContain('  Dashboard  https://feedback.acme.example/app/');
    expect(startupLog({ ...facts, role: 'worker' })).toEqual([
      'Reelback worker (REELBACK_ROLE=worker): runs the jobs — clip and prompt media, transcription, e-mail, webhooks — and serves no API',
      '  Health     http://10.0.0.5:8787/healthz and /readyz',
    ]);
  });
});
