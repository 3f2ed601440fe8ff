import { describe, expect, it } from 'vitest';
import { FlowDefinition } from '../flow/flow.schema.js';
import type { MediaAssetFile, MediaAssetInfo } from './media-asset.schema.js';
import { promptMediaIds, resolvePromptMedia } from './resolve-prompt-media.js';

const VIDEO = 'mda_video00000000000000';
const AUDIO = 'mda_audio00000000000000';
const IMAGE = 'mda_image00000000000000';
const BUSY = 'mda_busy000000000000000';

const file = (rendition: MediaAssetFile['rendition'], url: string): MediaAssetFile => ({
  rendition,
  contentType: 'application/octet-stream',
  sizeBytes: 1,
  width: null,
  height: null,
  url,
});

function asset(id: string, kind: MediaAssetInfo['kind'], files: MediaAssetFile[], patch: Partial<MediaAssetInfo> = {}): MediaAssetInfo {
  return {
    id,
    name: `asset ${id}`,
    kind,
    status: 'ready',
    reason: null,
    sizeBytes: 1,
    durationSeconds: 1,
    width: null,
    height: null,
    posterAtSeconds: null,
    files,
    captions: { status: 'none', source: null, machineMade: false, engine: null, language: null, segments: [], machineSegments: null, url: null, error: null, updatedAt: null },
    createdAt: '2026-12-07T00:00:00.000Z',
    updatedAt: '2026-12-07T00:00:00.000Z',
    ...patch,
  };
}

const library = new Map<string, MediaAssetInfo>([
  [
    VIDEO,
    asset(VIDEO, 'video', [file('video-1280', '/m/v/1280.mp4'), file('video-640', '/m/v/640.mp4'), file('poster', '/m/v/poster.jpg'), file('captions', '/m/v/edited.vtt')], {
      captions: { status: 'ready', source: 'edited', machineMade: false, engine: 'whisper', language: 'de', segments: [], machineSegments: [], url: '/m/v/edited.vtt', error: null, updatedAt: null },
    }),
  ],
  [AUDIO, asset(AUDIO, 'audio', [file('audio', '/m/a/audio.m4a')])],
  [IMAGE, asset(IMAGE, 'image', [file('image-1280', '/m/i/1280.jpg'), file('image-640', '/m/i/640.jpg')])],
  [BUSY, asset(BUSY, 'video', [], { status: 'processing' })],
]);

const flow = (prompts: object[]) =>
  FlowDefinition.parse({
    name: 'Media',
    steps: prompts.map((prompt, i) => ({ id: `s${i}`, prompt, answer: i === prompts.length - 1 ? { type: 'end' } : { type: 'rating' }, next: i === prompts.length - 1 ? undefined : `s${i + 1}` })),
  });

describe('resolvePromptMedia', () => {
  it('gives a library video its renditions, poster and the captions to show, in place of what the step held', () => {
    const { definition, problems } = resolvePromptMedia(flow([{ title: 'Hi', media: { assetId: VIDEO }, video: { src: '/old.mp4' } }, {}]), (id) => library.get(id));
    expect(problems).toEqual([]);
    expect(definition.steps[0]!.prompt).toEqual({
      title: 'Hi',
      media: { assetId: VIDEO },
      video: { src: '/m/v/1280.mp4', small: '/m/v/640.mp4', poster: '/m/v/poster.jpg', captions: [{ src: '/m/v/edited.vtt', srclang: 'de', label: 'Deutsch' }] },
    });
  });

  it('plays audio in the prompt player and shows an image with the owner’s description kept', () => {
    const { definition } = resolvePromptMedia(flow([{ media: { assetId: AUDIO } }, { media: { assetId: IMAGE }, image: { src: '/x.jpg', alt: 'Our new dashboard' } }]), (id) => library.get(id));
    expect(definition.steps[0]!.prompt.video).toEqual({ src: '/m/a/audio.m4a', captions: [] });
    expect(definition.steps[1]!.prompt.image).toEqual({ src: '/m/i/1280.jpg', small: '/m/i/640.jpg', alt: 'Our new dashboard' });
    expect(definition.steps[1]!.prompt.video).toBeUndefined();
  });

  it('reports a missing or unready asset with its step and leaves that prompt without library media', () => {
    const { definition, problems } = resolvePromptMedia(flow([{ media: { assetId: 'mda_gone000000000000000' } }, { media: { assetId: BUSY } }]), (id) => library.get(id));
    expect(problems).toEqual([
      expect.objectContaining({ stepId: 's0', reason: 'missing', message: expect.stringContaining('not in this workspace') }),
      expect.objectContaining({ stepId: 's1', reason: 'not-ready', message: expect.stringContaining('is processing') }),
    ]);
    expect(definition.steps[0]!.prompt.video).toBeUndefined();
    expect(definition.steps[1]!.prompt.video).toBeUndefined();
  });

  it('lists each asset a definition uses once', () => {
    expect(promptMediaIds(flow([{ media: { assetId: VIDEO } }, { media: { assetId: VIDEO } }, { media: { assetId: AUDIO } }, {}]))).toEqual([VIDEO, AUDIO]);
  });
});

describe('the prompt schema', () => {
  it('refuses an asset id that is not the library’s and a prompt with both a video and an image', () => {
    expect(() => flow([{ media: { assetId: '../../etc/passwd' } }])).toThrow(/media asset id/);
    expect(() => flow([{ video: { src: '/a.mp4' }, image: { src: '/a.jpg' } }])).toThrow(/video or an image, not both/);
  });
});
