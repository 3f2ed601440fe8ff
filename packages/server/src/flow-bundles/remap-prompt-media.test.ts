import { FlowDefinition } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { firstUses, libraryFileLinks, remapPromptMedia } from './remap-prompt-media.js';

const A = 'mda_aaaaaaaaaaaaaaaaaaaaaa';
const B = 'mda_bbbbbbbbbbbbbbbbbbbbbb';
const avatar = `/api/v1/media/${A}/poster.${'1'.repeat(32)}.jpg`;

const definition = FlowDefinition.parse({
  name: 'Media',
  theme: { avatar },
  steps: [
    { id: 'one', prompt: { title: 'Uses A', media: { assetId: A } }, answer: { type: 'rating' }, next: 'two' },
    { id: 'two', prompt: { media: { assetId: B }, image: { src: '/kept.jpg', alt: 'kept' } }, answer: { type: 'rating' }, next: 'three' },
    { id: 'three', prompt: { title: 'Uses A again', media: { assetId: A } }, answer: { type: 'end' } },
  ],
});

describe('prompt media in bundles', () => {
  it('renames each step’s library media and leaves everything else as it was', () => {
    const renamed = remapPromptMedia(definition, new Map([[A, 'mda_new_a_0000000000000000']]));
    expect(renamed.steps.map((s) => s.prompt.media?.assetId)).toEqual(['mda_new_a_0000000000000000', B, 'mda_new_a_0000000000000000']);
    expect(renamed.steps[1]!.prompt).toEqual(definition.steps[1]!.prompt);
    expect(renamed.steps[0]!.prompt.title).toBe('Uses A');
    expect(renamed.theme).toEqual({ avatar });
    expect(definition.steps[0]!.prompt.media?.assetId).toBe(A);
  });

  it('names where each asset is first used, across definitions', () => {
    const uses = firstUses([
      { path: ['draft'], definition: { ...definition, steps: definition.steps.slice(1) } },
      { path: ['published'], definition },
    ]);
    expect([...uses]).toEqual([
      [B, ['draft', 'steps', 0, 'prompt', 'media', 'assetId']],
      [A, ['draft', 'steps', 1, 'prompt', 'media', 'assetId']],
    ]);
  });

  it('finds links to library files written as URLs, which an id map cannot carry', () => {
    expect(libraryFileLinks(definition)).toEqual([avatar]);
    expect(libraryFileLinks({ ...definition, theme: {} })).toEqual([]);
  });
});
