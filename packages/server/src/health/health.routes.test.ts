import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, useTestApp } from '../test-support/test-app.js';
import { openTestMedia } from '../test-support/test-media.js';
import { PocketsphinxTranscriber } from '../transcription/pocketsphinx/pocketsphinx-transcriber.js';

describe.each(storageFactories)('health on $name', (factory) => {
  const t = useTestApp(factory);

  it('answers /healthz and /readyz when migrated', async () => {
    const live = await t.request('GET', '/healthz');
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await t.request('GET', '/readyz');
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', transcription: { engine: null, ok: false, reason: 'transcription is off' } }]);
    expect(ready.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 with the reason before migrations ran, and after the database is gone', async () => {
    const fresh = await factory.open({ migrate: false });
    const media = await openTestMedia(fresh.storage);
    const { app } = createApp({ storage: fresh.storage, adminKey: ADMIN_KEY, media: media.media });
    try {
      const pending = await app.request('/readyz');
      expect([pending.status, await pending.json()]).toMatchObject([
        503,
        // Every migration, in order (later ones are added by later features).
        { status: 'unavailable', reason: expect.stringMatching(/^migrations not applied: 0001-initial, 0002-clips-and-jobs, 0003-transcripts, 0004-accounts, 0005-answers, 0006-backlog(, \d{4}-[a-z-]+)*$/) },
      ]);
      expect((await app.request('/healthz')).status).toBe(200);
    } finally {
      await media.dispose();
      await fresh.dispose();
    }
    const closed = await app.request('/readyz');
    expect(closed.status).toBe(503);
    expect((await closed.json()).reason).toMatch(/^database unreachable: /);
  });
});

describe('readiness says whether clips can be transcribed', () => {
  const t = useTestApp(storageFactories[0]!, {
    transcriber: new PocketsphinxTranscriber({ modelDir: '/nonexistent/pocketsphinx-model' }),
  });

  it('reports the engine and why it cannot run, while the API stays ready', async () => {
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body).toMatchObject({ status: 'ready', transcription: { engine: 'pocketsphinx', ok: false } });
    expect(body.transcription.reason).toMatch(/nonexistent/);
  });
});
