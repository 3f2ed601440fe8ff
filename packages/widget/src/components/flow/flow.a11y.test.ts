import axe from 'axe-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import { defineFakeRecorder } from '../../test-support/fake-recorder.js';
import { defineReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { askFlow, contactAnswer, npsAnswer, openAnswer, ratingAnswer, testFlow } from '../../test-support/flows.js';
import { enUploads, uploadText } from '../../upload/upload-status.js';

defineFakeRecorder();
defineReelbackFlow();

let api: FakeApi;

beforeAll(() => startWorker());

beforeEach(async () => {
  // Hover transitions would let axe measure a colour halfway between two states.
  await commands.emulateReducedMotion(true);
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('test', testFlow).install();
  // The fixtures' media do not exist: keep the browser from trying to play them.
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});

afterEach(async () => {
  await commands.emulateReducedMotion(false);
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
});

/** axe-core looks into open shadow roots, so this checks the player as a host page would show it. */
async function violations(): Promise<string[]> {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A host page as a customer would have it: its own landmark and top heading (page-level rules are the host's). */
function hostPage(flowId: string): HTMLElement {
  document.documentElement.lang = 'en';
  const main = document.createElement('main');
  const title = document.createElement('h1');
  title.textContent = 'Our product';
  main.append(title);
  const element = document.createElement('reelback-flow');
  element.loadRecorder = () => Promise.resolve({});
  element.loadUploads = () =>
    Promise.resolve({
      watchUploads: (listener) => {
        listener([{ clipId: 'clp_1', state: 'uploading', bytesSent: 1, bytesTotal: 2, message: 'Sending your video… 50 %' }]);
        return () => undefined;
      },
      resumePendingUploads: () => Promise.resolve(),
      uploadText,
      enUploads,
    });
  element.setAttribute('endpoint', api.endpoint);
  element.setAttribute('flow', flowId);
  main.append(element);
  document.body.append(main);
  return element;
}

describe('accessibility (axe-core)', () => {
  it('reports no violations on rating and NPS steps, before and after a failed send', async () => {
    for (const answer of [ratingAnswer, npsAnswer]) {
      api.publish(answer.type, askFlow(answer));
      const element = hostPage(answer.type);
      await expect.element(page.getByRole('radiogroup', { name: 'Your turn' })).toBeVisible();
      await expect.element(page.getByText('Sending your recording…')).toBeVisible();
      expect(await violations()).toEqual([]);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect.element(page.getByText('Please choose a score first.')).toBeVisible();
      expect(await violations()).toEqual([]);
      await page.getByText('3', { exact: true }).click();
      expect(await violations()).toEqual([]);
      element.closest('main')!.remove();
    }
  });

  it('reports no violations on a contact form with consent, with and without error messages', async () => {
    api.publish('contact', askFlow(contactAnswer));
    hostPage('contact');
    await expect.element(page.getByRole('textbox', { name: 'E-mail' })).toBeVisible();
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.element(page.getByText('Please fill this in.')).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  it('reports no violations on an open step: the kinds, typing (over the limit too) and the notice', async () => {
    api.publish('open', askFlow(openAnswer));
    const element = hostPage('open');
    await expect.element(page.getByRole('button', { name: 'Type your answer' })).toBeVisible();
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Type your answer' }).click();
    await page.getByRole('textbox', { name: 'Your answer' }).fill('Longer than twenty characters');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.element(page.getByText('Please shorten your answer', { exact: false })).toBeVisible();
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Choose another way to answer' }).click();
    await page.getByRole('button', { name: 'Record video' }).click();
    await expect.poll(() => element.shadowRoot!.querySelector('reelback-recorder')).not.toBeNull();
    element.shadowRoot!.querySelector('reelback-recorder')!.dispatchEvent(
      new CustomEvent('reelback-recorder-unavailable', { detail: { kind: 'video', message: 'No camera was found.' }, bubbles: true }),
    );
    await expect.element(page.getByRole('alert')).toHaveTextContent('No camera was found.');
    expect(await violations()).toEqual([]);
  });

  it('reports no violations while recording: the prompt video as a thumbnail, small and large', async () => {
    const base = askFlow(openAnswer);
    api.publish('thumb', { ...base, steps: base.steps.map((step) => (step.id === 'ask' ? { ...step, prompt: { ...step.prompt, video: { src: '/media/ask.mp4', captions: [] } } } : step)) });
    hostPage('thumb');
    await page.getByRole('button', { name: 'Record video' }).click();
    const resize = page.getByRole('button', { name: 'Larger video' });
    await expect.element(resize).toHaveAttribute('aria-pressed', 'false');
    expect(await violations()).toEqual([]);
    await resize.click();
    await expect.element(resize).toHaveAttribute('aria-pressed', 'true');
    expect(await violations()).toEqual([]);
  });

  it('reports no violations on a choice step, a call to action and an end screen', async () => {
    document.documentElement.lang = 'en';
    // A host page as a customer would have it: its own landmark and top heading (page-level rules are the host's).
    const main = document.createElement('main');
    const title = document.createElement('h1');
    title.textContent = 'Our product';
    main.append(title);
    const element = document.createElement('reelback-flow');
    element.setAttribute('endpoint', api.endpoint);
    element.setAttribute('flow', 'test');
    main.append(element);
    document.body.append(main);

    await expect.element(page.getByRole('heading', { name: 'Pick a path' })).toBeVisible();
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Path B' }).click();
    await expect.element(page.getByRole('heading', { name: 'Read the docs' })).toBeVisible();
    expect(await violations()).toEqual([]);

    vi.spyOn(window, 'open').mockReturnValue(null);
    await page.getByRole('button', { name: 'Open the docs' }).or(page.getByRole('link', { name: 'Open the docs' })).click();
    await expect.element(page.getByRole('heading', { name: 'Thanks, B' })).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});
