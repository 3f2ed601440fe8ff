import { describe, expect, it } from 'vitest';
import { FlowDefinition } from '@reelback/shared';
import { FakeMediaLibrary } from '../../test-support/fake-media-library.js';
import { choosePromptMedia, removePromptMedia, setImageAlt, setThemeAvatar } from './prompt-media-edits.js';

const library = new FakeMediaLibrary();
const video = library.add('Welcome', 'video');
const picture = library.add('Dashboard', 'image');
const busyPicture = library.add('Busy', 'image', { status: 'processing', files: [] });

const flow = (): FlowDefinition =>
  FlowDefinition.parse({
    name: 'Media',
    steps: [
      { id: 'hi', prompt: { title: 'Hi', video: { src: '/own.mp4', poster: '/own.jpg' } }, answer: { type: 'rating' }, next: 'end' },
      { id: 'end', prompt: { image: { src: '/own.jpg', alt: 'Our team' } }, answer: { type: 'end' } },
    ],
  });

describe('prompt media edits', () => {
  it('points a step at a library asset in place of its own video, and back to none', () => {
    const chosen = choosePromptMedia(flow(), 0, video);
    expect(chosen.steps[0]!.prompt).toEqual({ title: 'Hi', media: { assetId: video.id } });
    expect(FlowDefinition.safeParse(chosen).success).toBe(true);
    expect(removePromptMedia(chosen, 0).steps[0]!.prompt).toEqual({ title: 'Hi' });
    expect(removePromptMedia(flow(), 0)).toEqual(flow());
  });

  it('keeps a picture’s description, carried by the picture’s own URL, and edits it', () => {
    const chosen = choosePromptMedia(flow(), 1, picture);
    const large = picture.files.find((f) => f.rendition === 'image-1280')!.url;
    expect(chosen.steps[1]!.prompt).toEqual({ media: { assetId: picture.id }, image: { src: large, alt: 'Our team' } });
    expect(setImageAlt(chosen, 1, picture, 'The new dashboard').steps[1]!.prompt.image).toEqual({ src: large, alt: 'The new dashboard' });
    expect(setImageAlt(chosen, 1, picture, '').steps[1]!.prompt).toEqual({ media: { assetId: picture.id } });
    // A video drops the description; a picture not ready yet has no URL to carry one.
    expect(choosePromptMedia(flow(), 1, video).steps[1]!.prompt).toEqual({ media: { assetId: video.id } });
    expect(choosePromptMedia(flow(), 1, busyPicture).steps[1]!.prompt).toEqual({ media: { assetId: busyPicture.id } });
    // Only for the asset the step plays.
    expect(setImageAlt(chosen, 1, video, 'x')).toBe(chosen);
  });

  it('makes a picture the bubble’s avatar by its small rendition', () => {
    const themed = setThemeAvatar({ ...flow(), theme: { accent: '#0b7a3e' } }, picture);
    expect(themed.theme).toEqual({ accent: '#0b7a3e', avatar: picture.files.find((f) => f.rendition === 'image-640')!.url });
    expect(FlowDefinition.safeParse(themed).success).toBe(true);
  });
});
