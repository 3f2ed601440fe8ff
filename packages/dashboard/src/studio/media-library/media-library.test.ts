import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { FlowDefinition } from '@reelback/shared';
import { violations } from '../../test-support/axe.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { FakeMediaLibrary } from '../../test-support/fake-media-library.js';
import { FakeStudio } from '../../test-support/fake-studio.js';
import { unmountApp } from '../../test-support/mount.js';
import { eventually, inLibrary, inStudio, libraryNames, libraryRow, openStudio } from '../../test-support/studio-page.js';
import type { RbMediaLibrary } from './media-library.component.js';

const tour = (): FlowDefinition => ({
  name: 'Tour',
  steps: [
    { id: 'start', prompt: { title: 'Pick one' }, answer: { type: 'choice', options: [{ id: 'a', label: 'Go' }] }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let library: FakeMediaLibrary;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  new FakeStudio().add('tour', tour(), 1).install();
  library = new FakeMediaLibrary().install();
});
afterEach(() => unmountApp());

const dialogOf = (app: Element) => inStudio<RbMediaLibrary>(app, 'rb-media-library')!;
const dialog = () => page.getByRole('dialog', { name: 'Media library' });

async function openLibrary() {
  const app = await openStudio('tour');
  await userEvent.click(page.getByRole('button', { name: 'Choose media…' }));
  await expect.element(dialog()).toBeVisible();
  return app;
}

describe('the media library dialog', () => {
  it('lists the library with pictures, kinds, lengths and states; finds by name as you type; pages', async () => {
    const welcome = library.add('Welcome video', 'video');
    library.add('Jingle', 'audio', { durationSeconds: 65 });
    library.add('Team photo', 'image');
    library.add('Letter', 'video', { status: 'rejected', kind: null, files: [], reason: 'the file is not a video, sound or picture in a supported format' });
    const app = await openLibrary();
    await eventually(() => libraryNames(app)).toEqual(['Letter', 'Team photo', 'Jingle', 'Welcome video']);
    const row = libraryRow(app, 'Welcome video')!;
    expect(row.querySelector('img')!.getAttribute('src')).toBe(welcome.files.find((f) => f.rendition === 'poster')!.url);
    expect(row.textContent).toMatch(/Video · 0:08\s+Ready/);
    expect(libraryRow(app, 'Jingle')!.textContent).toMatch(/Sound · 1:05/);
    expect(libraryRow(app, 'Team photo')!.querySelector('img')).not.toBeNull();
    const letter = libraryRow(app, 'Letter')!;
    expect(letter.textContent).toContain('Rejected: the file is not a video, sound or picture in a supported format');
    expect(letter.querySelector('[data-action="choose"]')).toBeNull();
    expect(await violations()).toEqual([]);

    // Typing pauses before the search runs: one request for the whole word.
    dialogOf(app).searchDelay = 200;
    await userEvent.type(inLibrary(app, '#library-search')!, 'WELC vid');
    await eventually(() => libraryNames(app)).toEqual(['Welcome video']);
    expect(library.calls.filter((c) => c.startsWith('list'))).toEqual(['list q= cursor=', 'list q=WELC vid cursor=']);
    await userEvent.clear(inLibrary(app, '#library-search')!);
    await userEvent.type(inLibrary(app, '#library-search')!, 'nothing like it');
    await expect.element(dialog().getByText('Nothing in the library is called “nothing like it”.')).toBeVisible();
  });

  it('pages with Load more', async () => {
    for (let i = 1; i <= 30; i++) library.add(`Clip ${i}`, 'video');
    const app = await openLibrary();
    await eventually(() => libraryNames(app).length).toBe(24);
    expect(libraryNames(app)[0]).toBe('Clip 30');
    await userEvent.click(dialog().getByRole('button', { name: 'Load more' }));
    await eventually(() => libraryNames(app).length).toBe(30);
    expect(libraryNames(app).at(-1)).toBe('Clip 1');
    expect(library.calls.filter((c) => c.startsWith('list'))).toEqual(['list q= cursor=', 'list q= cursor=24']);
    expect(inLibrary(app, '.drop > button')).toBeNull();
  });

  it('renames; deletes, showing the server’s refusal naming the versions that use an asset', async () => {
    const used = library.add('Welcome video', 'video');
    library.inUse.set(used.id, ['tour v1', 'tour v2']);
    library.add('Old take', 'video');
    const app = await openLibrary();
    await eventually(() => libraryNames(app)).toEqual(['Old take', 'Welcome video']);

    // Rename, by the keyboard: Edit…, the name, Enter; Back returns to the row.
    libraryRow(app, 'Old take')!.querySelector<HTMLButtonElement>('[data-action="edit"]')!.focus();
    await userEvent.keyboard('{Enter}');
    const name = inLibrary<HTMLInputElement>(app, 'rb-media-asset-editor', '#asset-name')!;
    await eventually(() => name.value).toBe('Old take');
    name.focus();
    await userEvent.keyboard('{Control>}a{/Control}Second take{Enter}');
    await expect.element(dialog().getByText('Renamed to “Second take”.')).toBeVisible();
    await userEvent.click(dialog().getByRole('button', { name: '← Back to the library' }));
    await eventually(() => libraryNames(app)).toEqual(['Second take', 'Welcome video']);
    expect(library.assets.get([...library.assets.keys()][1]!)!.name).toBe('Second take');

    await userEvent.click(dialog().getByRole('button', { name: 'Delete Welcome video' }));
    await userEvent.click(dialog().getByRole('group', { name: 'Delete Welcome video?' }).getByRole('button', { name: 'Delete' }));
    await expect
      .element(dialog().getByRole('alert'))
      .toHaveTextContent('“Welcome video” was not deleted: This asset is used by published flow versions tour v1, tour v2: publish versions without it first.');
    expect(libraryNames(app)).toEqual(['Second take', 'Welcome video']);

    await userEvent.click(dialog().getByRole('button', { name: 'Delete Second take' }));
    await userEvent.click(dialog().getByRole('group', { name: 'Delete Second take?' }).getByRole('button', { name: 'Delete' }));
    await eventually(() => libraryNames(app)).toEqual(['Welcome video']);
    expect(library.calls.filter((c) => c.startsWith('DELETE'))).toHaveLength(2);
    expect(await violations()).toEqual([]);
  });

  it('follows an asset being processed until it is ready, and stops looking once closed', async () => {
    const busy = library.add('Fresh upload', 'video', { status: 'processing', files: [] });
    library.add('Also busy', 'video', { status: 'uploading', kind: null, files: [] });
    const app = await openLibrary();
    await eventually(() => libraryRow(app, 'Fresh upload')?.textContent).toMatch(/Processing/);
    expect(dialogOf(app).watch.active).toBe(2);
    library.finish(busy.id);
    await eventually(() => libraryRow(app, 'Fresh upload')?.textContent).toMatch(/Video · 0:08\s+Ready/);
    expect(libraryRow(app, 'Fresh upload')!.querySelector('img')).not.toBeNull();
    expect(dialogOf(app).watch.active).toBe(1);

    await userEvent.keyboard('{Escape}');
    await expect.element(dialog()).not.toBeInTheDocument();
    expect(dialogOf(app).watch.active).toBe(0);
    // Focus is back on the button that opened it.
    expect(inStudio(app, 'rb-step-panel')!.shadowRoot!.activeElement?.textContent?.trim()).toBe('Choose media…');
  });

  it('takes what a recorder in its record slot added: listed first, followed until ready', async () => {
    library.add('Older', 'video');
    const app = await openLibrary();
    await eventually(() => libraryNames(app)).toEqual(['Older']);
    // A stand-in for <rb-prompt-recorder slot="record">: it shows beside Upload a file…, and tells what it uploaded.
    const recorder = document.createElement('button');
    recorder.slot = 'record';
    recorder.textContent = 'Record';
    dialogOf(app).append(recorder);
    await expect.element(page.getByRole('button', { name: 'Record', exact: true })).toBeVisible();
    const take = library.add('Take 1', 'video', { status: 'processing', files: [] });
    recorder.dispatchEvent(new CustomEvent('prompt-media-added', { detail: { asset: take }, bubbles: true, composed: true }));
    await eventually(() => libraryNames(app)).toEqual(['Take 1', 'Older']);
    library.finish(take.id);
    await eventually(() => libraryRow(app, 'Take 1')?.textContent).toMatch(/Ready/);
  });

  it('uploads from the button or a drop, with progress and Cancel, and says why a file is refused', async () => {
    const app = await openLibrary();
    const picker = inLibrary<HTMLInputElement>(app, '#library-file')!;
    await userEvent.upload(picker, new File([new Uint8Array(2000)], 'Intro take.mp4', { type: 'video/mp4' }));
    await eventually(() => libraryRow(app, 'Intro take.mp4')?.textContent).toMatch(/Processing/);
    await expect.element(dialog().getByRole('status')).toHaveTextContent('“Intro take.mp4” is uploaded; it is being processed.');
    const id = [...library.assets.values()].find((a) => a.name === 'Intro take.mp4')!.id;
    library.finish(id);
    await eventually(() => libraryRow(app, 'Intro take.mp4')?.textContent).toMatch(/Ready/);

    // A drop on the list.
    const drop = new DataTransfer();
    drop.items.add(new File([new Uint8Array(500)], 'Dropped.png', { type: 'image/png' }));
    inLibrary(app, '.drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    await eventually(() => libraryNames(app)[0]).toBe('Dropped.png');

    // Refused before a byte is sent.
    library.maxBytes = 1000;
    await userEvent.upload(picker, new File([new Uint8Array(3_000_000)], 'Huge.mov'));
    await expect.element(dialog().getByRole('alert')).toHaveTextContent('Not uploaded: The file is 3 MB, larger than the limit of 0 MB for prompt media.');
    await userEvent.click(dialog().getByRole('button', { name: 'Dismiss Huge.mov' }));
    await expect.element(dialog().getByRole('alert')).not.toBeInTheDocument();

    // Cancel while it is sending: the row goes, and so does the asset.
    library.maxBytes = 5_000_000;
    let release!: () => void;
    library.holdPatches = new Promise((resolve) => (release = resolve));
    await userEvent.upload(picker, new File([new Uint8Array(4000)], 'Wrong file.mp4'));
    await expect.element(dialog().getByRole('progressbar', { name: 'Uploading Wrong file.mp4' })).toBeVisible();
    expect(await violations()).toEqual([]);
    await userEvent.click(dialog().getByRole('button', { name: 'Cancel upload of Wrong file.mp4' }));
    release();
    await expect.element(dialog().getByRole('status')).toHaveTextContent('Upload of “Wrong file.mp4” cancelled.');
    await eventually(() => library.calls.filter((c) => c.startsWith('DELETE'))).toHaveLength(1);
    expect([...library.assets.values()].map((a) => a.name)).not.toContain('Wrong file.mp4');
    expect(libraryNames(app)).not.toContain('Wrong file.mp4');
  });
});
