import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Storage } from '../ports/storage.js';
import type { WithProjectionFold } from '../ports/projection-fold.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY } from '../test-support/test-app.js';
import { openTestMedia } from '../test-support/test-media.js';

describe.each(storageFactories)('unexpected errors on $name', (factory) => {
  it('are logged and answered with a generic 500 that leaks nothing', async () => {
    const { storage, dispose: disposeStorage } = await factory.open();
    const media = await openTestMedia(storage);
    const dispose = async () => {
      await media.dispose();
      await disposeStorage();
    };
    try {
      const broken: Storage & WithProjectionFold = {
        kind: storage.kind,
        sessions: storage.sessions,
        events: storage.events,
        clips: storage.clips,
        transcripts: storage.transcripts,
        answers: storage.answers,
        answerAnalyses: storage.answerAnalyses,
        backlog: storage.backlog,
        accounts: storage.accounts,
        sso: storage.sso,
        webhooks: storage.webhooks,
        analytics: storage.analytics,
        exports: storage.exports,
        mediaAssets: storage.mediaAssets,
        setup: storage.setup,
        audit: storage.audit,
        team: storage.team,
        mailDeliveries: storage.mailDeliveries,
        fold: storage.fold,
        migrate: () => storage.migrate(),
        health: () => storage.health(),
        close: () => storage.close(),
        flows: new Proxy(storage.flows, {
          get: (target, key) => (key === 'list' ? () => Promise.reject(new Error('disk on fire')) : Reflect.get(target, key)),
        }),
      };
      const logged: unknown[] = [];
      const { app } = createApp({ storage: broken, adminKey: ADMIN_KEY, logError: (_m, error) => logged.push(error), media: media.media });
      const res = await app.request('/api/v1/flows', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 'internal', message: 'something went wrong on our side; the error was logged' } });
      expect(logged).toEqual([new Error('disk on fire')]);
    } finally {
      await dispose();
    }
  });
});
