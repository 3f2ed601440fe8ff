import { randomBytes } from 'node:crypto';
import { EditableFlow, type FlowDefinitionInput, PublishedFlow } from '@reelback/shared';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MediaAssetFileRecord, MediaAssetRecord } from '../ports/media-asset-store.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/**
 * Flow steps that play media from the workspace's library: the published read resolves each `prompt.media` to the
 * asset's files as they are now, in the flow's own workspace; saving refuses assets the workspace does not have
 * (another workspace's alike); unready or vanished assets are the draft's problems and publishing refuses them.
 */

const hash = () => randomBytes(16).toString('hex');
const newAssetId = () => `mda_${randomBytes(12).toString('hex')}`;

function file(assetId: string, rendition: MediaAssetFileRecord['rendition'], ext: string, contentType: string): MediaAssetFileRecord {
  return { rendition, key: `media-library/${assetId}/${rendition}.${hash()}.${ext}`, contentType, sizeBytes: 1000, width: null, height: null };
}

const videoFiles = (id: string) => [file(id, 'video-1280', 'mp4', 'video/mp4'), file(id, 'video-640', 'mp4', 'video/mp4'), file(id, 'poster', 'jpg', 'image/jpeg')];

/** Only the file name: the URL a file is served at is `/api/v1/media/<assetId>/<name>`. */
const urlOf = (assetId: string, record: MediaAssetFileRecord) => `/api/v1/media/${assetId}/${record.key.slice(record.key.lastIndexOf('/') + 1)}`;

/** Two steps: `intro` plays `assetId`, then the end. */
const mediaFlow = (assetId: string, name = 'Media flow'): FlowDefinitionInput => ({
  name,
  steps: [
    { id: 'intro', prompt: { title: 'Welcome', media: { assetId } }, answer: { type: 'choice', options: [{ id: 'go', label: 'Go', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

describe.each(storageFactories)('flows with library media on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);
  let ada: Login;
  /** Ada's second workspace: its assets are nothing to her first one. */
  let elsewhere: Login;

  beforeAll(async () => {
    ada = await s.bootstrap('ada@example.org');
    elsewhere = await s.newWorkspace(ada, 'ada@example.org', 'Elsewhere');
  });

  async function insertAsset(who: Login, patch: Partial<MediaAssetRecord> & { id?: string } = {}): Promise<MediaAssetRecord> {
    const id = patch.id ?? newAssetId();
    const at = new Date().toISOString();
    const record: MediaAssetRecord = {
      id,
      workspaceId: who.workspaceId,
      name: `Asset ${id.slice(-6)}`,
      kind: 'video',
      status: 'ready',
      reason: null,
      sizeBytes: 3000,
      durationSeconds: 4,
      width: 1280,
      height: 720,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      posterAtSeconds: 1,
      files: videoFiles(id),
      captions: { status: 'none', file: null, source: null, engine: null, model: null, language: null, segments: [], machineSegments: null, error: null, updatedAt: null },
      createdAt: at,
      updatedAt: at,
      ...patch,
    };
    await t.storage.mediaAssets.insert(record);
    return record;
  }

  async function json(res: Response | Promise<Response>, status: number): Promise<unknown> {
    const r = await res;
    const text = await r.text();
    expect(r.status, `${status} expected, got ${r.status}: ${text}`).toBe(status);
    return JSON.parse(text);
  }

  async function createFlow(definition: FlowDefinitionInput, who = ada): Promise<EditableFlow> {
    return EditableFlow.parse(await json(s.as(who, 'POST', '/api/v1/flows', { id: uniqueFlowId('media'), definition }), 201));
  }

  const publish = (id: string) => s.as(ada, 'POST', `/api/v1/flows/${id}/versions`);
  const readPublished = (id: string, query = '') => t.request('GET', `/api/v1/flows/${id}/published${query}`);
  const introOf = (flow: PublishedFlow) => flow.definition.steps.find((step) => step.id === 'intro')!.prompt;

  describe('the published read', () => {
    it("gives a step the asset's renditions and poster, then its edited captions and a new poster without publishing again", async () => {
      const asset = await insertAsset(ada);
      const flow = await createFlow(mediaFlow(asset.id));
      expect(flow.problems).toEqual([]);
      await json(publish(flow.id), 201);

      const first = await readPublished(flow.id);
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');
      const [large, small, poster] = asset.files as [MediaAssetFileRecord, MediaAssetFileRecord, MediaAssetFileRecord];
      expect(introOf(PublishedFlow.parse(await json(first, 200)))).toEqual({
        title: 'Welcome',
        media: { assetId: asset.id },
        video: { src: urlOf(asset.id, large), small: urlOf(asset.id, small), poster: urlOf(asset.id, poster), captions: [] },
      });

      // The owner writes captions and picks another frame; viewers get both at the next read, version unchanged.
      const captions = (await json(
        s.as(ada, 'PUT', `/api/v1/media-assets/${asset.id}/captions`, { segments: [{ start: 0, end: 2, text: 'Welcome to Acme' }] }),
        200,
      )) as { url: string };
      const newPoster = file(asset.id, 'poster', 'jpg', 'image/jpeg');
      await t.storage.mediaAssets.update(asset.id, { files: [large, small, newPoster], updatedAt: new Date().toISOString() });
      for (const query of ['', '?version=1']) {
        const again = await readPublished(flow.id, query);
        // A named version's read is short-lived too: what its media resolve to changes, the version does not.
        expect(again.headers.get('cache-control'), query).toBe('public, max-age=60');
        const published = PublishedFlow.parse(await json(again, 200));
        expect(published.version).toBe(1);
        expect(introOf(published).video).toEqual({
          src: urlOf(asset.id, large),
          small: urlOf(asset.id, small),
          poster: urlOf(asset.id, newPoster),
          captions: [{ src: captions.url, srclang: 'en', label: 'English' }],
        });
      }

      // The owner's read of the version keeps the reference as published.
      const stored = PublishedFlow.parse(await json(s.as(ada, 'GET', `/api/v1/flows/${flow.id}/versions/1`), 200));
      expect(introOf(stored)).toEqual({ title: 'Welcome', media: { assetId: asset.id } });
    });

    it("reads every asset of a flow in one query, in the flow's own workspace", async () => {
      const video = await insertAsset(ada);
      const image = await insertAsset(ada, { kind: 'image', files: [], width: 800, height: 600 });
      await t.storage.mediaAssets.update(image.id, {
        files: [file(image.id, 'image-1280', 'jpg', 'image/jpeg'), file(image.id, 'image-640', 'jpg', 'image/jpeg')],
        updatedAt: new Date().toISOString(),
      });
      const definition = mediaFlow(video.id);
      definition.steps.splice(1, 0, {
        id: 'shot',
        prompt: { title: 'The new board', media: { assetId: image.id }, image: { src: '/studio-placeholder.jpg', alt: 'A board with three columns' } },
        answer: { type: 'rating' },
        next: 'again',
      });
      definition.steps.splice(2, 0, { id: 'again', prompt: { title: 'Once more', media: { assetId: video.id } }, answer: { type: 'rating' }, next: 'end' });
      (definition.steps[0]!.answer as { options: { next: string }[] }).options[0]!.next = 'shot';
      const flow = await createFlow(definition);
      expect(flow.problems).toEqual([]);
      await json(publish(flow.id), 201);

      const getMany = vi.spyOn(t.storage.mediaAssets, 'getMany');
      try {
        const published = PublishedFlow.parse(await json(readPublished(flow.id), 200));
        expect(getMany).toHaveBeenCalledTimes(1);
        expect(getMany.mock.calls[0]![0]).toEqual({ workspaceId: ada.workspaceId });
        expect([...getMany.mock.calls[0]![1]].sort()).toEqual([video.id, image.id].sort());
        const shot = published.definition.steps.find((step) => step.id === 'shot')!.prompt;
        expect(shot.image).toEqual({ src: expect.stringMatching(/image-1280\.[0-9a-f]{32}\.jpg$/), small: expect.stringMatching(/image-640\./), alt: 'A board with three columns' });
        expect(published.definition.steps.find((step) => step.id === 'again')!.prompt.video?.src).toBe(introOf(published).video?.src);
      } finally {
        getMany.mockRestore();
      }
    });

    it('plays a step without its media when the asset vanished after publishing, and logs why', async () => {
      const asset = await insertAsset(ada);
      const flow = await createFlow(mediaFlow(asset.id));
      await json(publish(flow.id), 201);
      // The library refuses to delete an asset a version uses; a delete racing the publish is what this stands for.
      expect(await t.storage.mediaAssets.delete({ workspaceId: ada.workspaceId }, asset.id)).toBe(true);

      const published = PublishedFlow.parse(await json(readPublished(flow.id), 200));
      expect(introOf(published)).toEqual({ title: 'Welcome', media: { assetId: asset.id } });
      expect(t.logs).toContainEqual(
        `flow "${flow.id}" version 1: step "intro": media ${asset.id} is not in this workspace's library; the step plays without it`,
      );
    });
  });

  describe('saving a draft', () => {
    it("refuses an asset the workspace does not have, and another workspace's exactly alike; nothing is saved", async () => {
      const mine = await insertAsset(ada);
      const flow = await createFlow(mediaFlow(mine.id));
      const theirs = await insertAsset(elsewhere);
      const never = newAssetId();

      const bodies: string[] = [];
      for (const other of [never, theirs.id]) {
        const res = await s.as(ada, 'PUT', `/api/v1/flows/${flow.id}`, { definition: mediaFlow(other, 'Changed') });
        const body = (await json(res, 422)) as { error: { code: string; message: string; issues: { path: unknown[]; message: string; code: string }[] } };
        expect(body.error).toEqual({
          code: 'unknown-media-asset',
          message: `step "intro": media ${other} is not in this workspace's library`,
          issues: [{ path: ['definition', 'steps', 0, 'prompt', 'media', 'assetId'], message: `step "intro": media ${other} is not in this workspace's library`, code: 'media-missing' }],
        });
        bodies.push(JSON.stringify(body).replaceAll(other, '<id>'));
      }
      expect(bodies[1], 'another workspace’s asset must read like a missing one').toBe(bodies[0]);

      const kept = EditableFlow.parse(await json(s.as(ada, 'GET', `/api/v1/flows/${flow.id}`), 200));
      expect(kept).toMatchObject({ revision: 1, name: 'Media flow' });
      expect(kept.draft.steps[0]!.prompt.media).toEqual({ assetId: mine.id });

      // A flow that is not the caller's is a 404 before any asset is looked at, as for a flow that does not exist.
      const theirFlow = await createFlow(mediaFlow(theirs.id), elsewhere);
      for (const id of [theirFlow.id, 'no-such-flow']) {
        const res = await s.as(ada, 'PUT', `/api/v1/flows/${id}`, { definition: mediaFlow(never) });
        expect(((await json(res, 404)) as { error: { code: string } }).error.code, id).toBe('unknown-flow');
      }

      // Creating a flow checks the same.
      const created = await s.as(ada, 'POST', '/api/v1/flows', { definition: mediaFlow(theirs.id) });
      expect(((await json(created, 422)) as { error: { code: string } }).error.code).toBe('unknown-media-asset');
      // The other workspace uses its own.
      expect(theirFlow.problems).toEqual([]);
    });

    it('keeps saving a draft whose asset was deleted while only the draft used it, and lists it as a problem', async () => {
      const asset = await insertAsset(ada);
      const flow = await createFlow(mediaFlow(asset.id));
      expect((await s.as(ada, 'DELETE', `/api/v1/media-assets/${asset.id}`)).status).toBe(204);

      const missing = {
        code: 'media-missing',
        path: ['steps', 0, 'prompt', 'media', 'assetId'],
        message: `step "intro": media ${asset.id} is not in this workspace's library`,
      };
      expect(EditableFlow.parse(await json(s.as(ada, 'GET', `/api/v1/flows/${flow.id}`), 200)).problems).toEqual([missing]);
      const saved = EditableFlow.parse(await json(s.as(ada, 'PUT', `/api/v1/flows/${flow.id}`, { definition: mediaFlow(asset.id, 'Renamed') }), 200));
      expect(saved).toMatchObject({ revision: 2, name: 'Renamed', problems: [missing] });

      const refused = (await json(publish(flow.id), 422)) as { error: { code: string; issues: unknown[] } };
      expect(refused.error.code).toBe('invalid-flow');
      expect(refused.error.issues).toEqual([{ ...missing, path: ['draft', ...missing.path] }]);
    });
  });

  describe('publishing', () => {
    it('refuses while any asset is not ready, naming each step, asset and state; publishes once all are', async () => {
      const busy = await insertAsset(ada, { status: 'processing', files: [] });
      const failed = await insertAsset(ada, { status: 'failed', reason: 'ffmpeg gave up after 3 tries', files: [] });
      const definition = mediaFlow(busy.id, 'Two unready');
      definition.steps.splice(1, 0, { id: 'outro', prompt: { title: 'Bye', media: { assetId: failed.id } }, answer: { type: 'rating' }, next: 'end' });
      (definition.steps[0]!.answer as { options: { next: string }[] }).options[0]!.next = 'outro';
      const flow = await createFlow(definition);

      const problems = [
        { code: 'media-not-ready', path: ['steps', 0, 'prompt', 'media', 'assetId'], message: `step "intro": media "${busy.name}" (${busy.id}) is processing` },
        {
          code: 'media-not-ready',
          path: ['steps', 1, 'prompt', 'media', 'assetId'],
          message: `step "outro": media "${failed.name}" (${failed.id}) is failed: ffmpeg gave up after 3 tries`,
        },
      ];
      expect(flow.problems).toEqual(problems);
      const listed = (await json(s.as(ada, 'GET', '/api/v1/flows'), 200)) as { flows: EditableFlow[] };
      expect(listed.flows.find((f) => f.id === flow.id)?.problems).toEqual(problems);

      const refused = (await json(publish(flow.id), 422)) as { error: { code: string; message: string; issues: unknown[] } };
      expect(refused.error).toMatchObject({ code: 'invalid-flow', message: `the draft of "${flow.id}" has 2 problems: fix them before publishing` });
      expect(refused.error.issues).toEqual(problems.map((p) => ({ ...p, path: ['draft', ...p.path] })));
      expect(((await json(s.as(ada, 'GET', `/api/v1/flows/${flow.id}/versions`), 200)) as { versions: unknown[] }).versions).toEqual([]);
      expect((await readPublished(flow.id)).status).toBe(404);

      // Processing finishes (and the failed one is uploaded again): the draft has no problems and publishes.
      for (const asset of [busy, failed]) {
        await t.storage.mediaAssets.update(asset.id, { status: 'ready', reason: null, files: videoFiles(asset.id), updatedAt: new Date().toISOString() });
      }
      expect(EditableFlow.parse(await json(s.as(ada, 'GET', `/api/v1/flows/${flow.id}`), 200)).problems).toEqual([]);
      expect(PublishedFlow.parse(await json(publish(flow.id), 201)).version).toBe(1);
      expect(introOf(PublishedFlow.parse(await json(readPublished(flow.id), 200))).video?.src).toMatch(new RegExp(`^/api/v1/media/${busy.id}/video-1280\\.`));
    });
  });
});
