// The viewer's whole path, written once and run in each engine (viewer-<engine>.e2e.test.ts): inline, bubble and
// script-tag embeds, every answer type, a recorded video and audio answer with fake devices, a reload mid-flow, a
// dropped network mid-upload. What an engine cannot do here is named in `ENGINE_LIMITS` and the test checks what
// the widget does instead.
import type { ClipInfo, FlowDefinitionInput, SessionRecord } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipApi } from '../support/clip-api.js';
import { startReelbackServer, type RunningServer } from '../support/reelback-server.js';
import type { EngineBrowser, EngineName, EnginePage } from './engine.js';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.js';
import { startHostPages } from './host-pages.js';
import { waitUntil, widgetOn, type Widget } from './in-page.js';
import { launchEngine } from './launch.js';
import { lazyChunks } from './lazy-chunks.js';

/**
 * What an engine truly cannot do on this machine. WebKitGTK 2.50's video MediaRecorder hands out 0 bytes with
 * Debian 12's GStreamer 1.22 (no `isofmp4mux`, which it records video through); audio records as MP4/AAC.
 */
export const ENGINE_LIMITS: Record<EngineName, { recordsVideo: boolean }> = {
  chromium: { recordsVideo: true },
  firefox: { recordsVideo: true },
  webkit: { recordsVideo: false },
};

const EVERY_ANSWER: FlowDefinitionInput = {
  name: 'Every answer',
  steps: [
    { id: 'rate', prompt: { title: 'Rate the demo' }, answer: { type: 'rating', scale: 5, lowLabel: 'Poor', highLabel: 'Great' }, next: 'nps' },
    { id: 'nps', prompt: { title: 'Would you recommend us?' }, answer: { type: 'nps', lowLabel: 'Not likely', highLabel: 'Very likely' }, next: 'say' },
    { id: 'say', prompt: { title: 'Anything else?' }, answer: { type: 'open', kinds: ['video', 'audio', 'text'], maxDurationSeconds: 60, maxTextLength: 200 }, next: 'contact' },
    {
      id: 'contact',
      prompt: { title: 'Stay in touch' },
      answer: {
        type: 'contact',
        fields: [
          { name: 'name', label: 'Your name', required: false },
          { name: 'email', label: 'E-mail', required: true },
        ],
        consentText: 'You may contact me about my answers.',
      },
      next: 'end',
    },
    { id: 'end', prompt: { title: 'All done' }, answer: { type: 'end' } },
  ],
};

type Answer = { kind: string; clipId?: string; durationSeconds?: number; [key: string]: unknown };

/** The submitted answers of a session, by step. */
const answersOf = (session: SessionRecord | undefined) =>
  Object.fromEntries(
    (session?.events ?? [])
      .filter((e) => e.event.type === 'reelback.answer.submitted')
      .map((e) => {
        const data = e.event.data as { stepId: string; answer: Answer };
        return [data.stepId, data.answer];
      }),
  ) as Record<string, Answer>;

export function describeViewerPath(engine: EngineName): void {
  describe(`the viewer's whole path in ${engine}`, () => {
    let server: RunningServer;
    let proxy: FlakyProxy;
    let hosts: Awaited<ReturnType<typeof startHostPages>>;
    let browser: EngineBrowser;
    const api = clipApi(() => server);

    beforeAll(async () => {
      server = await startReelbackServer({ REELBACK_KEEP_ORIGINALS: '1' });
      proxy = await startFlakyProxy(server.url);
      hosts = await startHostPages(proxy.url);
      await api.publishFlow('every-answer', EVERY_ANSWER);
      browser = await launchEngine(engine);
    });
    afterAll(async () => {
      await browser?.close();
      await hosts?.close();
      await proxy?.close();
      await server?.stop();
    });

    /** A page with a fresh viewer (no session, no kept uploads) at `url`. */
    async function freshPage(url: string): Promise<EnginePage> {
      const page = await browser.newPage();
      // A page of the same origin without the widget: storage is cleared before any widget could start a session.
      await page.goto(url.startsWith(hosts.url) ? `${hosts.url}/blank` : `${proxy.url}/readyz`);
      await page.run(`localStorage.clear(); sessionStorage.clear(); await new Promise((r) => { const d = indexedDB.deleteDatabase('reelback-uploads'); d.onsuccess = d.onerror = d.onblocked = r; });`);
      await page.goto(url);
      return page;
    }

    /** The newest session of a flow once `done` holds for it. */
    const newestSession = (flowId: string, done: (s: SessionRecord) => boolean, what: string) =>
      waitUntil(async () => (await server.sessions(flowId))[0], (s) => !!s && done(s), what).then((s) => s!);

    async function toTheOpenQuestion(widget: Widget): Promise<void> {
      await widget.click("I'm choosing a tool for my team");
      await widget.click('1 to 10 people');
      await widget.seeHeading('Tell us in your own words');
    }

    /** Records for about `seconds` (running `during` meanwhile) and stops; resolves once the take is reviewed or refused. */
    async function record(widget: Widget, kind: 'video' | 'audio', seconds: number, during?: () => Promise<void>): Promise<void> {
      await widget.click(kind === 'video' ? 'Record video' : 'Record audio');
      await widget.click('Start recording');
      await widget.click('Start now');
      await widget.waitFor('Stop recording');
      const started = Date.now();
      if (during) await during();
      const left = seconds * 1000 - (Date.now() - started);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      await widget.click('Stop recording');
    }

    /** The clip behind a recorded answer, processed, with the length the widget reported. */
    async function settledClip(answer: Answer | undefined): Promise<ClipInfo> {
      expect(answer?.clipId, JSON.stringify(answer)).toBeTruthy();
      const clip = await api.settle(answer!.clipId!, undefined, 60_000);
      expect(clip.status, `${clip.status}: ${clip.reason ?? ''}`).toBe('ready');
      // No engine loses the end of an answer: what the server holds is as long as what the viewer recorded.
      expect(clip.durationSeconds!).toBeGreaterThan(answer!.durationSeconds! - 0.6);
      // …and not much longer: an MP4 take runs on silently for at most ~1.8 s after the press (recorder.component.ts
      // `_stop`); WebKitGTK once filled that wait with minutes of silence (microphone-tap.ts).
      expect(clip.durationSeconds!).toBeLessThan(answer!.durationSeconds! + 2.5);
      return clip;
    }

    it('inline on the demo page: choices, a typed answer, a reload mid-flow, the call to action and the end', async () => {
      const page = await freshPage(`${proxy.url}/demo/?utm_source=${engine}`);
      const widget = widgetOn(page, '#reelback-inline');
      await widget.seeHeading("Hi, I'm Maya from Acme Boards");
      await toTheOpenQuestion(widget);
      await widget.click('Type your answer');
      await widget.fill('Your answer', `Typed in ${engine} <b>bold</b>`);
      await widget.click('Send');
      await widget.seeHeading('Plans that grow with you');
      await page.reload();
      const again = widgetOn(page, '#reelback-inline');
      await again.seeHeading('Plans that grow with you');
      await again.click('See pricing');
      await again.seeHeading('Thank you!');
      const session = await newestSession('demo', (s) => s.completedAt !== null, 'the completed demo session');
      expect(answersOf(session).wish).toEqual({ kind: 'text', text: `Typed in ${engine} <b>bold</b>` });
      expect(session.context.embedMode).toBe('inline');
      // One session across the reload.
      expect((await server.sessions('demo')).filter((s) => s.context.embedMode === 'inline')).toHaveLength(1);
      await page.close();
    });

    it('script-tag embed on another origin: a rating, an NPS score, a typed answer and a contact form', async () => {
      const page = await freshPage(`${hosts.url}/script?flow=every-answer`);
      const widget = widgetOn(page, 'reelback-flow');
      await widget.seeHeading('Rate the demo');
      await widget.fill('4 of 5', true);
      await widget.click('Send');
      await widget.seeHeading('Would you recommend us?');
      await widget.fill('9 of 10', true);
      await widget.click('Send');
      await widget.seeHeading('Anything else?');
      await widget.click('Type your answer');
      await widget.fill('Your answer', 'Nothing else.');
      await widget.click('Send');
      await widget.seeHeading('Stay in touch');
      await widget.fill('Your name', 'Ada');
      await widget.fill('E-mail', 'ada@example.com');
      await widget.fill('You may contact me about my answers.', true);
      await widget.click('Send');
      await widget.seeHeading('All done');
      const session = await newestSession('every-answer', (s) => s.completedAt !== null, 'the completed session');
      expect(session.context.embedMode).toBe('script');
      const answers = answersOf(session);
      expect(answers.rate).toEqual({ kind: 'rating', value: 4 });
      expect(answers.nps).toEqual({ kind: 'nps', value: 9 });
      expect(answers.say).toEqual({ kind: 'text', text: 'Nothing else.' });
      expect(answers.contact).toMatchObject({ kind: 'contact', consent: true });
      await page.close();
    });

    it('bubble on another origin: the launcher opens the player, which answers', async () => {
      const page = await freshPage(`${hosts.url}/bubble?flow=demo`);
      const bubble = widgetOn(page, 'reelback-bubble');
      await bubble.click('Open video feedback');
      await bubble.seeHeading("Hi, I'm Maya from Acme Boards");
      await bubble.click("I'm just looking around");
      await bubble.seeHeading('Take your time');
      const session = await newestSession('demo', (s) => s.context.embedMode === 'bubble' && s.events.some((e) => e.event.type === 'reelback.choice.selected'), 'the bubble session');
      expect(session.events.map((e) => e.event.type).filter((t) => t !== 'reelback.video.progressed')).toEqual([
        'reelback.session.started',
        'reelback.step.viewed',
        'reelback.choice.selected',
        'reelback.step.viewed',
      ]);
      await page.close();
    });

    it('a recorded audio answer arrives whole: the server holds as long a clip as was recorded', async () => {
      const page = await freshPage(`${proxy.url}/demo/`);
      const widget = widgetOn(page, '#reelback-inline');
      await toTheOpenQuestion(widget);
      await record(widget, 'audio', 3);
      await widget.click('Send');
      await widget.seeHeading('Plans that grow with you');
      const session = await newestSession('demo', (s) => !!answersOf(s).wish, 'the recorded answer');
      const clip = await settledClip(answersOf(session).wish);
      expect(clip.kind).toBe('audio');
      expect(clip.durationSeconds!).toBeGreaterThan(2.4);
      await page.close();
    });

    if (ENGINE_LIMITS[engine].recordsVideo) {
      it('a recorded video answer goes through a dropped network mid-upload and arrives whole', async () => {
        const page = await freshPage(`${proxy.url}/demo/`);
        const widget = widgetOn(page, '#reelback-inline');
        await toTheOpenQuestion(widget);
        await record(widget, 'video', 5, async () => {
          await new Promise((r) => setTimeout(r, 1500));
          proxy.down();
          await new Promise((r) => setTimeout(r, 2000));
          proxy.up();
        });
        await widget.click('Send');
        await widget.seeHeading('Plans that grow with you');
        const session = await newestSession('demo', (s) => !!answersOf(s).wish, 'the recorded answer');
        const clip = await settledClip(answersOf(session).wish);
        expect(clip.kind).toBe('video');
        expect(clip.durationSeconds!).toBeGreaterThan(4);
        await page.close();
      });
    } else {
      it('an empty video take (this engine records no video here) is said so, never sent, and audio answers instead', async () => {
        const page = await freshPage(`${proxy.url}/demo/`);
        const widget = widgetOn(page, '#reelback-inline');
        await toTheOpenQuestion(widget);
        await record(widget, 'video', 2);
        await widget.seeText('Your recording came out empty');
        // The way that failed is gone; the others remain.
        expect(await widget.has('Record video')).toBe(false);
        expect(await widget.has('Type your answer')).toBe(true);
        expect(answersOf((await server.sessions('demo'))[0]).wish).toBeUndefined();
        // …and the network drops in the middle of the audio answer's upload.
        await record(widget, 'audio', 4, async () => {
          await new Promise((r) => setTimeout(r, 1500));
          proxy.down();
          await new Promise((r) => setTimeout(r, 2000));
          proxy.up();
        });
        await widget.click('Send');
        await widget.seeHeading('Plans that grow with you');
        const session = await newestSession('demo', (s) => !!answersOf(s).wish, 'the recorded answer');
        const clip = await settledClip(answersOf(session).wish);
        expect(clip.kind).toBe('audio');
        await page.close();
      });
    }

    // In WebKit these answer with an audio take (its video takes are empty here).
    it.each(lazyChunks())('a lazily loaded chunk failing once (%s) costs no answer, not even across a reload', async (chunk) => {
      const file = chunk.split('/').pop()!;
      const failed = proxy.failOnce((path) => path.endsWith(`/${file}`));
      const page = await freshPage(`${proxy.url}/demo/`);
      const widget = widgetOn(page, '#reelback-inline');
      await toTheOpenQuestion(widget);
      // The upload cannot get through, so the answer waits in the browser for the page after the reload: that page
      // loads the upload client to send it (the one path that imports some chunks).
      const release = proxy.refuse((path) => path.startsWith('/api/v1/uploads'));
      await record(widget, 'audio', 1.5);
      await widget.click('Send');
      await widget.seeHeading('Plans that grow with you');
      await page.reload();
      release();
      await widgetOn(page, '#reelback-inline').seeHeading('Plans that grow with you');
      const session = await newestSession('demo', (s) => !!answersOf(s).wish, 'the recorded answer');
      await settledClip(answersOf(session).wish);
      // The chunk really failed once on the way.
      expect(await Promise.race([failed, new Promise((r) => setTimeout(() => r('never requested'), 1000))])).toMatch(file);
      // No browser error text reached the viewer.
      expect((await widgetOn(page, '#reelback-inline').texts()).join(' ')).not.toMatch(/import|module|TypeError/i);
      await page.close();
    });
  });
}
