// The player with the real <reelback-recorder>, loaded by the default `loadRecorder` (Chromium's fake camera
// and microphone, see vitest.config.ts): the wiring the stand-in of flow.answers.test.ts cannot check.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import type { ReelbackRecorder } from '../recorder/recorder.component.js';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { askFlow, openAnswer } from '../../test-support/flows.js';

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
    expect(recorder.requestTicket).toBeTypeOf('function');
    // Keyboard focus is inside the recorder, on one of its controls.
    await expect.poll(() => recorder.shadowRoot!.activeElement?.localName).toMatch(/^(button|select)$/);
    recorder.dispatchEvent(new CustomEvent('reelback-recorder-cancel', { detail: null, bubbles: true, composed: true }));
    await expect.element(page.getByRole('button', { name: 'Record video' })).toBeVisible();
  });
});
