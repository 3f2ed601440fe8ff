// The contact form, the call to action and the rating/NPS scale come in a chunk of their own (answers/lazy-forms.ts).
// Here their chunk is the source module Vite serves (`answer-forms.ts`), failed at the network through msw's service
// worker the way a blip or a deploy fails the built chunk (e2e/engines' lazyChunks fail the built one in each engine).
// The tests share one page, so one module map: the first test sees the chunk fail, the later ones find it loaded.
import { http, HttpResponse, passthrough } from 'msw';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { AnswerSpec } from '@reelback/shared';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker, worker } from '../../test-support/fake-api.js';
import { askFlow, contactAnswer, ratingAnswer } from '../../test-support/flows.js';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';

defineReelbackFlow();

let api: FakeApi;
/** Requests for the forms' chunk, and how each was answered. */
let chunkRequests: { url: string; failed: boolean }[];
/** How many more requests for the chunk fail (404) before they pass through. */
let failures = 0;

beforeAll(() => startWorker());

beforeEach(() => {
  localStorage.clear();
  resetEventClients();
  chunkRequests = [];
  failures = 0;
  api = new FakeApi().install();
  worker.use(
    http.get(/\/answer-forms\.ts/, ({ request }) => {
      const failed = failures > 0;
      if (failed) failures--;
      chunkRequests.push({ url: request.url, failed });
      return failed ? new HttpResponse('gone', { status: 404 }) : passthrough();
    }),
  );
});

afterEach(() => {
  document.body.replaceChildren();
  resetEventClients();
});

function ask(answer: AnswerSpec): ReelbackFlow {
  api.publish('f', askFlow(answer));
  const element = document.createElement('reelback-flow');
  element.loadUploads = () => Promise.resolve(null);
  element.setAttribute('endpoint', api.endpoint);
  element.setAttribute('flow', 'f');
  document.body.append(element);
  return element;
}

const storedAnswers = () => api.stored.filter((e) => e.type === 'reelback.answer.submitted');

describe('lazily loaded answer forms', () => {
  it('a chunk that cannot be loaded (three tries, the last under a fresh URL) is said plainly; "Try again" loads it, even through one more failure', async () => {
    failures = 3;
    const element = ask(contactAnswer);
    const alert = page.getByRole('alert');
    await expect.element(alert).toHaveTextContent('Something went wrong while loading this video flow.');
    // Tried as it is twice, then once under a fresh URL (what Firefox needs), all refused.
    expect(chunkRequests.map((r) => r.failed)).toEqual([true, true, true]);
    expect(chunkRequests[2]!.url).toMatch(/\/~r[0-9a-z]+\/answer-forms\.ts/);
    // The browser's own error text never reaches the viewer.
    expect(element.shadowRoot!.textContent).not.toMatch(/import|module|TypeError|fetch/i);
    // The step's prompt is still there; only its form is missing.
    await expect.element(page.getByRole('heading', { name: 'Your turn' })).toBeVisible();

    failures = 1;
    const retry = page.getByRole('button', { name: 'Try again' });
    (retry.element() as HTMLButtonElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('textbox', { name: 'E-mail' })).toBeVisible();
    expect(chunkRequests.map((r) => r.failed)).toEqual([true, true, true, true, false]);
    expect(element.shadowRoot!.querySelector('[part~="error"]')).toBeNull();
  });

  it('the contact form, once loaded, is filled and sent with the keyboard alone', async () => {
    const element = ask(contactAnswer);
    /** The control with keyboard focus, by its name (focus is inside the player's shadow root). */
    const focused = () => (element.shadowRoot!.activeElement as HTMLInputElement | null)?.name || element.shadowRoot!.activeElement?.textContent;
    const email = page.getByRole('textbox', { name: 'E-mail' });
    await expect.element(email).toBeVisible();
    (page.getByRole('textbox', { name: 'Your name (optional)' }).element() as HTMLInputElement).focus();
    await userEvent.keyboard('Ann');
    await userEvent.tab();
    expect(focused()).toBe('email');
    await userEvent.keyboard('ann@example.com');
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    const consent = page.getByRole('checkbox', { name: 'You may contact me about my answers.' });
    expect(focused()).toBe('consent');
    await userEvent.keyboard(' ');
    await expect.element(consent).toBeChecked();
    await userEvent.tab();
    expect(focused()).toBe('Send');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { name: 'Thanks for your answer' })).toBeVisible();
    await expect.poll(() => storedAnswers().length, { timeout: 4000 }).toBe(1);
    expect(storedAnswers()[0]!.data).toMatchObject({ stepId: 'ask', answer: { kind: 'contact', fields: { name: 'Ann', email: 'ann@example.com' }, consent: true } });
    // Loaded once for the page: no request since the first test's.
    expect(chunkRequests).toEqual([]);
  });

  it('a rating step shows its scale from the same chunk, operable with the arrow keys', async () => {
    ask(ratingAnswer);
    const first = page.getByRole('radio', { name: '1 of 5, Poor' });
    await expect.element(first).toBeVisible();
    (first.element() as HTMLInputElement).focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await expect.element(page.getByRole('radio', { name: '3 of 5' })).toBeChecked();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { name: 'Thanks for your answer' })).toBeVisible();
    await expect.poll(() => storedAnswers().length, { timeout: 4000 }).toBe(1);
    expect(storedAnswers()[0]!.data).toMatchObject({ stepId: 'ask', answer: { kind: 'rating', value: 3 } });
  });
});
