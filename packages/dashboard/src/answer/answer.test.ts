import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { startWorker } from '../test-support/fake-api.js';
import { FakeAnswers } from '../test-support/fake-answer-page.js';
import {
  CLIP_ID,
  FAILED_ANSWER_ID,
  FAILED_CLIP_ID,
  failedVideoAnswer,
  OTHER_VIDEO_ANSWER_ID,
  scriptJourney,
  TEXT_ANSWER_ID,
  textAnswer,
  VIDEO_ANSWER_ID,
  videoAnswer,
  videoJourney,
  welcomeTranscript,
  withheldContactAnswer,
  XSS,
} from '../test-support/answer-fixtures.js';
import { clip } from '../test-support/fixtures.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';
import { segmentIndexAt } from './transcript.js';

let api: FakeAnswers;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeAnswers().install();
  api.answers.set(VIDEO_ANSWER_ID, videoAnswer());
  api.journeys.set(VIDEO_ANSWER_ID, videoJourney());
  api.transcripts.set(CLIP_ID, welcomeTranscript());
  api.tags = ['bug', 'budget', 'praise', 'pricing'];
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

const answerEl = (app: Element) => deep(app, 'rb-answer')!;
const review = (app: Element) => deep(app, 'rb-answer', 'rb-answer-review')!;
const inReview = <E extends Element = HTMLElement>(app: Element, selector: string) => review(app).shadowRoot!.querySelector<E>(selector);

/** Opens the answer page and waits until its video (the demo's welcome.mp4, 5.3 s) can seek. */
async function openAnswer(path = `/app/answers/${VIDEO_ANSWER_ID}`, segments = 3) {
  const app = mountApp(path);
  await expect.element(page.getByRole('heading', { name: 'Video answer to “Tell us what you wish for”' })).toBeVisible();
  await expect.poll(() => deep(app, 'rb-answer', 'video')).not.toBeNull();
  const video = deep<HTMLVideoElement>(app, 'rb-answer', 'video')!;
  await expect.poll(() => video.readyState, { timeout: 10_000 }).toBeGreaterThanOrEqual(HTMLMediaElement.HAVE_METADATA);
  expect(video.duration).toBeCloseTo(5.3, 1);
  await expect.poll(() => deepAll(app, ['rb-answer'], '.transcript button').length).toBe(segments);
  return { app, video };
}

async function openText(path = `/app/answers/${TEXT_ANSWER_ID}`) {
  const app = mountApp(path);
  // The step's title once the journey is there (some tests give none: then its id).
  await expect.element(page.getByRole('heading', { name: /^Text answer to “(wish|Tell us what you wish for)”$/ })).toBeVisible();
  return app;
}

const current = (app: Element) =>
  deepAll(app, ['rb-answer'], '.transcript button')
    .map((b, i) => (b.getAttribute('aria-current') === 'true' ? i : -1))
    .filter((i) => i >= 0);

async function seekTo(video: HTMLVideoElement, time: number): Promise<void> {
  const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
  video.currentTime = time;
  await seeked;
}

const patches = () => api.sent('PATCH', `/answers/${VIDEO_ANSWER_ID}`).map((r) => r.body);

describe('answer page: clip and transcript', () => {
  it('loads the answer by its id and shows the clip with captions and its transcript, highlighting the segment being played', async () => {
    const { app, video } = await openAnswer();
    expect(api.sent('GET', `/answers/${VIDEO_ANSWER_ID}`)).toHaveLength(1);
    expect(video.getAttribute('src')).toBe(`/api/v1/clips/${CLIP_ID}/media/video`);
    expect(video.getAttribute('poster')).toBe(`/api/v1/clips/${CLIP_ID}/media/poster`);
    const track = video.querySelector('track')!;
    expect([track.kind, track.getAttribute('src'), track.srclang]).toEqual(['captions', `/api/v1/clips/${CLIP_ID}/transcript.vtt`, 'en']);
    const segments = deepAll(app, ['rb-answer'], '.transcript button').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(segments).toEqual(["Play from 0:00 Hi, I'm Maya", 'Play from 0:01 from Acme Boards.', 'Play from 0:03 What brings you here today?']);
    expect(current(app)).toEqual([]);

    await seekTo(video, 0.5);
    await expect.poll(() => current(app)).toEqual([0]);
    await seekTo(video, 1.9);
    await expect.poll(() => current(app)).toEqual([1]);
    await seekTo(video, 2.9); // the pause between two segments keeps the last one
    await expect.poll(() => current(app)).toEqual([1]);
    await seekTo(video, 4.2);
    await expect.poll(() => current(app)).toEqual([2]);
  });

  it('seeks the video to a segment when it is clicked or chosen with Enter', async () => {
    const { app, video } = await openAnswer();
    await page.getByRole('button', { name: /from Acme Boards/ }).click();
    expect(video.currentTime).toBeCloseTo(1.5, 2);
    await expect.poll(() => current(app)).toEqual([1]);
    await page.getByRole('button', { name: /What brings you here/ }).click();
    await expect.poll(() => video.currentTime).toBeCloseTo(3.0, 2);
    await expect.poll(() => current(app)).toEqual([2]);
    deepAll(app, ['rb-answer'], '.transcript button')[0]!.focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => video.currentTime).toBeCloseTo(0.2, 2);
  });

  it('follows playback', async () => {
    const { app, video } = await openAnswer();
    video.muted = true;
    await seekTo(video, 1.2);
    await video.play();
    await expect.poll(() => current(app), { timeout: 5000 }).toEqual([1]);
    video.pause();
  });

  it('starts at the ?t= of a shared link', async () => {
    const { app, video } = await openAnswer(`/app/answers/${VIDEO_ANSWER_ID}?t=3.2`);
    await expect.poll(() => video.currentTime).toBeCloseTo(3.2, 1);
    await expect.poll(() => current(app)).toEqual([2]);
    await expect.element(page.getByRole('button', { name: 'Copy link at 0:03' })).toBeVisible();
  });

  it('edits the transcript (PUT with every segment), then shows the original on request', async () => {
    const { app } = await openAnswer();
    await page.getByRole('button', { name: 'Edit transcript' }).click();
    const second = page.getByRole('textbox', { name: '0:01–0:02' });
    await expect.element(second).toHaveValue('from Acme Boards.');
    await second.fill('from Acme Boards, the skateboard shop.');
    await page.getByRole('button', { name: 'Save transcript' }).click();
    await expect.element(page.getByRole('button', { name: /the skateboard shop/ })).toBeVisible();
    expect(api.sent('PUT', `/clips/${CLIP_ID}/transcript`).map((r) => r.body)).toEqual([
      {
        segments: [
          { start: 0.2, end: 1.5, text: "Hi, I'm Maya" },
          { start: 1.5, end: 2.8, text: 'from Acme Boards, the skateboard shop.' },
          { start: 3.0, end: 5.0, text: 'What brings you here today?' },
        ],
      },
    ]);
    expect(api.sent('PUT', `/clips/${CLIP_ID}/transcript`)[0]!.csrf).toBe('csrf-token-123');
    // The captions follow the edit.
    expect(deep(app, 'rb-answer', 'track')!.getAttribute('src')).toContain('transcript.vtt?v=');
    const toggle = page.getByRole('button', { name: 'Edited — see original' });
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'false');
    const original = deep(app, 'rb-answer', '#original')!;
    expect(original.hidden).toBe(true);
    await toggle.click();
    await expect.element(page.getByRole('button', { name: 'Hide the original' })).toHaveAttribute('aria-expanded', 'true');
    expect(original.hidden).toBe(false);
    expect(original.textContent).toContain('from Acme Boards.');
    expect(original.textContent).not.toContain('skateboard');
  });

  it('cancels a transcript edit without sending it', async () => {
    await openAnswer();
    await page.getByRole('button', { name: 'Edit transcript' }).click();
    await page.getByRole('textbox', { name: '0:00–0:01' }).fill('Something else');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.element(page.getByRole('button', { name: /Hi, I'm Maya/ })).toBeVisible();
    expect(api.sent('PUT', `/clips/${CLIP_ID}/transcript`)).toEqual([]);
  });

  it('says why a clip cannot be played', async () => {
    api.answers.set(FAILED_ANSWER_ID, failedVideoAnswer());
    api.clips.set(FAILED_CLIP_ID, { ...clip(FAILED_CLIP_ID, 'ses', 'wish', 'rejected', 'The recording has no picture or sound.') });
    const app = mountApp(`/app/answers/${FAILED_ANSWER_ID}`);
    await expect.element(page.getByText('This video is rejected: The recording has no picture or sound.')).toBeVisible();
    expect(deep(app, 'rb-answer', 'video')).toBeNull();
  });

  it('marks words PocketSphinx was unsure of as unclear, not as confident text (axe clean)', async () => {
    const w = (text: string, start: number, confidence: number) => ({ text, start, end: start + 0.3, confidence });
    api.transcripts.set(CLIP_ID, {
      ...welcomeTranscript(),
      accuracyNote: 'Transcribed offline by PocketSphinx (English only): expect many more mistakes than with Whisper.',
      segments: [
        { start: 0.2, end: 1.5, text: 'hi new dodge', words: [w('hi', 0.2, 0.97), w('new', 0.6, 0.31), w('dodge', 1.0, 0.12)] },
        { start: 1.5, end: 2.8, text: 'from acme', words: [w('from', 1.5, 0.9), w('acme', 2.0, 0.8)] },
        { start: 3.0, end: 5.0, text: 'What brings you here today?' },
      ],
    });
    const { app } = await openAnswer();
    const unclear = deepAll(app, ['rb-answer'], '.transcript .unclear');
    expect(unclear.map((e) => e.textContent)).toEqual(['(unclear: new dodge)']);
    expect(deepAll(app, ['rb-answer'], '.transcript .text')[0]!.textContent!.replace(/\s+/g, ' ')).toBe('hi (unclear: new dodge)');
    await expect.element(page.getByText('were not heard clearly')).toBeVisible();
    // Clear words stay plain text.
    expect(deepAll(app, ['rb-answer'], '.transcript .text')[1]!.textContent).toBe('from acme');
    expect(await violations()).toEqual([]);
  });

  it('says "No speech recognised" for a ready transcript with nothing in it', async () => {
    api.transcripts.set(CLIP_ID, { ...welcomeTranscript(), text: '', segments: [] });
    mountApp(`/app/answers/${VIDEO_ANSWER_ID}`);
    await expect.element(page.getByText('No speech recognised.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Edit transcript' })).not.toBeInTheDocument();
  });

  it('says when there is no such answer', async () => {
    mountApp('/app/answers/ans_nosuchanswer');
    await expect.element(page.getByRole('alert')).toHaveTextContent('There is no such answer');
  });
});

describe('answer page: review', () => {
  it('sends status, star, tags and note as PATCH bodies with the CSRF token', async () => {
    const { app } = await openAnswer();
    await page.getByRole('radio', { name: 'Reviewed' }).click();
    await expect.poll(patches).toEqual([{ status: 'reviewed' }]);
    await expect.element(page.getByRole('status').filter({ hasText: 'Marked reviewed' })).toBeVisible();

    const star = page.getByRole('button', { name: 'Star', exact: true });
    await expect.element(star).toHaveAttribute('aria-pressed', 'false');
    await star.click();
    await expect.element(star).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(patches).toEqual([{ status: 'reviewed' }, { starred: true }]);

    // Suggestions from the workspace's tags for what is typed.
    const tagInput = page.getByRole('combobox', { name: 'Add a tag' });
    await tagInput.fill('bu');
    await expect.poll(() => api.sent('GET', '/answer-tags').map((r) => r.search)).toContain('?prefix=bu');
    await expect.poll(() => [...review(app).shadowRoot!.querySelectorAll('datalist option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['bug', 'budget']);
    await tagInput.fill('  Bug ');
    await userEvent.keyboard('{Enter}');
    await expect.poll(patches).toEqual([{ status: 'reviewed' }, { starred: true }, { tags: ['pricing', 'bug'] }]);
    await expect.element(page.getByRole('button', { name: 'Remove tag bug' })).toBeVisible();
    await page.getByRole('button', { name: 'Remove tag pricing' }).click();
    await expect.poll(() => patches().at(-1)).toEqual({ tags: ['bug'] });

    const note = page.getByRole('textbox', { name: 'Note' });
    await note.fill('Wants a cheaper plan for schools.');
    await page.getByRole('radio', { name: 'Archived' }).click(); // leaving the note saves it
    await expect.poll(() => patches().slice(-2)).toEqual([{ note: 'Wants a cheaper plan for schools.' }, { status: 'archived' }]);
    await note.fill('');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => patches().at(-1)).toEqual({ note: null });

    expect(api.sent('PATCH', `/answers/${VIDEO_ANSWER_ID}`).every((r) => r.csrf === 'csrf-token-123')).toBe(true);
    await expect.poll(() => api.answers.get(VIDEO_ANSWER_ID)).toMatchObject({ status: 'archived', starred: true, tags: ['bug'], note: null });
  });

  it('puts a change back and says why when the server refuses it', async () => {
    const { app } = await openAnswer();
    api.patchFailure = 500;
    const star = page.getByRole('button', { name: 'Star', exact: true });
    await star.click();
    await expect.poll(patches).toEqual([{ starred: true }]);
    await expect.element(page.getByRole('alert')).toHaveTextContent('The star could not be saved: The database is not reachable. It is back as it was.');
    await expect.element(star).toHaveAttribute('aria-pressed', 'false');

    await page.getByRole('radio', { name: 'Reviewed' }).click();
    await expect.poll(() => inReview<HTMLInputElement>(app, 'input[value="new"]')!.checked).toBe(true);
    await expect.element(page.getByRole('alert')).toHaveTextContent('The status could not be saved');

    await page.getByRole('button', { name: 'Remove tag pricing' }).click();
    await expect.element(page.getByRole('button', { name: 'Remove tag pricing' })).toBeVisible();
    expect(api.answers.get(VIDEO_ANSWER_ID)).toMatchObject({ status: 'new', starred: false, tags: ['pricing'] });
  });

  it('has keyboard shortcuts: r reviewed, s star, t tag input, e edit transcript, space play/pause — not while typing', async () => {
    const { app, video } = await openAnswer();
    video.muted = true;
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('r');
    await expect.poll(patches).toEqual([{ status: 'reviewed' }]);
    await userEvent.keyboard('s');
    await expect.poll(patches).toEqual([{ status: 'reviewed' }, { starred: true }]);
    await userEvent.keyboard('t');
    await expect.poll(() => review(app).shadowRoot!.activeElement?.id).toBe('tag-input');
    await userEvent.keyboard('soon');
    expect(inReview<HTMLInputElement>(app, '#tag-input')!.value).toBe('soon');
    expect(patches()).toHaveLength(2); // typing "s" in the tag input did not star
    inReview<HTMLInputElement>(app, '#tag-input')!.blur();

    await userEvent.keyboard(' ');
    await expect.poll(() => video.paused).toBe(false);
    await userEvent.keyboard(' ');
    await expect.poll(() => video.paused).toBe(true);

    await userEvent.keyboard('e');
    await expect.poll(() => answerEl(app).shadowRoot!.activeElement?.id).toBe('segment-0');
  });

  it('is read-only for managers', async () => {
    api.role = 'manager';
    api.answers.set(VIDEO_ANSWER_ID, videoAnswer({ note: 'Call back on Monday', starred: true }));
    const { app } = await openAnswer();
    await expect.element(page.getByText('You can read this answer.', { exact: false })).toBeVisible();
    expect(deepAll<HTMLInputElement>(app, ['rb-answer', 'rb-answer-review'], 'input[type="radio"]').map((r) => r.disabled)).toEqual([true, true, true]);
    await expect.element(page.getByRole('button', { name: 'Star', exact: true })).toBeDisabled();
    expect(inReview(app, '#tag-input')).toBeNull();
    expect(inReview(app, 'textarea')).toBeNull();
    expect(inReview(app, '.note-text')!.textContent).toBe('Call back on Monday');
    expect(deepAll(app, ['rb-answer', 'rb-answer-review'], '.chip').map((c) => c.textContent!.trim())).toEqual(['pricing']);
    expect(deepAll(app, ['rb-answer', 'rb-answer-review'], '.chip button')).toEqual([]);
    expect(deep(app, 'rb-answer', '#edit-transcript')).toBeNull();
    expect(deep(app, 'rb-answer', 'rb-backlog-item')!.shadowRoot!.querySelector('button')).toBeNull();
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('rse');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(deep(app, 'rb-answer', '.editor')).toBeNull();
  });
});

describe('answer page: journey', () => {
  it("lists the viewer's path with what they answered, the current step marked", async () => {
    const { app } = await openAnswer();
    await expect.poll(() => deepAll(app, ['rb-answer'], '.journey > li').length).toBe(5);
    const steps = deepAll(app, ['rb-answer'], '.journey > li');
    expect(steps.map((s) => s.getAttribute('aria-current'))).toEqual([null, null, null, null, 'step']);
    const said = steps.map((s) => s.children[1]!.textContent!.replace(/\s+/g, ' ').trim());
    expect(said).toEqual(['Chose “Pricing questions”', 'Rated 4', 'Contact details withheld (no consent)', 'Recorded a video', 'Recorded a video (this answer)']);
    expect(steps[0]!.textContent).toContain('What brings you here?');
    const other = page.getByRole('link', { name: 'Recorded a video' });
    await expect.element(other).toHaveAttribute('href', `/app/answers/${OTHER_VIDEO_ANSWER_ID}`);
    const pageLink = deep<HTMLAnchorElement>(app, 'rb-answer', '.context a')!;
    expect([pageLink.textContent, pageLink.href, pageLink.rel, pageLink.target]).toEqual([
      'https://acme.example/pricing',
      'https://acme.example/pricing',
      'noopener noreferrer nofollow',
      '_blank',
    ]);
  });

  it('follows a link to another answer of the journey', async () => {
    const { app } = await openAnswer();
    api.answers.set(OTHER_VIDEO_ANSWER_ID, videoAnswer({ id: OTHER_VIDEO_ANSWER_ID, stepId: 'intro' }));
    await page.getByRole('link', { name: 'Recorded a video' }).click();
    await expect.element(page.getByRole('heading', { name: 'Video answer to “intro”' })).toBeVisible();
    expect(location.pathname).toBe(`/app/answers/${OTHER_VIDEO_ANSWER_ID}`);
    expect(deep(app, 'rb-answer')!.getAttribute('answer-id')).toBe(OTHER_VIDEO_ANSWER_ID);
  });
});

describe('answer page: viewer text is inert', () => {
  it('renders a text answer, journey, page URL, transcript and note made of HTML or scripts as text', async () => {
    api.answers.set(TEXT_ANSWER_ID, textAnswer(XSS, { note: XSS, tags: [] }));
    api.journeys.set(TEXT_ANSWER_ID, scriptJourney());
    api.role = 'manager'; // the note as text
    const app = await openText();
    await expect.poll(() => deepAll(app, ['rb-answer'], '.journey > li').length).toBe(2);
    const root = answerEl(app).shadowRoot!;
    expect(root.querySelector('.value')!.textContent).toBe(XSS);
    expect(inReview(app, '.note-text')!.textContent).toBe(XSS);
    await expect.element(page.getByText('javascript:alert(1)')).toBeVisible();
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['/app/']);
    expect(root.querySelector('.journey')!.textContent).toContain(`Wrote “${XSS}”`);
    expect(root.querySelector('.journey dd')!.textContent).toBe(XSS);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(review(app).shadowRoot!.querySelectorAll('img')).toHaveLength(0);

    api.answers.set(VIDEO_ANSWER_ID, videoAnswer());
    api.transcripts.set(CLIP_ID, { ...welcomeTranscript(), segments: [{ start: 0, end: 2, text: XSS }] });
    unmountApp();
    const { app: videoApp } = await openAnswer(`/app/answers/${VIDEO_ANSWER_ID}`, 1);
    expect(deep(videoApp, 'rb-answer', '.transcript .text')!.textContent).toBe(XSS);
    expect(answerEl(videoApp).shadowRoot!.querySelectorAll('img')).toHaveLength(0);
  });

  it('shows a text answer and a withheld contact answer as the server gives them', async () => {
    api.answers.set(TEXT_ANSWER_ID, textAnswer('Cheaper plans for schools, please.'));
    const app = await openText();
    expect(deep(app, 'rb-answer', 'video')).toBeNull();
    expect(deep(app, 'rb-answer', '.value')!.textContent).toBe('Cheaper plans for schools, please.');
    await expect.element(page.getByRole('button', { name: 'Copy link', exact: true })).toBeVisible();
    unmountApp();
    api.answers.set(withheldContactAnswer().id, withheldContactAnswer());
    mountApp(`/app/answers/${withheldContactAnswer().id}`);
    await expect.element(page.getByRole('heading', { name: 'Contact details to “contact”' })).toBeVisible();
    await expect.element(page.getByText('Contact details withheld (no consent)')).toBeVisible();
  });
});

describe('answer page: link at a timestamp', () => {
  it('copies a link to this moment for colleagues', async () => {
    const { video } = await openAnswer();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await seekTo(video, 1.94);
    const button = page.getByRole('button', { name: 'Copy link at 0:01' });
    await button.click();
    expect(writeText).toHaveBeenCalledWith(`${location.origin}/app/answers/${VIDEO_ANSWER_ID}?t=1.9`);
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  });

  it('selects the link in a field when the browser refuses to copy', async () => {
    const { app } = await openAnswer();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    await page.getByRole('button', { name: 'Copy link at 0:00' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: /refused.*selected.*Ctrl\+C/ })).toBeVisible();
    const field = deep<HTMLInputElement>(app, 'rb-answer', '#link-field')!;
    expect(field.value).toBe(`${location.origin}/app/answers/${VIDEO_ANSWER_ID}`);
    expect(field.readOnly).toBe(true);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length]);
  });
});

describe('answer page: backlog', () => {
  it('creates a backlog item linking back to the moment, showing progress, then the link', async () => {
    const { app, video } = await openAnswer();
    let release!: () => void;
    api.backlogGate = new Promise((resolve) => (release = resolve));
    await seekTo(video, 2.34);
    await page.getByRole('button', { name: 'Create backlog item' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Creating the backlog item…' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Create backlog item' })).toBeDisabled();
    release();
    const link = page.getByRole('link', { name: 'acme/feedback#42' });
    await expect.element(link).toHaveAttribute('href', 'https://github.com/acme/feedback/issues/42');
    await expect.element(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(api.sent('POST', `/answers/${VIDEO_ANSWER_ID}/backlog-item`).map((r) => [r.body, r.csrf])).toEqual([[{ at: 2.3 }, 'csrf-token-123']]);
    expect(deep(app, 'rb-answer', 'rb-backlog-item')!.shadowRoot!.querySelector('button')).toBeNull();
  });

  it('sends no time for an answer without a clip, and shows an existing item instead of the button (links only when http(s))', async () => {
    api.answers.set(TEXT_ANSWER_ID, textAnswer('Dark mode'));
    await openText();
    await page.getByRole('button', { name: 'Create backlog item' }).click();
    await expect.element(page.getByRole('link', { name: 'acme/feedback#42' })).toBeVisible();
    expect(api.sent('POST', `/answers/${TEXT_ANSWER_ID}/backlog-item`).map((r) => r.body)).toEqual([{}]);
    unmountApp();
    api.answers.set(TEXT_ANSWER_ID, textAnswer('Dark mode', { backlogItem: { url: 'javascript:alert(1)', key: 'FEED-7', tracker: 'jira', createdAt: '2025-05-02T08:00:00.000Z' } }));
    const app = await openText();
    await expect.element(page.getByText('FEED-7')).toBeVisible();
    const backlog = deep(app, 'rb-answer', 'rb-backlog-item')!.shadowRoot!;
    expect(backlog.querySelector('a')).toBeNull();
    expect(backlog.querySelector('button')).toBeNull();
  });

  it('says to ask an admin (owners) or links to Settings (admins) when no tracker is set up', async () => {
    api.backlog = [{ kind: 'no-tracker' }];
    await openAnswer();
    await page.getByRole('button', { name: 'Create backlog item' }).click();
    await expect.element(page.getByText('No backlog tracker is set up for this workspace.', { exact: false })).toBeVisible();
    await expect.element(page.getByText('Ask an admin of the workspace', { exact: false })).toBeVisible();
    expect(page.getByRole('link', { name: 'Set one up in Settings' }).query()).toBeNull();
    unmountApp();

    api.role = 'admin';
    api.backlog = [{ kind: 'no-tracker' }];
    await openAnswer();
    await page.getByRole('button', { name: 'Create backlog item' }).click();
    await expect.element(page.getByRole('link', { name: 'Set one up in Settings' })).toHaveAttribute('href', '/app/settings');
  });

  it("shows the tracker's message when it fails, and retries", async () => {
    api.backlog = [{ kind: 'failed', message: 'GitHub refused the token (401): Bad credentials', retryAfter: 30 }];
    await openAnswer();
    await page.getByRole('button', { name: 'Create backlog item' }).click();
    await expect
      .element(page.getByText('The backlog item could not be created: GitHub refused the token (401): Bad credentials', { exact: false }))
      .toHaveTextContent('wait 30 s');
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.element(page.getByRole('link', { name: 'acme/feedback#42' })).toBeVisible();
    expect(api.sent('POST', `/answers/${VIDEO_ANSWER_ID}/backlog-item`)).toHaveLength(2);
    expect(page.getByRole('button', { name: 'Retry' }).query()).toBeNull();
  });

  it('tells a hand-off under way from a missing tracker, and says when retrying will not help', async () => {
    api.backlog = [{ kind: 'pending' }, { kind: 'failed', message: 'Jira refused the project key FEED', retryable: false }];
    await openAnswer();
    await page.getByRole('button', { name: 'Create backlog item' }).click();
    await expect.element(page.getByText('This answer is being handed off right now', { exact: false })).toBeVisible();
    expect(page.getByText('No backlog tracker is set up', { exact: false }).query()).toBeNull();
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect
      .element(page.getByText('Jira refused the project key FEED', { exact: false }))
      .toHaveTextContent('Trying again will not help until the tracker settings are fixed.');
    expect(api.sent('POST', `/answers/${VIDEO_ANSWER_ID}/backlog-item`)).toHaveLength(2);
  });
});

describe('answer page: accessibility', () => {
  it('has no axe violations (owner, with the journey and an edited transcript)', async () => {
    const { video } = await openAnswer();
    await seekTo(video, 1.9);
    await page.getByRole('button', { name: 'Edit transcript' }).click();
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Save transcript' }).click();
    await page.getByRole('button', { name: 'Edited — see original' }).click();
    await expect.poll(() => deepAll(document.body, ['rb-app', 'rb-answer'], '.journey > li').length).toBe(5);
    expect(await violations()).toEqual([]);
  });

  it('has no axe violations read-only, with a text answer', async () => {
    api.role = 'manager';
    api.answers.set(TEXT_ANSWER_ID, textAnswer('Dark mode', { note: 'Asked twice', tags: ['ui'] }));
    api.journeys.set(TEXT_ANSWER_ID, scriptJourney());
    await openText();
    await expect.poll(() => deepAll(document.body, ['rb-app', 'rb-answer'], '.journey > li').length).toBe(2);
    expect(await violations()).toEqual([]);
  });
});

describe('segmentIndexAt', () => {
  const segments = [
    { start: 1, end: 2 },
    { start: 2, end: 3 },
    { start: 4, end: 5 },
  ];
  it.each([
    [0, -1],
    [1, 0],
    [1.99, 0],
    [2, 1],
    [3.5, 1],
    [4, 2],
    [99, 2],
  ])('at %s s is segment %s', (time, index) => {
    expect(segmentIndexAt(segments, time)).toBe(index);
  });
  it('is -1 without segments', () => expect(segmentIndexAt([], 3)).toBe(-1));
});
