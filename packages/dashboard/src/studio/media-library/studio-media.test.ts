import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { FlowDefinition, MediaAssetInfo } from '@reelback/shared';
import { violations } from '../../test-support/axe.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { FakeMediaLibrary } from '../../test-support/fake-media-library.js';
import { FakeStudio } from '../../test-support/fake-studio.js';
import { deep, unmountApp } from '../../test-support/mount.js';
import { eventually, inStudio, libraryRow, mapCards, openStudio } from '../../test-support/studio-page.js';

const MISSING = 'mda_gone000000000000000000';

const tour = (): FlowDefinition => ({
  name: 'Tour',
  steps: [
    { id: 'start', prompt: { title: 'Pick one', video: { src: '/own/intro.mp4', poster: '/own/intro.jpg', captions: [] } }, answer: { type: 'choice', options: [{ id: 'a', label: 'Go', next: 'wish' }] } },
    { id: 'wish', prompt: { title: 'Your wish' }, answer: { type: 'open', kinds: ['text'], maxDurationSeconds: 120, maxTextLength: 2000 }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let studio: FakeStudio;
let library: FakeMediaLibrary;
let welcome: MediaAssetInfo;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  studio = new FakeStudio().add('tour', tour(), 1).install();
  library = new FakeMediaLibrary().install();
  welcome = library.add('Welcome video', 'video');
  library.add('Team photo', 'image');
});
afterEach(() => unmountApp());

const urlOf = (asset: MediaAssetInfo, rendition: string) => asset.files.find((f) => f.rendition === rendition)!.url;
const inPanel = <E extends Element = HTMLElement>(app: Element, selector: string) => inStudio<E>(app, 'rb-step-panel', selector);
const savedPrompt = (index: number) => studio.puts.at(-1)?.definition.steps[index]?.prompt;
const publish = () => page.getByRole('button', { name: 'Publish' });
/** The prompt video the preview's widget plays (absolute: the widget resolves it against its endpoint). */
const previewVideo = (app: Element) => deep(app, 'rb-studio', 'rb-studio-page', 'rb-studio-preview', 'reelback-flow', 'reelback-prompt-video');
const previewTrack = (app: Element) => deep(app, 'rb-studio', 'rb-studio-page', 'rb-studio-preview', 'reelback-flow', 'reelback-prompt-video', 'track');
const path = (url: string | null | undefined) => (url ? new URL(url, location.href).pathname : url);

async function chooseFor(app: Element, stepTitle: string, assetName: string) {
  await userEvent.click(page.getByRole('button', { name: new RegExp(`Step \\d+: ${stepTitle}`) }));
  await userEvent.click(page.getByRole('button', { name: /^(Choose|Change) media…$/ }));
  await eventually(() => libraryRow(app, assetName)).toBeTruthy();
  await userEvent.click(page.getByRole('dialog').getByRole('button', { name: `Choose ${assetName}` }));
  await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
}

describe('library media in the studio', () => {
  it('picks an asset for a step by the keyboard: the step plays it, its card shows its poster, the preview plays it', async () => {
    const app = await openStudio('tour');
    const choose = inPanel<HTMLButtonElement>(app, '[data-action="choose-media"]')!;
    expect(choose.textContent!.trim()).toBe('Choose media…');
    choose.focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('dialog', { name: 'Media library' })).toBeVisible();
    await eventually(() => libraryRow(app, 'Welcome video')).toBeTruthy();
    libraryRow(app, 'Welcome video')!.querySelector<HTMLButtonElement>('[data-action="choose"]')!.focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();

    // The step points at the asset; its own video is gone (the URL fields stay, folded, for hosting a file).
    await eventually(() => savedPrompt(0)).toEqual({ title: 'Pick one', media: { assetId: welcome.id } });
    await expect.element(page.getByRole('status').filter({ hasText: 'Step 1 (“Pick one”) plays “Welcome video” from the library.' })).toBeInTheDocument();
    const panel = inStudio(app, 'rb-step-panel')!;
    expect(panel.shadowRoot!.activeElement?.textContent?.trim()).toBe('Change media…');
    expect(inPanel(app, '.media')!.textContent).toMatch(/Welcome video\s+Video · 0:08\s+Ready/);
    expect(inPanel(app, '.media img')!.getAttribute('src')).toBe(urlOf(welcome, 'poster'));
    expect(inPanel(app, 'details')!.textContent).toContain('Remove it to play a file hosted elsewhere.');
    expect(mapCards(app)[0]!.querySelector('img')!.getAttribute('src')).toBe(urlOf(welcome, 'poster'));
    await eventually(() => path(previewVideo(app)?.getAttribute('src'))).toBe(urlOf(welcome, 'video-1280'));
    expect(path(previewVideo(app)!.getAttribute('poster'))).toBe(urlOf(welcome, 'poster'));
    expect(await violations()).toEqual([]);

    // Remove: no library media; the hand-written fields are back under "Advanced".
    await userEvent.click(page.getByRole('button', { name: 'Remove media' }));
    await eventually(() => savedPrompt(0)).toEqual({ title: 'Pick one' });
    await userEvent.click(page.getByText('Advanced: host the file yourself'));
    await expect.element(page.getByLabelText('Video URL')).toBeVisible();
  });

  it('lists steps whose media is missing or not ready among the problems, pinned on their cards; Publish waits', async () => {
    const busy = library.add('Fresh upload', 'video', { status: 'processing', files: [] });
    studio.add('media', {
      ...tour(),
      steps: tour().steps.map((s, i) => (i === 0 ? { ...s, prompt: { title: 'Pick one', media: { assetId: MISSING } } } : i === 1 ? { ...s, prompt: { title: 'Your wish', media: { assetId: busy.id } } } : s)),
    });
    const app = await openStudio('media');
    await eventually(() => inStudio(app, '.problems h2')?.textContent).toBe('Problems (2)');
    const listed = inStudio(app, '.problems ul')!.textContent!;
    expect(listed).toContain(`step "start": media ${MISSING} is not in this workspace's library`);
    expect(listed).toContain(`step "wish": media "Fresh upload" (${busy.id}) is processing`);
    expect(mapCards(app)[0]!.querySelector('.pins')!.textContent).toContain('not in this workspace');
    expect(mapCards(app)[1]!.querySelector('.pins')!.textContent).toContain('is processing');
    await expect.element(publish()).toBeDisabled();
    expect(inPanel(app, '.media')!.textContent).toContain('Not in the library any more: choose another.');

    // The processing asset becomes ready: its problem goes, the preview can play it.
    library.finish(busy.id);
    await eventually(() => inStudio(app, '.problems h2')?.textContent, 10_000).toBe('Problems (1)');
    await chooseFor(app, 'Pick one', 'Welcome video');
    await eventually(() => inStudio(app, '.problems h2')?.textContent).toBe('No problems');
    await expect.element(publish()).toBeEnabled();
    expect(await violations()).toEqual([]);
  });

  it('describes a library picture for people who cannot see it', async () => {
    const app = await openStudio('tour');
    await chooseFor(app, 'Your wish', 'Team photo');
    const alt = page.getByLabelText('Describe the picture');
    await expect.element(alt).toBeVisible();
    await userEvent.type(alt, 'Our team at the office');
    const photo = [...library.assets.values()].find((a) => a.name === 'Team photo')!;
    await eventually(() => savedPrompt(1)).toEqual({ title: 'Your wish', media: { assetId: photo.id }, image: { src: urlOf(photo, 'image-1280'), alt: 'Our team at the office' } });
    expect(mapCards(app)[1]!.querySelector('img')!.getAttribute('src')).toBe(urlOf(photo, 'image-640'));
  });

  it('chooses a video’s poster frame with the scrubber; the new poster shows in the library, the step and the preview', async () => {
    const app = await openStudio('tour');
    await chooseFor(app, 'Pick one', 'Welcome video');
    await userEvent.click(page.getByRole('button', { name: 'Change media…' }));
    await eventually(() => libraryRow(app, 'Welcome video')).toBeTruthy();
    await userEvent.click(page.getByRole('dialog').getByRole('button', { name: 'Edit… Welcome video' }));
    const scrubber = page.getByRole('slider', { name: 'Frame at' });
    await expect.element(scrubber).toHaveValue('1');
    (scrubber.element() as HTMLInputElement).focus();
    await userEvent.keyboard('{Home}{ArrowRight}{ArrowRight}{ArrowRight}');
    await expect.element(scrubber).toHaveAttribute('aria-valuetext', '0.3 s of 8.4 s');
    await userEvent.click(page.getByRole('button', { name: 'Use this frame as the poster' }));
    await expect.element(page.getByText('The poster is now the frame at 0.3 s.')).toBeVisible();
    expect(library.calls).toContain(`PATCH ${welcome.id} {"posterAtSeconds":0.3}`);
    const poster = urlOf(library.assets.get(welcome.id)!, 'poster');
    expect(poster).not.toBe(urlOf(welcome, 'poster'));
    await expect.element(page.getByRole('img', { name: 'The poster now, from 0.3 s' })).toHaveAttribute('src', poster);
    expect(await violations()).toEqual([]);
    await userEvent.keyboard('{Escape}');
    await eventually(() => mapCards(app)[0]!.querySelector('img')!.getAttribute('src')).toBe(poster);
    await eventually(() => path(previewVideo(app)?.getAttribute('poster'))).toBe(poster);
  });

  it('edits the machine’s captions or takes a file; the preview shows the new ones', async () => {
    library.set(welcome.id, library.withCaptions(welcome, [{ start: 0, end: 2, text: 'Welcome to acme bored' }], 'machine'));
    const app = await openStudio('tour');
    await chooseFor(app, 'Pick one', 'Welcome video');
    const machine = library.assets.get(welcome.id)!.captions.url!;
    await eventually(() => path(previewTrack(app)?.getAttribute('src'))).toBe(machine);

    await userEvent.click(page.getByRole('button', { name: 'Change media…' }));
    await eventually(() => libraryRow(app, 'Welcome video')).toBeTruthy();
    await userEvent.click(page.getByRole('dialog').getByRole('button', { name: 'Edit… Welcome video' }));
    await expect.element(page.getByText('Machine made')).toBeVisible();
    const text = page.getByLabelText('Cue 1 text');
    await expect.element(text).toHaveValue('Welcome to acme bored');
    await userEvent.fill(text, 'Welcome to Acme Boards');
    await userEvent.click(page.getByRole('button', { name: 'Add cue' }));
    await userEvent.fill(page.getByLabelText('Cue 2 text'), 'Pick one to start');
    await userEvent.click(page.getByRole('button', { name: 'Save captions' }));
    await expect.element(page.getByText('Captions saved.')).toBeVisible();
    await expect.element(page.getByText('Edited', { exact: true })).toBeVisible();
    const edited = library.assets.get(welcome.id)!.captions;
    expect(edited.segments).toEqual([
      { start: 0, end: 2, text: 'Welcome to Acme Boards' },
      { start: 2, end: 4, text: 'Pick one to start' },
    ]);
    expect(await violations()).toEqual([]);

    // A cue that ends before it starts: the server's words, nothing lost.
    await userEvent.fill(page.getByLabelText('Cue 2 end (s)'), '1');
    await userEvent.click(page.getByRole('button', { name: 'Save captions' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent('Not saved: Cue 2 ends (1 s) before it starts (2 s).');
    await expect.element(page.getByLabelText('Cue 2 end (s)')).toHaveValue(1);

    // A file instead: .vtt (a file that is not one is refused in the server's words).
    await userEvent.upload(page.getByLabelText('Or upload a .vtt or .srt file'), new File(['not captions'], 'notes.vtt'));
    await expect.element(page.getByRole('alert')).toHaveTextContent('Not saved: This is not a WebVTT file: missing WEBVTT file header.');
    await userEvent.upload(page.getByLabelText('Or upload a .vtt or .srt file'), new File(['1\n00:00:00,500 --> 00:00:03,000\nFrom the file\n'], 'cues.srt'));
    await expect.element(page.getByText('Captions from “cues.srt” saved.')).toBeVisible();
    await expect.element(page.getByLabelText('Cue 1 text')).toHaveValue('From the file');
    await userEvent.keyboard('{Escape}');
    const uploaded = library.assets.get(welcome.id)!.captions.url!;
    expect(uploaded).not.toBe(machine);
    await eventually(() => path(previewTrack(app)?.getAttribute('src'))).toBe(uploaded);
  });

  it('makes the bubble’s avatar from a frame of a prompt video', async () => {
    const app = await openStudio('tour');
    const button = inStudio<HTMLButtonElement>(app, 'rb-theme-panel', '[data-action="avatar-frame"]')!;
    button.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = page.getByRole('dialog', { name: 'Avatar from a prompt video' });
    await expect.element(dialog).toBeVisible();
    await eventually(() => libraryRow(app, 'Welcome video')).toBeTruthy();
    // Only videos have frames.
    expect(libraryRow(app, 'Team photo')!.querySelector('[data-action="choose"]')).toBeNull();
    await userEvent.click(dialog.getByRole('button', { name: 'Pick a frame… Welcome video' }));
    (dialog.getByRole('slider', { name: 'Frame at' }).element() as HTMLInputElement).focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await expect.element(dialog.getByRole('slider', { name: 'Frame at' })).toHaveAttribute('aria-valuetext', '1.2 s of 8.4 s');
    expect(await violations()).toEqual([]);
    await userEvent.click(dialog.getByRole('button', { name: 'Use this frame as the avatar' }));
    await expect.element(dialog).not.toBeInTheDocument();
    expect(library.calls).toContain(`frame ${welcome.id} 1.2`);
    const still = [...library.assets.values()].find((a) => a.name === 'Welcome video — frame at 1.2 s')!;
    await eventually(() => studio.puts.at(-1)?.definition.theme).toEqual({ avatar: urlOf(still, 'image-640') });
    await expect.element(page.getByRole('img', { name: 'The avatar now' })).toHaveAttribute('src', urlOf(still, 'image-640'));
    expect(inStudio(app, 'rb-theme-panel')!.shadowRoot!.activeElement).toBe(button);
  });

  it('records a prompt in the library dialog with the camera, and the take becomes the step’s media', { timeout: 60_000 }, async () => {
    const app = await openStudio('tour');
    await userEvent.click(page.getByRole('button', { name: /^(Choose|Change) media…$/ }));
    const dialog = page.getByRole('dialog', { name: 'Media library' });
    await expect.element(dialog).toBeVisible();
    // The recorder is slotted into the dialog (light DOM), so its controls are found from the page.
    await userEvent.click(page.getByRole('button', { name: 'Record with the camera or the screen…' }));
    // The recorder takes the button's place (its own chunk) with the fake camera live, and has the focus.
    await expect.element(page.getByRole('button', { name: 'Start recording', exact: true })).toBeEnabled();
    const recorder = deep(app, 'rb-studio', 'rb-studio-page', 'rb-media-library')!.querySelector('rb-prompt-recorder')!;
    expect(recorder.getAttribute('slot')).toBe('record');
    expect(await violations()).toEqual([]);

    await userEvent.click(page.getByRole('button', { name: 'Start recording', exact: true }));
    const elapsed = () => recorder.shadowRoot!.querySelector('.elapsed')?.textContent?.trim();
    await expect.poll(elapsed, { timeout: 10_000 }).toMatch(/0:0[1-9]/);
    await userEvent.click(page.getByRole('button', { name: 'Stop recording', exact: true }));
    await expect.element(page.getByRole('button', { name: 'Use this take', exact: true }), { timeout: 15_000 }).toBeVisible();
    await userEvent.fill(page.getByRole('textbox', { name: 'Name in the media library' }).element(), 'Camera hello');
    await userEvent.click(page.getByRole('button', { name: 'Use this take', exact: true }));

    // The take is uploaded as a library asset and listed first while it is processed; once ready it is chosen.
    await eventually(() => libraryRow(app, 'Camera hello')).toBeTruthy();
    expect(library.calls).toContain('ticket Camera hello');
    const take = [...library.assets.values()].find((a) => a.name === 'Camera hello')!;
    library.finish(take.id);
    await eventually(() => libraryRow(app, 'Camera hello')?.querySelector('[data-action="choose"]')).toBeTruthy();
    await userEvent.click(dialog.getByRole('button', { name: 'Choose Camera hello' }));
    await expect.element(dialog).not.toBeInTheDocument();
    await eventually(() => savedPrompt(0)?.media).toEqual({ assetId: take.id });
    // Closing the dialog took the recorder (and the camera) away.
    expect(deep(app, 'rb-studio', 'rb-studio-page', 'rb-media-library')?.querySelector('rb-prompt-recorder') ?? null).toBeNull();
  });
});
