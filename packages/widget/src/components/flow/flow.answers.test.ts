import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { advanceSession, NEW_SESSION, ViewerEvent, type AnswerSpec, type FlowDefinition, type SessionProgress } from '@reelback/shared';
import { VIEWER_EVENT_TYPES } from '@reelback/shared/event-types';
// The stand-in recorder is defined before the player could load the real one.
import { defineFakeRecorder, type FakeRecorder } from '../../test-support/fake-recorder.js';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import type { UploadStatus } from './recorder-contract.js';
import { resetEventClients } from '../../events/event-client.js';
import { describeEvent, FakeApi, startWorker } from '../../test-support/fake-api.js';
import { answersFlow, askFlow, contactAnswer, npsAnswer, openAnswer, ratingAnswer } from '../../test-support/flows.js';
import { enUploads, uploadText } from '../../upload/upload-status.js';

defineFakeRecorder();
defineReelbackFlow();

let api: FakeApi;
let heard: ViewerEvent[];
const listen = (event: Event) => heard.push((event as CustomEvent<ViewerEvent>).detail);

beforeAll(() => startWorker());

beforeEach(() => {
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().install();
  heard = [];
  for (const type of VIEWER_EVENT_TYPES) document.addEventListener(type, listen);
});

afterEach(() => {
  for (const type of VIEWER_EVENT_TYPES) document.removeEventListener(type, listen);
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
});

const noUploads = () => Promise.resolve(null);

/** Publishes `flow` as "f" and plays it, with the recorder and upload modules replaced by `inject`. */
function mount(flow: FlowDefinition, inject: Partial<Pick<ReelbackFlow, 'loadRecorder' | 'requestUploadTicket' | 'loadUploads'>> = {}): ReelbackFlow {
  api.publish('f', flow);
  const element = document.createElement('reelback-flow');
  element.loadRecorder = () => Promise.resolve({});
  element.loadUploads = noUploads;
  Object.assign(element, inject);
  element.setAttribute('endpoint', api.endpoint);
  element.setAttribute('flow', 'f');
  document.body.append(element);
  return element;
}

const ask = (answer: AnswerSpec, inject?: Parameters<typeof mount>[1]) => mount(askFlow(answer), inject);
const shadow = (element: ReelbackFlow) => element.shadowRoot!;
const focused = (element: ReelbackFlow) => shadow(element).activeElement;
const button = (name: string) => page.getByRole('button', { name, exact: true });
const answers = () => heard.filter((e) => e.type === 'reelback.answer.submitted');
const thanks = () => expect.element(page.getByRole('heading', { name: 'Thanks for your answer' })).toBeVisible();

/** The answer event as the fake API stored it: exactly one, with the session reference. */
async function storedAnswer(element: ReelbackFlow): Promise<unknown> {
  await expect.poll(() => api.stored.filter((e) => e.type === 'reelback.answer.submitted').length, { timeout: 4000 }).toBe(1);
  const stored = api.stored.find((e) => e.type === 'reelback.answer.submitted')!;
  expect(stored).toEqual(answers()[0]);
  const { sessionId, flowId, flowVersion, ...rest } = stored.data as Record<string, unknown>;
  expect({ sessionId, flowId, flowVersion }).toEqual({ sessionId: element.sessionId, flowId: 'f', flowVersion: 1 });
  return rest;
}

function serverWouldAccept(flow: FlowDefinition, events: ViewerEvent[]): string[] {
  let progress: SessionProgress = NEW_SESSION;
  const reasons: string[] = [];
  for (const event of events) {
    const result = advanceSession(flow, progress, ViewerEvent.parse(event));
    if (result.ok) progress = result.progress;
    else reasons.push(result.reason);
  }
  return reasons;
}

describe('rating', () => {
  it('offers 1–5 as a radio group named by the step, with the low and high labels', async () => {
    const element = ask(ratingAnswer);
    const group = page.getByRole('radiogroup', { name: 'Your turn' });
    await expect.element(group).toBeVisible();
    const radios = [...shadow(element).querySelectorAll<HTMLInputElement>('[part~="scale"] input')];
    expect(radios.map((r) => [r.type, r.value, r.getAttribute('aria-label')])).toEqual([
      ['radio', '1', '1 of 5, Poor'],
      ['radio', '2', '2 of 5'],
      ['radio', '3', '3 of 5'],
      ['radio', '4', '4 of 5'],
      ['radio', '5', '5 of 5, Great'],
    ]);
    await expect.element(page.getByRole('radio', { name: '4 of 5', exact: true })).toBeInTheDocument();
    expect(shadow(element).querySelector('[part~="scale-labels"]')!.textContent).toBe('PoorGreat');
    expect(shadow(element).querySelectorAll('[part~="scale-option"]')).toHaveLength(5);
    await expect.element(button('Send')).toBeVisible();
  });

  it('is operable with the keyboard: Tab into the group, arrows to choose, Enter to send', async () => {
    const element = ask(ratingAnswer);
    await expect.element(page.getByRole('radiogroup')).toBeVisible();
    shadow(element).querySelector<HTMLElement>('h2')!.focus();
    await userEvent.tab();
    expect(focused(element)?.getAttribute('aria-label')).toBe('1 of 5, Poor');
    expect(focused(element)?.matches(':focus-visible')).toBe(true);
    const drawn = focused(element)!.nextElementSibling!;
    expect(getComputedStyle(drawn).outlineStyle).toBe('solid');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(focused(element)?.getAttribute('aria-label')).toBe('4 of 5');
    expect((focused(element) as HTMLInputElement).checked).toBe(true);
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused(element)?.getAttribute('aria-label')).toBe('3 of 5');
    await userEvent.keyboard('{ArrowRight}{Enter}');
    await thanks();
    expect(await storedAnswer(element)).toEqual({ stepId: 'ask', answer: { kind: 'rating', value: 4 }, nextStepId: 'thanks' });
    expect(heard.map(describeEvent)).toEqual([
      'reelback.session.started',
      'reelback.step.viewed ask',
      'reelback.answer.submitted ask thanks',
      'reelback.step.viewed thanks',
      'reelback.session.completed thanks',
    ]);
  });

  it('asks for a score before sending, then sends the one clicked', async () => {
    const element = ask({ type: 'rating', scale: 3 });
    await button('Send').click();
    await expect.element(page.getByText('Please choose a score first.')).toBeVisible();
    const group = shadow(element).querySelector('[role="radiogroup"]')!;
    expect(group.getAttribute('aria-invalid')).toBe('true');
    expect(group.getAttribute('aria-describedby')).toBe('error-value');
    expect(focused(element)?.getAttribute('aria-label')).toBe('1 of 3');
    expect(answers()).toEqual([]);
    expect(shadow(element).querySelector('[part~="scale-labels"]')).toBeNull();
    await page.getByText('3', { exact: true }).click();
    await expect.element(page.getByText('Please choose a score first.')).not.toBeInTheDocument();
    await button('Send').click();
    await thanks();
    expect(await storedAnswer(element)).toEqual({ stepId: 'ask', answer: { kind: 'rating', value: 3 }, nextStepId: 'thanks' });
  });
});

describe('NPS', () => {
  it('offers 0–10 with its labels and sends the chosen score (Space chooses)', async () => {
    const element = ask(npsAnswer);
    await expect.element(page.getByRole('radiogroup', { name: 'Your turn' })).toBeVisible();
    const names = [...shadow(element).querySelectorAll('[part~="scale"] input')].map((r) => r.getAttribute('aria-label'));
    expect(names).toEqual([
      '0 of 10, Not likely',
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${n} of 10`),
      '10 of 10, Very likely',
    ]);
    await expect.element(page.getByText('Not likely')).toBeVisible();
    await expect.element(page.getByText('Very likely')).toBeVisible();
    shadow(element).querySelector<HTMLElement>('h2')!.focus();
    await userEvent.tab();
    await userEvent.keyboard(' ');
    expect((focused(element) as HTMLInputElement).checked).toBe(true);
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused(element)?.getAttribute('aria-label')).toBe('10 of 10, Very likely');
    await userEvent.keyboard('{ArrowLeft}');
    await userEvent.tab();
    expect(focused(element)?.textContent).toBe('Send');
    await userEvent.keyboard('{Enter}');
    await thanks();
    expect(await storedAnswer(element)).toEqual({ stepId: 'ask', answer: { kind: 'nps', value: 9 }, nextStepId: 'thanks' });
  });
});

describe('contact', () => {
  it('renders the flow’s fields with their labels, input types and autocomplete tokens', async () => {
    const element = ask(contactAnswer);
    await expect.element(page.getByRole('textbox', { name: 'E-mail' })).toBeVisible();
    const inputs = [...shadow(element).querySelectorAll<HTMLInputElement>('[part~="input"]')];
    expect(inputs.map((i) => [i.name, i.type, i.autocomplete, i.required, i.labels![0]!.textContent])).toEqual([
      ['name', 'text', 'name', false, 'Your name (optional)'],
      ['email', 'email', 'email', true, 'E-mail'],
      ['phone', 'tel', 'tel', false, 'Phone (optional)'],
      ['company', 'text', 'organization', false, 'Company (optional)'],
    ]);
    const consent = page.getByRole('checkbox', { name: 'You may contact me about my answers.' });
    await expect.element(consent).not.toBeChecked();
    await expect.element(consent).toBeRequired();
  });

  it('says what is missing (the required e-mail, the consent) and sends nothing until it is fixed', async () => {
    const element = ask(contactAnswer);
    const email = page.getByRole('textbox', { name: 'E-mail' });
    await expect.element(email).toBeVisible();
    await page.getByRole('textbox', { name: 'Your name' }).fill('   ');
    await button('Send').click();
    await expect.element(page.getByText('Please fill this in.')).toBeVisible();
    await expect.element(page.getByText('Please tick this box to agree before sending.')).toBeVisible();
    await expect.element(email).toHaveAttribute('aria-invalid', 'true');
    await expect.element(email).toHaveAccessibleDescription('Please fill this in.');
    expect(focused(element)?.getAttribute('name')).toBe('email');

    // The shared rule wants a dot in the domain: the browser's type="email" alone would accept this.
    await email.fill('ada@example');
    await expect.element(page.getByText('Please fill this in.')).not.toBeInTheDocument();
    await button('Send').click();
    await expect.element(page.getByText('Please enter an e-mail address like name@example.com.')).toBeVisible();
    expect(answers()).toEqual([]);

    await email.fill('ada@example.com');
    await button('Send').click();
    await expect.element(page.getByText('Please tick this box', { exact: false })).toBeVisible();
    expect(focused(element)?.getAttribute('name')).toBe('consent');
    await userEvent.keyboard(' ');
    await page.getByRole('textbox', { name: 'Company' }).fill(' Analytical Engines ');
    await button('Send').click();
    await thanks();
    expect(await storedAnswer(element)).toEqual({
      stepId: 'ask',
      answer: { kind: 'contact', fields: { email: 'ada@example.com', company: 'Analytical Engines' }, consent: true },
      nextStepId: 'thanks',
    });
  });

  it('without consent text: no checkbox, and consent is false', async () => {
    const element = ask({ type: 'contact', fields: [{ name: 'phone', label: 'Phone number', required: true }] });
    const phone = page.getByRole('textbox', { name: 'Phone number' });
    await expect.element(phone).toBeVisible();
    expect(shadow(element).querySelector('[type="checkbox"]')).toBeNull();
    await phone.fill('+33 1 23 45 67 89');
    await userEvent.keyboard('{Enter}');
    await thanks();
    expect(await storedAnswer(element)).toEqual({
      stepId: 'ask',
      answer: { kind: 'contact', fields: { phone: '+33 1 23 45 67 89' }, consent: false },
      nextStepId: 'thanks',
    });
  });
});

describe('open answer: typing', () => {
  it('offers the flow’s kinds; typing shows a live count, blocks text over the limit, and sends the text', async () => {
    const element = ask(openAnswer);
    await expect.element(button('Record video')).toBeVisible();
    expect([...shadow(element).querySelectorAll('[part~="kind"]')].map((b) => b.textContent!.trim())).toEqual([
      'Record video',
      'Record audio',
      'Type your answer',
    ]);
    await button('Type your answer').click();
    const box = page.getByRole('textbox', { name: 'Your answer' });
    await expect.element(box).toBeVisible();
    await expect.poll(() => focused(element)?.localName).toBe('textarea');
    await expect.element(box).toHaveAccessibleDescription('0 of 20 characters');
    await userEvent.keyboard('This is far too long for it');
    await expect.element(page.getByText('27 of 20 characters (7 too many)')).toBeVisible();
    await expect.element(box).toHaveAttribute('aria-invalid', 'true');
    await button('Send').click();
    await expect.element(page.getByText('Please shorten your answer to 20 characters or fewer (7 too many).')).toBeVisible();
    expect(answers()).toEqual([]);
    await box.fill('  Short and sweet ');
    await expect.element(page.getByText('18 of 20 characters')).toBeVisible();
    await button('Send').click();
    await thanks();
    expect(await storedAnswer(element)).toEqual({ stepId: 'ask', answer: { kind: 'text', text: 'Short and sweet' }, nextStepId: 'thanks' });
  });

  it('goes straight to the textarea when text is the only kind, and refuses an empty answer', async () => {
    const element = ask({ ...openAnswer, kinds: ['text'] });
    await expect.element(page.getByRole('textbox', { name: 'Your answer' })).toBeVisible();
    expect(shadow(element).querySelector('[part~="kind"], [part~="back"]')).toBeNull();
    await button('Send').click();
    await expect.element(page.getByText('Please type your answer first.')).toBeVisible();
    expect(answers()).toEqual([]);
  });

  it('goes back to the kinds on request', async () => {
    const element = ask(openAnswer);
    await button('Type your answer').click();
    await button('Choose another way to answer').click();
    await expect.element(button('Record audio')).toBeVisible();
    expect(focused(element)?.textContent?.trim()).toBe('Record video');
  });
});

describe('open answer: recording', () => {
  const recorder = (element: ReelbackFlow) => shadow(element).querySelector<FakeRecorder>('reelback-recorder');

  it('loads the recorder on demand, gives it what it needs, and sends the clip it submits', async () => {
    const loadRecorder = vi.fn(() => Promise.resolve({}));
    const ticket = { clipId: 'clp_abcdefghijklmnop', uploadUrl: '/api/v1/uploads', token: 't', maxBytes: 1, maxDurationSeconds: 60, expiresAt: new Date().toISOString() };
    const requestUploadTicket = vi.fn(() => Promise.resolve(ticket));
    const element = ask(openAnswer, { loadRecorder, requestUploadTicket });
    await expect.element(button('Record video')).toBeVisible();
    expect(loadRecorder).not.toHaveBeenCalled();
    await button('Record video').click();
    await expect.poll(() => recorder(element)).not.toBeNull();
    expect(loadRecorder).toHaveBeenCalledTimes(1);
    const rec = recorder(element)!;
    expect({ kind: rec.kind, max: rec.maxDurationSeconds, endpoint: rec.endpoint, sessionId: rec.sessionId, stepId: rec.stepId }).toEqual({
      kind: 'video',
      max: 60,
      endpoint: api.endpoint,
      sessionId: element.sessionId,
      stepId: 'ask',
    });
    expect(rec.getAttribute('part')).toBe('recorder');
    // Focus moves into the recorder, on its first control.
    await expect.poll(() => focused(element)).toBe(rec);
    expect(rec.shadowRoot!.activeElement?.textContent).toBe('Start recording');
    await expect(rec.requestTicket!({ stepId: 'ask', kind: 'video', mimeType: 'video/webm' })).resolves.toBe(ticket);
    expect(requestUploadTicket).toHaveBeenCalledWith(api.endpoint, element.sessionId, { stepId: 'ask', kind: 'video', mimeType: 'video/webm' });

    rec.submit('clp_abcdefghijklmnop', 4.2);
    await thanks();
    expect(await storedAnswer(element)).toEqual({
      stepId: 'ask',
      answer: { kind: 'video', clipId: 'clp_abcdefghijklmnop', durationSeconds: 4.2 },
      nextStepId: 'thanks',
    });
  });

  it('records audio too, and a cancel goes back to the kinds', async () => {
    const element = ask(openAnswer);
    await button('Record audio').click();
    await expect.poll(() => recorder(element)?.kind).toBe('audio');
    recorder(element)!.cancel();
    await expect.element(button('Record audio')).toBeVisible();
    expect(recorder(element)).toBeNull();
    expect(focused(element)?.textContent?.trim()).toBe('Record video');
    await button('Record audio').click();
    await expect.poll(() => recorder(element)).not.toBeNull();
    recorder(element)!.submit('clp_audioaudioaudioaudio', 2);
    await thanks();
    expect(answers()[0]!.data).toMatchObject({ answer: { kind: 'audio', clipId: 'clp_audioaudioaudioaudio', durationSeconds: 2 }, nextStepId: 'thanks' });
  });

  it('when a kind cannot be recorded: says why and offers the others, down to plain words when none is left', async () => {
    const element = ask(openAnswer);
    await button('Record video').click();
    await expect.poll(() => recorder(element)).not.toBeNull();
    recorder(element)!.unavailable('No camera was found.');
    await expect.element(page.getByRole('alert')).toHaveTextContent('No camera was found.');
    expect([...shadow(element).querySelectorAll('[part~="kind"]')].map((b) => b.textContent!.trim())).toEqual(['Record audio', 'Type your answer']);
    expect(focused(element)?.textContent?.trim()).toBe('Record audio');

    await button('Record audio').click();
    await expect.poll(() => recorder(element)).not.toBeNull();
    recorder(element)!.unavailable('The microphone is blocked.');
    // Only typing is left: straight to it.
    await expect.element(page.getByRole('textbox', { name: 'Your answer' })).toBeVisible();
    await expect.element(page.getByRole('alert')).toHaveTextContent('The microphone is blocked.');
    expect(shadow(element).querySelector('[part~="back"]')).toBeNull();
    await page.getByRole('textbox', { name: 'Your answer' }).fill('Typed instead');
    await button('Send').click();
    await thanks();
    expect(answers()[0]!.data).toMatchObject({ answer: { kind: 'text', text: 'Typed instead' } });
  });

  it('with no microphone, drops video and audio both: only typing is offered (no "Record audio" under "no microphone")', async () => {
    const element = ask(openAnswer);
    await button('Record video').click();
    await expect.poll(() => recorder(element)).not.toBeNull();
    recorder(element)!.unavailable('We could not find a camera or a microphone. You can answer with text instead.', ['video', 'audio']);
    await expect.element(page.getByRole('textbox', { name: 'Your answer' })).toBeVisible();
    await expect.element(page.getByRole('alert')).toHaveTextContent('We could not find a camera or a microphone. You can answer with text instead.');
    expect(shadow(element).querySelector('[part~="kind"]')).toBeNull();
    expect(shadow(element).querySelector('[part~="back"]')).toBeNull();
  });

  it('says so plainly when no kind is left, and when the recorder cannot be loaded at all', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const element = ask({ ...openAnswer, kinds: ['video', 'audio'] }, { loadRecorder: () => Promise.reject(new Error('offline')) });
    await button('Record video').click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('Recording is not available right now.');
    expect([...shadow(element).querySelectorAll('[part~="kind"]')].map((b) => b.textContent!.trim())).toEqual(['Record audio']);
    await button('Record audio').click();
    await expect.element(page.getByText('There is no other way to answer this question here', { exact: false })).toBeVisible();
    expect(shadow(element).querySelector('[part~="kind"]')).toBeNull();
  });

  it('with one recorded kind only, still waits for a press before loading the recorder', async () => {
    const loadRecorder = vi.fn(() => Promise.resolve({}));
    const element = ask({ ...openAnswer, kinds: ['audio'] }, { loadRecorder });
    await expect.element(button('Record audio')).toBeVisible();
    expect(shadow(element).querySelectorAll('[part~="kind"]')).toHaveLength(1);
    expect(loadRecorder).not.toHaveBeenCalled();
    await button('Record audio').click();
    await expect.poll(() => recorder(element)?.kind).toBe('audio');
  });
});

describe('upload status', () => {
  it('resumes left uploads once the flow has loaded, and shows the statuses the watcher reports', async () => {
    let report: (statuses: UploadStatus[]) => void = () => undefined;
    const stop = vi.fn();
    const resumePendingUploads = vi.fn(() => Promise.resolve());
    const watchUploads = vi.fn((listener: typeof report) => {
      report = listener;
      return stop;
    });
    const element = ask(ratingAnswer, { loadUploads: () => Promise.resolve({ watchUploads, resumePendingUploads, uploadText, enUploads }) });
    await expect.element(page.getByRole('radiogroup')).toBeVisible();
    await expect.poll(() => resumePendingUploads.mock.calls).toEqual([[api.endpoint]]);
    expect(watchUploads).toHaveBeenCalledTimes(1);
    const line = shadow(element).querySelector('[part="upload-status"]')!;
    expect(line.getAttribute('role')).toBe('status');
    expect(line.textContent).toBe('');

    report([
      { clipId: 'clp_1', state: 'uploading', bytesSent: 400, bytesTotal: 1000, message: 'Sending your video… 40 %' },
      { clipId: 'clp_2', state: 'done', bytesSent: 10, bytesTotal: 10, message: 'Sent.' },
    ]);
    // The player says each state in the viewer's language (the feed's English words are for developers).
    await expect.element(page.getByRole('status')).toHaveTextContent('Sending your recording…');
    expect(line.textContent).not.toContain('Sent.');
    report([{ clipId: 'clp_1', state: 'paused', bytesSent: 400, bytesTotal: null, message: 'offline', waiting: 'network' }]);
    await expect.element(page.getByRole('status')).toHaveTextContent('Waiting for the network — keep this page open');
    report([{ clipId: 'clp_1', state: 'failed', bytesSent: 400, bytesTotal: 1000, message: 'Your video could not be sent.' }]);
    await expect.element(page.getByRole('status')).toHaveTextContent('Your video could not be sent.');

    // It stays across steps.
    await page.getByText('2', { exact: true }).click();
    await button('Send').click();
    await thanks();
    expect(line.isConnected).toBe(true);
    await expect.element(page.getByRole('status')).toHaveTextContent('Your video could not be sent.');
    element.remove();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('does nothing when no upload module can be loaded', async () => {
    const element = ask(ratingAnswer, { loadUploads: () => Promise.reject(new Error('missing')) });
    await expect.element(page.getByRole('radiogroup')).toBeVisible();
    expect(shadow(element).querySelector('[part="upload-status"]')!.textContent).toBe('');
  });
});

describe('a walk through every kind of answer', () => {
  it('sends events the server accepts, in order, each with the next step the branching gives', async () => {
    const element = mount(answersFlow);
    await expect.element(page.getByRole('radiogroup', { name: 'Rate the demo' })).toBeVisible();
    await page.getByText('5', { exact: true }).click();
    await button('Send').click();
    await expect.element(page.getByRole('radiogroup', { name: 'Would you recommend us?' })).toBeVisible();
    await expect.poll(() => focused(element)?.localName).toBe('h2');
    await page.getByText('10', { exact: true }).click();
    await button('Send').click();
    await button('Record video').click();
    await expect.poll(() => shadow(element).querySelector<FakeRecorder>('reelback-recorder')).not.toBeNull();
    shadow(element).querySelector<FakeRecorder>('reelback-recorder')!.submit('clp_walkwalkwalkwalkwalk', 12.5);
    await page.getByRole('textbox', { name: 'E-mail' }).fill('pm@example.org');
    await page.getByRole('checkbox').click();
    await button('Send').click();
    await expect.element(page.getByRole('heading', { name: 'All done' })).toBeVisible();
    expect(answers().map((e) => [e.data.stepId, e.data.answer, e.data.nextStepId])).toEqual([
      ['rate', { kind: 'rating', value: 5 }, 'nps'],
      ['nps', { kind: 'nps', value: 10 }, 'say'],
      ['say', { kind: 'video', clipId: 'clp_walkwalkwalkwalkwalk', durationSeconds: 12.5 }, 'contact'],
      ['contact', { kind: 'contact', fields: { email: 'pm@example.org' }, consent: true }, 'end'],
    ]);
    expect(serverWouldAccept(answersFlow, heard)).toEqual([]);
    await expect.poll(() => api.stored.length, { timeout: 4000 }).toBe(heard.length);
    expect(api.stored).toEqual(heard);
  });
});
