import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { advanceSession, NEW_SESSION, ViewerEvent, type SessionProgress } from '@reelback/shared';
import { VIEWER_EVENT_TYPES } from '@reelback/shared/event-types';
import { defineReelbackFlow, UNSUPPORTED_ANSWER_MESSAGE, type ReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { queueKey } from '../../events/event-queue.js';
import { sessionKey } from '../../session/session-store.js';
import { describeEvent, FakeApi, startWorker, UUIDV7 } from '../../test-support/fake-api.js';
import { testFlow, withStep } from '../../test-support/flows.js';

defineReelbackFlow();

let api: FakeApi;
let heard: ViewerEvent[];
const listen = (event: Event) => heard.push((event as CustomEvent<ViewerEvent>).detail);

beforeAll(() => startWorker());

beforeEach(() => {
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('test', testFlow).install();
  heard = [];
  for (const type of VIEWER_EVENT_TYPES) document.addEventListener(type, listen);
});

afterEach(async () => {
  for (const type of VIEWER_EVENT_TYPES) document.removeEventListener(type, listen);
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
  await commands.emulateReducedMotion(false);
});

function mount(flow: string = 'test', attrs: Record<string, string> = {}): ReelbackFlow {
  const element = document.createElement('reelback-flow');
  element.setAttribute('endpoint', api.endpoint);
  element.setAttribute('flow', flow);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
}

const heading = (name: string) => page.getByRole('heading', { name });
const choice = (name: string) => page.getByRole('button', { name });
const shadow = (element: ReelbackFlow) => element.shadowRoot!;
/** The step's `<reelback-prompt-video>` and what is inside it (its own tests are in prompt-video.test.ts). */
const videoPlayer = (element: ReelbackFlow) => shadow(element).querySelector('reelback-prompt-video')!;
const videoOf = (element: ReelbackFlow) => videoPlayer(element).shadowRoot!.querySelector('video')!;
/** The focused element, looking inside the video player when focus is there. */
const focusedIn = (element: ReelbackFlow) => {
  const active = shadow(element).activeElement;
  return active?.shadowRoot?.activeElement ?? active;
};

/** Replays events through the server's own transition rule: all must be accepted. */
function serverWouldAccept(events: ViewerEvent[]): string[] {
  let progress: SessionProgress = NEW_SESSION;
  const reasons: string[] = [];
  for (const event of events) {
    const result = advanceSession(testFlow, progress, ViewerEvent.parse(event));
    if (result.ok) progress = result.progress;
    else reasons.push(result.reason);
  }
  return reasons;
}

describe('<reelback-flow> loading a published flow', () => {
  it('renders the first step: the video (media resolved against the endpoint), title, text and choices', async () => {
    const element = mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    const video = videoOf(element);
    expect(video.getAttribute('poster')).toBe(`${api.endpoint}/media/start.jpg`);
    expect(video.getAttribute('src')).toBe(`${api.endpoint}/media/start.mp4`);
    expect(video.autoplay).toBe(false);
    const tracks = [...video.querySelectorAll('track')];
    expect(tracks.map((t) => [t.getAttribute('src'), t.srclang, t.label, t.default])).toEqual([
      [`${api.endpoint}/media/start.en.vtt`, 'en', 'English', true],
      [`${api.endpoint}/media/start.fr.vtt`, 'fr', 'Français', false],
    ]);
    await expect.element(page.getByRole('button', { name: 'Play video' })).toBeVisible();
    await expect.element(page.getByText('Which way?')).toBeVisible();
    await expect.element(choice('Path A')).toBeVisible();
    await expect.element(choice('Path B')).toBeVisible();
    expect(shadow(element).querySelectorAll('button[part="choice"]')).toHaveLength(2);
    expect(api.sessionRequests).toHaveLength(1);
    const [request] = api.sessionRequests;
    expect(request!.sessionId).toMatch(UUIDV7);
    expect(request!.flowVersion).toBe(1);
    expect(request!.context).toMatchObject({ embedMode: 'inline', pageUrl: location.href, device: 'desktop' });
  });

  it('says plainly when the flow does not exist', async () => {
    mount('missing');
    await expect.element(page.getByRole('alert')).toHaveTextContent('This video flow is not available.');
    expect(api.sessionRequests).toHaveLength(0);
  });

  it('says plainly when the network is down, and tries again on request', async () => {
    api.flowFailures.push('network');
    mount();
    await expect.element(page.getByRole('alert')).toHaveTextContent('We could not reach the server');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.element(heading('Pick a path')).toBeVisible();
  });

  it('turns the video’s progress marks into reelback.video.progressed events, once each', async () => {
    const element = mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    const video = videoOf(element);
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      queueMicrotask(() => this.dispatchEvent(new Event('play')));
      return Promise.resolve();
    });
    await page.getByRole('button', { name: 'Play video' }).click();
    expect(play).toHaveBeenCalledTimes(1);
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    // Focus does not fall to <body> when the big button goes away (Escape in the bubble depends on it).
    expect(focusedIn(element)?.getAttribute('aria-label')).toBe('Pause');

    Object.defineProperty(video, 'duration', { value: 20, configurable: true });
    Object.defineProperty(video, 'currentTime', { value: 11, configurable: true, writable: true });
    video.dispatchEvent(new Event('timeupdate'));
    video.dispatchEvent(new Event('timeupdate'));
    await expect.element(page.getByRole('progressbar', { name: 'Video progress' })).toHaveAttribute('aria-valuenow', '55');
    video.dispatchEvent(new Event('ended'));
    video.dispatchEvent(new Event('ended'));
    expect(heard.filter((e) => e.type === 'reelback.video.progressed').map(describeEvent)).toEqual([
      'reelback.video.progressed start 25',
      'reelback.video.progressed start 50',
      'reelback.video.progressed start 75',
      'reelback.video.progressed start 100',
    ]);
    expect(serverWouldAccept(heard)).toEqual([]);
    const state = JSON.parse(localStorage.getItem(sessionKey(api.endpoint, 'test'))!);
    expect(state.marks).toEqual([25, 50, 75, 100]);
  });

  it('re-exports the video’s parts, so hosts style them with reelback-flow::part()', async () => {
    const style = document.createElement('style');
    style.textContent = `
      reelback-flow::part(media) { border-radius: 3px; }
      reelback-flow::part(video) { object-fit: cover; }
      reelback-flow::part(play-button) { width: 50px; }
      reelback-flow::part(controls) { background-color: rgb(1, 2, 3); }
      reelback-flow::part(control) { min-width: 40px; }
      reelback-flow::part(play-toggle) { min-height: 41px; }
      reelback-flow::part(mute) { min-height: 42px; }
      reelback-flow::part(progress) { height: 7px; }
    `;
    document.head.append(style);
    try {
      const element = mount();
      await expect.element(heading('Pick a path')).toBeVisible();
      const inner = videoPlayer(element).shadowRoot!;
      const computed = (part: string) => getComputedStyle(inner.querySelector(`[part~="${part}"]`)!);
      expect(computed('media').borderRadius).toBe('3px');
      expect(computed('video').objectFit).toBe('cover');
      expect(computed('play-button').width).toBe('50px');
      expect(computed('controls').backgroundColor).toBe('rgb(1, 2, 3)');
      expect(computed('play-toggle').minWidth).toBe('40px');
      expect(computed('play-toggle').minHeight).toBe('41px');
      expect(computed('mute').minHeight).toBe('42px');
      expect(computed('progress').height).toBe('7px');
    } finally {
      style.remove();
    }
  });

  it('pause() pauses the step’s video (the bubble calls it when its panel closes)', async () => {
    const element = mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause');
    element.pause();
    expect(pause.mock.contexts).toEqual([videoOf(element)]);
  });
});

describe('following the branches', () => {
  it('path A: the exact events, in order, in the DOM and on the server, with UUIDv7 ids', async () => {
    mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    await choice('Path A').click();
    await expect.element(heading('Thanks, A')).toBeVisible();
    await expect.element(page.getByText('See you soon.')).toBeVisible();
    expect(heard.map(describeEvent)).toEqual([
      'reelback.session.started',
      'reelback.step.viewed start',
      'reelback.choice.selected start a end-a',
      'reelback.step.viewed end-a',
      'reelback.session.completed end-a',
    ]);
    for (const event of heard) {
      expect(event.id).toMatch(UUIDV7);
      expect(event).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json' });
      expect(event.data).toMatchObject({ sessionId: api.sessionRequests[0]!.sessionId, flowId: 'test', flowVersion: 1 });
    }
    expect([...heard.map((e) => e.id)].sort()).toEqual(heard.map((e) => e.id));
    expect(serverWouldAccept(heard)).toEqual([]);
    expect(heard[0]!.data).toMatchObject({ context: api.sessionRequests[0]!.context });

    await expect.poll(() => api.stored.length, { timeout: 4000 }).toBe(5);
    expect(api.stored).toEqual(heard);
    expect(api.contentTypes[0]).toBe('application/json');
    await expect.poll(() => localStorage.getItem(queueKey(api.endpoint))).toBeNull();
    const state = JSON.parse(localStorage.getItem(sessionKey(api.endpoint, 'test'))!);
    expect(state).toMatchObject({ stepId: 'end-a', viewed: ['start', 'end-a'], completed: true });
  });

  it('path B: the CTA opens its URL in a new tab, then the flow goes on', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    mount();
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    const link = page.getByRole('link', { name: 'Open the docs' });
    await expect.element(link).toHaveAttribute('href', 'https://example.com/docs');
    await link.click();
    await expect.element(heading('Thanks, B')).toBeVisible();
    expect(open).toHaveBeenCalledWith('https://example.com/docs', '_blank', 'noopener,noreferrer');
    expect(heard.map(describeEvent)).toEqual([
      'reelback.session.started',
      'reelback.step.viewed start',
      'reelback.choice.selected start b cta',
      'reelback.step.viewed cta',
      'reelback.cta.clicked cta end-b',
      'reelback.step.viewed end-b',
      'reelback.session.completed end-b',
    ]);
    expect(heard.find((e) => e.type === 'reelback.cta.clicked')!.data).toMatchObject({ url: 'https://example.com/docs' });
    expect(serverWouldAccept(heard)).toEqual([]);
    await expect.poll(() => api.stored.map(describeEvent), { timeout: 4000 }).toEqual(heard.map(describeEvent));
  });

  it('a CTA to a section of this page (same tab) jumps there without a reload: the flow shows its next step, the page keeps its query', async () => {
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?utm_source=newsletter`);
    const section = document.createElement('section');
    section.id = 'pricing';
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    try {
      api.publish('section', withStep(testFlow, 'cta', { answer: { type: 'cta', label: 'See pricing', url: `${location.pathname}#pricing`, openInNewTab: false } }));
      const element = mount('section');
      document.body.append(section);
      await choice('Path B').click();
      await page.getByRole('link', { name: 'See pricing' }).click();
      await expect.element(heading('Thanks, B')).toBeVisible();
      await expect.poll(() => location.hash).toBe('#pricing');
      expect(location.search).toBe('?utm_source=newsletter');
      expect(open).not.toHaveBeenCalled();
      // The same document: the element is still there, in the same session, which completed on its end step.
      expect(element.isConnected).toBe(true);
      expect(heard.map(describeEvent).slice(-3)).toEqual(['reelback.cta.clicked cta end-b', 'reelback.step.viewed end-b', 'reelback.session.completed end-b']);
      expect(api.sessionRequests).toHaveLength(1);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('does not follow a javascript: (or other unsafe) CTA link, but still moves on', async () => {
    for (const url of ['javascript:alert(1)', '/\\evil.example/x', '//evil.example/x']) {
      localStorage.clear();
      heard = [];
      const open = vi.spyOn(window, 'open').mockReturnValue(null);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      api.publish('unsafe', withStep(testFlow, 'cta', { answer: { type: 'cta', label: 'Open the docs', url, openInNewTab: false } }));
      const element = mount('unsafe');
      await choice('Path B').click();
      await expect.element(heading('Read the docs')).toBeVisible();
      expect(shadow(element).querySelector('a')).toBeNull();
      expect(shadow(element).innerHTML).not.toContain('javascript:');
      await page.getByRole('button', { name: 'Open the docs' }).click();
      await expect.element(heading('Thanks, B')).toBeVisible();
      expect(open).not.toHaveBeenCalled();
      expect(location.href).not.toContain('evil');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('not following'));
      expect(heard.map((e) => e.type)).toContain('reelback.cta.clicked');
      element.remove();
      vi.restoreAllMocks();
    }
  });

  it('shows a clear message for an answer type it does not know (a newer flow), and no way forward', async () => {
    api.publish('unknown', withStep(testFlow, 'start', { answer: { type: 'poll', question: 'Which?' }, next: 'end-a' } as never));
    const element = mount('unknown');
    await expect.element(heading('Pick a path')).toBeVisible();
    await expect.element(page.getByText(UNSUPPORTED_ANSWER_MESSAGE)).toBeVisible();
    expect(shadow(element).querySelectorAll('button, a, input, textarea')).toHaveLength(0);
  });
});

describe('across a reload', () => {
  it('resumes the same session at the same step without repeating session.started or step.viewed', async () => {
    const first = mount();
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    await expect.poll(() => api.stored.length, { timeout: 4000 }).toBe(4);

    // "Reload": a new element and a new event client, with the same storage.
    first.remove();
    resetEventClients();
    heard = [];
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    mount();
    await expect.element(heading('Read the docs')).toBeVisible();
    expect(heard).toEqual([]);
    expect(api.sessionRequests).toHaveLength(1);
    await page.getByRole('link', { name: 'Open the docs' }).click();
    await expect.element(heading('Thanks, B')).toBeVisible();
    expect(open).toHaveBeenCalledTimes(1);
    expect(heard.map(describeEvent)).toEqual([
      'reelback.cta.clicked cta end-b',
      'reelback.step.viewed end-b',
      'reelback.session.completed end-b',
    ]);
    await expect.poll(() => api.stored.length, { timeout: 4000 }).toBe(7);
    expect(serverWouldAccept(api.stored)).toEqual([]);
    expect(new Set(api.stored.map((e) => e.data.sessionId)).size).toBe(1);
  });

  it('resumes the same session when the page comes back with other query parameters (UTM)', async () => {
    const before = location.href;
    try {
      history.replaceState(null, '', `${location.pathname}?utm_source=ad&utm_campaign=spring`);
      const first = mount();
      await choice('Path B').click();
      await expect.element(heading('Read the docs')).toBeVisible();
      const sessionId = first.sessionId;
      first.remove();
      resetEventClients();
      history.replaceState(null, '', `${location.pathname}?utm_source=newsletter`);
      const second = mount();
      await expect.element(heading('Read the docs')).toBeVisible();
      expect(second.sessionId).toBe(sessionId);
      expect(api.sessionRequests).toHaveLength(1);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('after leaving by a same-tab CTA, the next page shows the step it went on to (the end) in the same session, once', async () => {
    const first = mount();
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    // What the CTA does before `location.assign` (a real navigation would end the test page): click, move on, leave.
    const run = (first as unknown as { _run: { clickCta(url: string): boolean; leaving(): void } })._run;
    expect(run.clickCta('https://example.com/docs')).toBe(true);
    run.leaving();
    const sessionId = first.sessionId;
    first.remove();
    resetEventClients();
    heard = [];
    const second = mount();
    await expect.element(heading('Thanks, B')).toBeVisible();
    expect(second.sessionId).toBe(sessionId);
    expect(heard).toEqual([]);
    expect(api.sessionRequests).toHaveLength(1);
    // Once: a later load starts afresh, as after any completed session.
    second.remove();
    resetEventClients();
    const third = mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    expect(third.sessionId).not.toBe(sessionId);
    expect(api.sessionRequests).toHaveLength(2);
  });

  it('resends the events a page could not deliver before it went away, once each on the server', async () => {
    api.eventFailures.push('network', 'network', 'network');
    const first = mount();
    await choice('Path A').click();
    await expect.element(heading('Thanks, A')).toBeVisible();
    await expect.poll(() => api.batches.length, { timeout: 4000 }).toBeGreaterThan(0);
    const pending = JSON.parse(localStorage.getItem(queueKey(api.endpoint))!) as ViewerEvent[];
    expect(pending.map(describeEvent)).toEqual(heard.map(describeEvent));
    expect(api.stored).toEqual([]);

    first.remove();
    resetEventClients();
    api.eventFailures.length = 0;
    heard = [];
    // The session was completed: a new page starts a new session, and the old queue goes first.
    mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    await expect.poll(() => api.stored.length, { timeout: 5000 }).toBe(7);
    expect(api.stored.slice(0, 5)).toEqual(pending);
    expect(api.stored.slice(5).map(describeEvent)).toEqual(['reelback.session.started', 'reelback.step.viewed start']);
    expect(api.sessionRequests).toHaveLength(2);
    expect(api.stored[5]!.data.sessionId).not.toBe(pending[0]!.data.sessionId);
    await expect.poll(() => localStorage.getItem(queueKey(api.endpoint))).toBeNull();
  });

  it('gives a second player of the same flow on the page its own session', async () => {
    const inline = mount();
    const other = mount();
    await expect.poll(() => api.sessionRequests.length).toBe(2);
    await expect.poll(() => shadow(other).querySelector('h2')?.textContent).toBe('Pick a path');
    shadow(inline).querySelector<HTMLButtonElement>('[part~="choice"]')!.click();
    expect(inline.currentStep?.id).toBe('end-a');
    expect(other.currentStep?.id).toBe('start');
    // The second player sends its impression once it is on screen.
    other.scrollIntoView();
    await expect.poll(() => new Set(heard.map((e) => e.data.sessionId)).size).toBe(2);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('reelback:session:')).sort()).toEqual([
      sessionKey(api.endpoint, 'test'),
      `${sessionKey(api.endpoint, 'test')}:2`,
    ]);
  });

  it('starts afresh when the published version changed', async () => {
    const first = mount();
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    first.remove();
    resetEventClients();
    api.publish('test', testFlow, 2);
    heard = [];
    mount();
    await expect.element(heading('Pick a path')).toBeVisible();
    expect(heard.map(describeEvent)).toEqual(['reelback.session.started', 'reelback.step.viewed start']);
    expect(heard[0]!.data.flowVersion).toBe(2);
  });
});

describe('keyboard, focus and announcements', () => {
  it('is operable with Tab, Enter and Space, and moves focus to the new heading', async () => {
    api.publish('keys', withStep(testFlow, 'end-a', { answer: { type: 'choice', options: [{ id: 'again', label: 'Once more' }, { id: 'done', label: 'Done' }] }, next: 'end-b' }));
    const element = mount('keys');
    await expect.element(choice('Path A')).toBeVisible();
    videoPlayer(element).shadowRoot!.querySelector<HTMLButtonElement>('[part~="play-button"]')!.focus();
    const focused = () => focusedIn(element);
    await userEvent.tab();
    expect(focused()?.getAttribute('aria-label')).toBe('Play');
    await userEvent.tab();
    await userEvent.tab();
    expect(focused()?.textContent?.trim()).toBe('Path A');
    await userEvent.keyboard('{Enter}');
    await expect.element(heading('Thanks, A')).toBeVisible();
    await expect.poll(() => focused()?.tagName).toBe('H2');
    expect(focused()?.textContent).toBe('Thanks, A');
    await expect.element(page.getByText('Now showing: Thanks, A')).toBeInTheDocument();
    expect(shadow(element).querySelector('[aria-live="polite"]')!.textContent).toBe('Now showing: Thanks, A');
    await userEvent.tab();
    await userEvent.tab();
    expect(focused()?.textContent?.trim()).toBe('Done');
    await userEvent.keyboard(' ');
    await expect.element(heading('Thanks, B')).toBeVisible();
    expect(heard.filter((e) => e.type === 'reelback.choice.selected').map(describeEvent)).toEqual([
      'reelback.choice.selected start a end-a',
      'reelback.choice.selected end-a done end-b',
    ]);
  });

  it('draws a visible focus outline on keyboard focus', async () => {
    const element = mount();
    await expect.element(choice('Path A')).toBeVisible();
    videoPlayer(element).shadowRoot!.querySelector<HTMLButtonElement>('[part~="play-button"]')!.focus();
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    const button = shadow(element).activeElement!;
    expect(button.textContent?.trim()).toBe('Path A');
    expect(button.matches(':focus-visible')).toBe(true);
    expect(getComputedStyle(button).outlineStyle).toBe('solid');
  });
});

describe('motion', () => {
  const stubPlay = () =>
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      queueMicrotask(() => this.dispatchEvent(new Event('play')));
      return Promise.resolve();
    });

  it('starts the next step’s video by itself once the viewer pressed play', async () => {
    const element = mount();
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    expect(videoOf(element).autoplay).toBe(false);
    localStorage.clear();
    element.remove();
    resetEventClients();
    const play = stubPlay();
    const again = mount();
    await page.getByRole('button', { name: 'Play video' }).click();
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    await expect.poll(() => play.mock.contexts.at(-1)).toBe(videoOf(again));
    expect(play).toHaveBeenCalledTimes(2);
  });

  it('under prefers-reduced-motion: no transitions and no video starts by itself', async () => {
    await commands.emulateReducedMotion(true);
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true);
    const play = stubPlay();
    const element = mount();
    await page.getByRole('button', { name: 'Play video' }).click();
    expect(play).toHaveBeenCalledTimes(1);
    await choice('Path B').click();
    await expect.element(heading('Read the docs')).toBeVisible();
    await new Promise((r) => setTimeout(r, 100));
    expect(play).toHaveBeenCalledTimes(1);
    await expect.element(page.getByRole('button', { name: 'Play video' })).toBeVisible();
    const cta = shadow(element).querySelector('[part~="cta"]')!;
    expect(getComputedStyle(cta).transitionDuration).toBe('0s');
  });
});

describe('typed DOM events', () => {
  it('gives listeners the CloudEvent with its type-specific data', async () => {
    const options: string[] = [];
    // Typed through GlobalEventHandlersEventMap: no casts needed.
    const onChoice = (event: CustomEvent<{ data: { optionId: string } }>) => options.push(event.detail.data.optionId);
    const element = mount();
    element.addEventListener('reelback.choice.selected', (event) => onChoice(event));
    document.addEventListener('reelback.session.completed', (event) => options.push(`end:${event.detail.data.endStepId}`), { once: true });
    await choice('Path A').click();
    expect(options).toEqual(['a', 'end:end-a']);
  });

  it('shows slotted content on the end screen', async () => {
    const element = mount();
    const extra = document.createElement('a');
    extra.slot = 'end';
    extra.href = '#more';
    extra.textContent = 'Read more';
    element.append(extra);
    await expect.element(choice('Path A')).toBeVisible();
    expect(extra.assignedSlot).toBeNull();
    await choice('Path A').click();
    await expect.element(page.getByRole('link', { name: 'Read more' })).toBeVisible();
  });
});

describe('offline preview (.flow)', () => {
  it('plays a flow given as a property, dispatches events, and sends nothing', async () => {
    const element = document.createElement('reelback-flow');
    element.flow = { flowId: 'draft', version: 3, definition: testFlow };
    document.body.append(element);
    await expect.element(heading('Pick a path')).toBeVisible();
    await choice('Path A').click();
    await expect.element(heading('Thanks, A')).toBeVisible();
    expect(heard.map(describeEvent)).toEqual([
      'reelback.session.started',
      'reelback.step.viewed start',
      'reelback.choice.selected start a end-a',
      'reelback.step.viewed end-a',
      'reelback.session.completed end-a',
    ]);
    expect(heard[0]!.data).toEqual({ sessionId: expect.stringMatching(UUIDV7), flowId: 'draft', flowVersion: 3, context: { embedMode: 'preview', locale: 'en' } });
    await new Promise((r) => setTimeout(r, 1300));
    expect(api.requestCount).toBe(0);
    expect(localStorage.length).toBe(0);
  });
});
