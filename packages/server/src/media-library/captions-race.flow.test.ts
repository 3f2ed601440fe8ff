import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaAssetInfo, TranscriptionResult } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMp4 } from '../test-support/media-fixtures.js';
import type { Transcriber } from '../ports/transcriber.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { libraryClient } from '../test-support/media-library-client.js';

/** A captions engine that answers only when the test lets it, so an owner's change can land while it works. */
function heldEngine() {
  let release: (result: TranscriptionResult) => void = () => undefined;
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  const transcriber: Transcriber = {
    engine: 'whisper',
    accuracyNote: null,
    check: async () => ({ ok: true }),
    transcribe: () => {
      started();
      return new Promise((resolve) => (release = resolve));
    },
  };
  return { transcriber, running, release: (result: TranscriptionResult) => release(result) };
}

describe.each(storageFactories)('captions and an owner’s poster change at once on $name', (factory) => {
  const engine = heldEngine();
  const t = useTestApp(factory, { transcriber: engine.transcriber });
  const lib = libraryClient(t);

  beforeAll(() => t.media.media.queue.start());

  it('keeps the new poster when the captions job finishes after it', async () => {
    const mp4 = await makeMp4(join(t.media.dir, 'prompt.mp4'), { seconds: 3, size: '320x240' });
    const id = await lib.upload('Prompt', await readFile(mp4));
    const ready = await lib.until(id, (a) => a.status === 'ready', 'ready');
    expect(ready.captions.status).toBe('queued');
    // The captions job has read the asset and is transcribing; meanwhile the owner picks another frame.
    await engine.running;
    const res = await t.request('PATCH', `/api/v1/media-assets/${id}`, { owner: true, body: { posterAtSeconds: 2 } });
    expect(res.status, await res.clone().text()).toBe(200);
    const poster = ((await res.json()) as MediaAssetInfo).files.find((f) => f.rendition === 'poster')!.url;
    engine.release({ engine: 'whisper', model: 'held', language: 'en', durationSeconds: 3, segments: [{ start: 0, end: 1, text: 'hello' }], text: 'hello' });

    const captioned = await lib.captioned(id);
    expect(captioned.captions).toMatchObject({ status: 'ready', source: 'machine', segments: [{ text: 'hello' }] });
    expect(captioned.posterAtSeconds).toBe(2);
    expect(captioned.files.find((f) => f.rendition === 'poster')?.url).toBe(poster);
    expect(captioned.files.map((f) => f.rendition).sort()).toEqual(['captions', 'poster', 'video-1280', 'video-640']);
  }, 120_000);
});
