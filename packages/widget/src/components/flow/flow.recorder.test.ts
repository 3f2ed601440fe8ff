// The player with the real <reelback-recorder>, loaded by the default `loadRecorder` (Chromium's fake camera
// and microphone, see vitest.config.ts): the wiring the stand-in of flow.answers.test.ts cannot check.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { ReelbackRecorder } from '../recorder/recorder.component.js';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { askFlow, openAnswer } from '../../test-support/flows.js';
import type { FlowDefinition } from '@reelback/shared';

defineReelbackFlow();

let api: FakeApi;

beforeAll(() => startWorker());

beforeEach(() => {
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('f', askFlow(openAnswer)).install();
});

afterEach(() => {
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
});

describe('<reelback-flow> with the real recorder', () => {
  it('loads it on the first press, gives it the step, and goes back to the kinds when the viewer steps back', async () => {
    expect(customElements.get('reelback-recorder')).toBeUndefined();
    const element = document.createElement('reelback-flow');
    element.loadUploads = () => Promise.resolve(null);
    element.setAttribute('endpoint', api.endpoint);
    element.setAttribute('flow', 'f');
    document.body.append(element);
    await page.getByRole('button', { name: 'Record audio' }).click();
    await expect.poll(() => element.shadowRoot!.querySelector('reelback-recorder')).not.toBeNull();
    const recorder = element.shadowRoot!.querySelector('reelback-recorder') as ReelbackRecorder;
    expect(customElements.get('reelback-recorder')).toBeDefined();
    expect([recorder.kind, recorder.maxDurationSeconds, recorder.endpoint, recorder.sessionId, recorder.stepId]).toEqual([
      'audio',
      60,
      api.endpoint,
      element.sessionId,
      'ask',
    ]);
    // No ticket call from the player: the recorder's own, in its chunk (what a send needs loads with the recorder).
    expect(recorder.requestTicket).toBeUndefined();
    // Keyboard focus is inside the recorder, on one of its controls.
    await expect.poll(() => recorder.shadowRoot!.activeElement?.localName).toMatch(/^(button|select)$/);
    recorder.dispatchEvent(new CustomEvent('reelback-recorder-cancel', { detail: null, bubbles: true, composed: true }));
    await expect.element(page.getByRole('button', { name: 'Record video' })).toBeVisible();
  });

  it('while recording, the prompt video shrinks to a thumbnail (enlargeable by keyboard) and "Start recording" is in view at 1280×900 and 390×844', async () => {
    const base = askFlow(openAnswer);
    const withVideo: FlowDefinition = {
      ...base,
      steps: base.steps.map((step) => (step.id === 'ask' ? { ...step, prompt: { ...step.prompt, video: { src: '/media/ask.mp4', captions: [] } } } : step)),
    };
    api.publish('v', withVideo);
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      await page.viewport(width, height);
      document.body.replaceChildren();
      localStorage.clear();
      resetEventClients();
      const element = document.createElement('reelback-flow');
      element.loadUploads = () => Promise.resolve(null);
      element.setAttribute('endpoint', api.endpoint);
      element.setAttribute('flow', 'v');
      // Below a header, as on a marketing page.
      const header = document.createElement('div');
      header.style.height = '120px';
      document.body.append(header, element);
      const video = () => element.shadowRoot!.querySelector('reelback-prompt-video')!;
      await expect.poll(() => video()?.getBoundingClientRect().width ?? 0).toBeGreaterThan(300);
      await page.getByRole('button', { name: 'Record video' }).click();
      await expect.poll(() => element.shadowRoot!.querySelector('reelback-recorder')).not.toBeNull();
      const recorder = element.shadowRoot!.querySelector('reelback-recorder') as ReelbackRecorder;
      await expect.element(page.getByRole('button', { name: 'Start recording' })).toBeEnabled();
      expect(video().getBoundingClientRect().width, `thumbnail width at ${width}×${height}`).toBeLessThanOrEqual(160);
      const start = recorder.shadowRoot!.querySelector('[part~="record-button"]')!.getBoundingClientRect();
      expect(start.bottom, `"Start recording" bottom at ${width}×${height} (viewport ${innerHeight})`).toBeLessThanOrEqual(innerHeight);
      // The viewer can have it large again, and small again, from the keyboard.
      const resize = page.getByRole('button', { name: 'Larger video' });
      await expect.element(resize).toHaveAttribute('aria-pressed', 'false');
      (resize.element() as HTMLButtonElement).focus();
      await userEvent.keyboard('{Enter}');
      await expect.element(resize).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(() => video().getBoundingClientRect().width).toBeGreaterThan(300);
      await userEvent.keyboard('{Enter}');
      await expect.element(resize).toHaveAttribute('aria-pressed', 'false');
      recorder.dispatchEvent(new CustomEvent('reelback-recorder-cancel', { detail: null, bubbles: true, composed: true }));
      // Back to the ways to answer: the video at full size again, no resize button.
      await expect.element(page.getByRole('button', { name: 'Record video' })).toBeVisible();
      expect(video().getBoundingClientRect().width).toBeGreaterThan(300);
      expect(element.shadowRoot!.querySelector('[part~="resize"]')).toBeNull();
    }
  });
});
