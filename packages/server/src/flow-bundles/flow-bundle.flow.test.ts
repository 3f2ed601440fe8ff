import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AuditEntryList,
  type EditableFlow,
  FlowBundleAsset,
  type FlowBundleImportResult,
  FlowBundleManifest,
  type MediaAssetInfo,
  type PublishedFlow,
  promptMediaIds,
  resolvePromptMedia,
} from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../test-support/media-fixtures.js';
import { libraryClient, spokenVideo } from '../test-support/media-library-client.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { PocketsphinxTranscriber } from '../transcription/pocketsphinx/pocketsphinx-transcriber.js';
import { untar } from '../test-support/tar.js';

const run = promisify(execFile);
const SENTENCE = 'welcome to acme boards';
const SPOKEN_AUDIO = 'please add a dark mode';

/**
 * The round trip: workspace A's flow with a video (machine captions an owner edited, a chosen poster frame), an
 * audio prompt (an owner's uploaded captions) and a picture is exported, and imported into workspace B, where it
 * becomes a new flow with new assets made the way uploads are; it publishes and its published read plays them.
 */
describe.each(storageFactories)('flow bundles on $name', (factory) => {
  const t = useTestApp(factory, { transcriber: new PocketsphinxTranscriber({ phrases: [SENTENCE, SPOKEN_AUDIO] }) });
  const lib = libraryClient(t);
  const sessions = ownerSessions(t);
  const flowId = uniqueFlowId('bundle');
  let adminA: Login;
  let managerA: Login;
  let adminB: Login;
  let ownerB: Login;
  const inA: Record<'video' | 'audio' | 'image', MediaAssetInfo> = {} as never;
  let bundle: Buffer;

  /** Polls one of `who`'s assets until `done` (90 s: ffmpeg and PocketSphinx share two cores with other work). */
  async function assetOf(who: Login, id: string, done: (asset: MediaAssetInfo) => boolean = () => true): Promise<MediaAssetInfo> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await sessions.expectStatus(sessions.as(who, 'GET', `/api/v1/media-assets/${id}`), 200);
      const asset = (await res.json()) as MediaAssetInfo;
      if (done(asset)) return asset;
      if (Date.now() > deadline) throw new Error(`asset ${id} never got there: ${JSON.stringify(asset, null, 1)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const exportAs = (who: Login, id: string) => sessions.as(who, 'GET', `/api/v1/flows/${id}/bundle`);
  const importAs = (who: Login, body: Buffer) =>
    t.reelback.app.request('/api/v1/flows/bundle', {
      method: 'POST',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/x-tar' },
      body: new Uint8Array(body),
    });

  beforeAll(async () => {
    await t.media.media.queue.start();
    adminA = await sessions.bootstrap('ada@example.org', 'A');
    managerA = await sessions.join(adminA, 'mo@example.org', 'manager');
    adminB = await sessions.newWorkspace(adminA, 'ada@example.org', 'B');
    ownerB = await sessions.join(adminB, 'olu@example.org', 'owner');

    // Workspace A's library (the admin key acts in A, the bootstrap workspace).
    const dir = t.media.dir;
    const video = await lib.upload('Welcome video', await readFile(await spokenVideo(dir, 'welcome', SENTENCE, '640x360')));
    const wav = join(dir, 'dark-mode.wav');
    await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, SPOKEN_AUDIO]);
    const audio = await lib.upload('Dark mode question', await readFile(wav));
    const image = await lib.upload('Dashboard screenshot', await readFile(await makePng(join(dir, 'shot.png'))));
    for (const id of [video, audio, image]) expect((await lib.settled(id)).status).toBe('ready');
    await lib.captioned(video);
    await lib.captioned(audio);
    const edit = await t.request('PUT', `/api/v1/media-assets/${video}/captions`, {
      owner: true,
      body: { segments: [{ start: 0, end: 1.2, text: 'Welcome to Acme Boards' }, { start: 1.2, end: 1.6, text: '(edited by Ada)' }] },
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    const upload = await t.request('PUT', `/api/v1/media-assets/${audio}/captions`, {
      owner: true,
      body: { format: 'vtt', text: 'WEBVTT\n\n00:00.000 --> 00:01.000\nPlease add a dark mode?\n' },
    });
    expect(upload.status, await upload.clone().text()).toBe(200);
    const poster = await t.request('PATCH', `/api/v1/media-assets/${video}`, { owner: true, body: { posterAtSeconds: 0.5 } });
    expect(poster.status, await poster.clone().text()).toBe(200);
    inA.video = await lib.get(video);
    inA.audio = await lib.get(audio);
    inA.image = await lib.get(image);

    const definition = {
      name: 'Onboarding feedback',
      variables: [{ name: 'plan', fallback: 'friend' }],
      theme: { accent: '#4f46e5', position: 'left' },
      steps: [
        { id: 'welcome', prompt: { title: 'Hi {{plan}}', media: { assetId: video } }, answer: { type: 'rating', scale: 5 }, next: 'ask' },
        { id: 'ask', prompt: { media: { assetId: audio } }, answer: { type: 'open', kinds: ['text'] }, next: 'look' },
        { id: 'look', prompt: { media: { assetId: image }, image: { src: '/placeholder.jpg', alt: 'The new dashboard' } }, answer: { type: 'choice', options: [{ id: 'yes', label: 'Yes' }] }, next: 'bye' },
        { id: 'bye', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
      ],
    };
    await sessions.expectStatus(sessions.as(adminA, 'POST', '/api/v1/flows', { id: flowId, definition }), 201);
    await sessions.expectStatus(sessions.as(adminA, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    // The draft moves on after publishing: the bundle carries both.
    await sessions.expectStatus(sessions.as(adminA, 'PUT', `/api/v1/flows/${flowId}`, { definition: { ...definition, steps: definition.steps.map((s) => (s.id === 'bye' ? { ...s, prompt: { title: 'Thank you!' } } : s)) } }), 200);

    const res = await sessions.expectStatus(exportAs(adminA, flowId), 200);
    bundle = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length'), 'Content-Length is the archive’s exact size').toBe(String(bundle.length));
  }, 300_000);

  it('exports the draft, the latest published version and each asset: its largest rendition, captions and poster time', async () => {
    const files = await untar(bundle);
    const manifest = FlowBundleManifest.parse(JSON.parse(files.get('manifest.json')!.toString()));
    expect(manifest).toMatchObject({ format: 'reelback.flow-bundle', formatVersion: 1, name: 'Onboarding feedback', source: { flowId }, exportedBy: { kind: 'user', label: 'ada@example.org' } });
    expect(manifest.draft.steps.at(-1)!.prompt.title).toBe('Thank you!');
    expect(manifest.published).toMatchObject({ version: 1, definition: { steps: expect.arrayContaining([expect.objectContaining({ id: 'bye', prompt: { title: 'Thanks' } })]) } });
    expect(manifest.draft.variables).toEqual([{ name: 'plan', fallback: 'friend', maxLength: 100 }]);
    expect(manifest.draft.theme).toEqual({ accent: '#4f46e5', position: 'left' });

    const described = (asset: MediaAssetInfo) => FlowBundleAsset.parse(JSON.parse(files.get(`assets/${asset.id}/asset.json`)!.toString()));
    const bytesOf = async (asset: MediaAssetInfo, rendition: string) => Buffer.from(await (await lib.fetchFile(asset.files.find((f) => f.rendition === rendition)!.url)).arrayBuffer());

    expect(described(inA.video)).toMatchObject({ kind: 'video', name: 'Welcome video', posterAtSeconds: 0.5, source: { file: 'source.mp4', contentType: 'video/mp4' } });
    expect(described(inA.video).captions).toMatchObject({ source: 'edited', engine: 'pocketsphinx', segments: [{ text: 'Welcome to Acme Boards' }, { text: '(edited by Ada)' }] });
    expect(described(inA.video).captions!.machineSegments!.map((s) => s.text).join(' ')).toBe(SENTENCE);
    expect(files.get(`assets/${inA.video.id}/source.mp4`)).toEqual(await bytesOf(inA.video, 'video-1280'));
    expect(files.get(`assets/${inA.video.id}/captions.vtt`)!.toString()).toContain('(edited by Ada)');

    expect(described(inA.audio)).toMatchObject({ kind: 'audio', source: { file: 'source.m4a' }, captions: { source: 'uploaded', segments: [{ text: 'Please add a dark mode?' }] } });
    expect(files.get(`assets/${inA.audio.id}/source.m4a`)).toEqual(await bytesOf(inA.audio, 'audio'));
    expect(described(inA.image)).toMatchObject({ kind: 'image', source: { file: 'source.jpg' }, captions: null });
    expect(files.get(`assets/${inA.image.id}/source.jpg`)).toEqual(await bytesOf(inA.image, 'image-1280'));
    expect([...files.keys()].sort()).toEqual(
      [
        'manifest.json',
        ...[inA.video, inA.audio, inA.image].flatMap((a) => [`assets/${a.id}/asset.json`, `assets/${a.id}/${described(a).source.file}`]),
        `assets/${inA.video.id}/captions.vtt`,
        `assets/${inA.audio.id}/captions.vtt`,
      ].sort(),
    );
  });

  it('lets a manager export; another workspace’s flow is a 404 like a missing one, and importing needs an owner', async () => {
    await sessions.expectStatus(exportAs(managerA, flowId), 200);
    const elsewhere = await sessions.expectStatus(exportAs(adminB, flowId), 404);
    const missing = await sessions.expectStatus(exportAs(adminB, 'no-such-flow'), 404);
    expect((await elsewhere.text()).replace(flowId, '<id>')).toBe((await missing.text()).replace('no-such-flow', '<id>'));
    await sessions.expectStatus(importAs(managerA, bundle), 403);
  });

  it('refuses (409) to export while a media asset the flow uses is not ready or is gone, naming the step', async () => {
    const ticket = await lib.ticket('Still uploading');
    const id = uniqueFlowId('unready');
    const definition = { name: 'Unready', steps: [{ id: 'start', prompt: { title: 'Hi' }, answer: { type: 'rating' }, next: 'wait' }, { id: 'wait', prompt: { media: { assetId: ticket.assetId } }, answer: { type: 'end' } }] };
    await sessions.expectStatus(sessions.as(adminA, 'POST', '/api/v1/flows', { id, definition }), 201);
    const unready = (await (await sessions.expectStatus(exportAs(adminA, id), 409)).json()) as { error: { code: string; message: string; issues: { path: unknown[]; message: string }[] } };
    expect(unready.error).toMatchObject({ code: 'bundle-media-unavailable', issues: [{ path: ['draft', 'steps', 1, 'prompt', 'media', 'assetId'] }] });
    expect(unready.error.message).toContain(`media "Still uploading" (${ticket.assetId}) is uploading; export once it is ready`);
    await sessions.expectStatus(sessions.as(adminA, 'DELETE', `/api/v1/media-assets/${ticket.assetId}`), 204);
    const gone = (await (await sessions.expectStatus(exportAs(adminA, id), 409)).json()) as { error: { message: string } };
    expect(gone.error.message).toContain(`media ${ticket.assetId} is not in this workspace's library`);
  });

  it('imports into another workspace as a new flow: new asset ids in the draft, nothing published, captions and poster kept', async () => {
    const res = await sessions.expectStatus(importAs(ownerB, bundle), 201);
    const result = (await res.json()) as FlowBundleImportResult;
    const { flow } = result;
    expect(res.headers.get('location')).toBe(`/api/v1/flows/${flow.id}`);
    expect(flow).toMatchObject({ name: 'Onboarding feedback', latestVersion: null, draftUpdatedBy: { label: 'olu@example.org' } });
    expect(flow.id).not.toBe(flowId);
    const ids = new Map(result.assets.map((a) => [a.bundleAssetId, a.assetId]));
    expect([...ids.keys()].sort()).toEqual([inA.video.id, inA.audio.id, inA.image.id].sort());
    for (const id of ids.values()) expect(Object.values(inA).map((a) => a.id)).not.toContain(id);
    expect(promptMediaIds(flow.draft)).toEqual([ids.get(inA.video.id), ids.get(inA.audio.id), ids.get(inA.image.id)]);
    expect(flow.draft.steps.at(-1)!.prompt.title).toBe('Thank you!');
    expect(flow.draft.theme).toEqual({ accent: '#4f46e5', position: 'left' });
    expect(result.bundlePublished).toMatchObject({ version: 1 });
    expect(promptMediaIds(result.bundlePublished!.definition)).toEqual(promptMediaIds(flow.draft));
    expect(result.notes[0]).toMatch(/^Not published: the bundle's published version 1 was not published here/);
    await sessions.expectStatus(sessions.as(ownerB, 'GET', `/api/v1/flows/${flow.id}/versions/1`), 404);

    // Made as uploads are: checked, converted, and the owner's captions kept (the engine never replaces them).
    const video = await assetOf(ownerB, ids.get(inA.video.id)!, (a) => a.status !== 'uploading' && a.status !== 'processing');
    expect(video).toMatchObject({ status: 'ready', kind: 'video', name: 'Welcome video', posterAtSeconds: 0.5, width: 640, height: 360 });
    expect(video.files.map((f) => f.rendition).sort()).toEqual(['captions', 'poster', 'video-1280', 'video-640']);
    expect(video.captions).toMatchObject({ status: 'ready', source: 'edited', machineMade: false, segments: inA.video.captions.segments, machineSegments: inA.video.captions.machineSegments });
    expect(await (await lib.fetchFile(video.captions.url!)).text()).toContain('(edited by Ada)');
    const audio = await assetOf(ownerB, ids.get(inA.audio.id)!, (a) => a.status !== 'uploading' && a.status !== 'processing');
    expect(audio).toMatchObject({ status: 'ready', kind: 'audio', captions: { status: 'ready', source: 'uploaded', segments: [{ text: 'Please add a dark mode?' }] } });
    const image = await assetOf(ownerB, ids.get(inA.image.id)!, (a) => a.status !== 'uploading' && a.status !== 'processing');
    expect(image).toMatchObject({ status: 'ready', kind: 'image', captions: { status: 'none' } });

    // A's library is as it was; B's has the three new assets only.
    const listB = (await (await sessions.as(adminB, 'GET', '/api/v1/media-assets')).json()) as { assets: MediaAssetInfo[] };
    expect(listB.assets.map((a) => a.id).sort()).toEqual([...ids.values()].sort());
    const listA = (await (await sessions.as(adminA, 'GET', '/api/v1/media-assets')).json()) as { assets: MediaAssetInfo[] };
    expect(listA.assets.map((a) => a.id).sort()).toEqual(Object.values(inA).map((a) => a.id).sort());

    // It publishes, and the published read plays B's assets.
    await sessions.expectStatus(sessions.as(ownerB, 'POST', `/api/v1/flows/${flow.id}/versions`), 201);
    const published = (await (await t.request('GET', `/api/v1/flows/${flow.id}/published`)).json()) as PublishedFlow;
    expect(promptMediaIds(published.definition)).toEqual(promptMediaIds(flow.draft));
    // The read resolves each step's media from B's library, as the studio's preview would.
    const library = new Map([video, audio, image].map((a) => [a.id, a]));
    const expected = resolvePromptMedia({ ...published.definition, steps: flow.draft.steps }, (id) => library.get(id));
    expect(expected.problems).toEqual([]);
    expect(published.definition.steps.map((s) => s.prompt)).toEqual(expected.definition.steps.map((s) => s.prompt));
    const urls = published.definition.steps.flatMap((s) => [s.prompt.video?.src, s.prompt.video?.poster, s.prompt.image?.src, ...(s.prompt.video?.captions ?? []).map((c) => c.src)]);
    const playable = urls.filter((u): u is string => u !== undefined);
    expect(playable.length, "video, poster and captions; audio and captions; picture").toBe(6);
    for (const url of playable) {
      expect(url).toMatch(new RegExp(`^/api/v1/media/(${[...ids.values()].join('|')})/`));
      const file = await lib.fetchFile(url);
      expect(file.status, url).toBe(200);
    }
    expect(published.definition.steps[2]!.prompt.image).toMatchObject({ alt: 'The new dashboard' });

    // Its flow list: the import, under its own name (B had none by that name).
    const flows = (await (await sessions.as(adminB, 'GET', '/api/v1/flows')).json()) as { flows: EditableFlow[] };
    expect(flows.flows.map((f) => f.name)).toEqual(['Onboarding feedback']);

    // B's audit log says who imported what; A's says nothing of it.
    const auditOf = async (who: Login) => AuditEntryList.parse(await (await sessions.expectStatus(sessions.as(who, 'GET', '/api/v1/workspace/audit-log?action=flow.imported'), 200)).json()).entries;
    expect((await auditOf(adminB)).map((e) => [e.actor.label, e.target, e.detail])).toEqual([
      ['olu@example.org', { type: 'flow', id: flow.id, label: 'Onboarding feedback' }, { bundleName: 'Onboarding feedback', assets: 3, bundlePublishedVersion: 1 }],
    ]);
    expect(await auditOf(adminA)).toEqual([]);
  }, 240_000);
});
