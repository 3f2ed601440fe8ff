import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { http, HttpResponse } from 'msw';
import type { AnswerItem, FlowDefinition, FlowSummary } from '@reelback/shared';
import { ApiClient } from '../api/api-client.js';
import type { NavigateRequest } from '../app/routes.js';
import { violations } from '../test-support/axe.js';
import { FakeApi, startWorker, worker } from '../test-support/fake-api.js';
import { FakeInbox, inboxItem as answerItem } from '../test-support/fake-inbox.js';
import { XSS } from '../test-support/fixtures.js';
import { mountApp, unmountApp } from '../test-support/mount.js';
import { defineRbInbox, type RbInbox } from './inbox.component.js';

defineRbInbox();

const definition = (name: string, steps: FlowDefinition['steps']) => ({ name, steps }) as FlowDefinition;
const demo: FlowSummary = {
  id: 'demo',
  name: 'Demo tour',
  draft: definition('Demo tour', []),
  latestVersion: 1,
  createdAt: '2025-04-01T09:00:00.000Z',
  updatedAt: '2025-04-01T09:00:00.000Z',
  problems: [],
};
const onboarding: FlowSummary = {
  ...demo,
  id: 'onboarding',
  name: 'Onboarding',
  latestVersion: null,
  draft: definition('Onboarding', [{ id: 'score', prompt: { title: 'How was it?' }, answer: { type: 'rating', scale: 5 } } as FlowDefinition['steps'][number]]),
};
const demoV1 = definition('Demo tour', [
  { id: 'welcome', prompt: { title: 'Hello' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A' }] } },
  { id: 'wish', prompt: { title: 'Your wish' }, answer: { type: 'open', kinds: ['video', 'text'], maxDurationSeconds: 60, maxTextLength: 500 } },
  { id: 'bye', prompt: {}, answer: { type: 'end' } },
] as FlowDefinition['steps']);

let api: FakeApi;
let answers: FakeInbox;
let navigations: string[];
const onNavigate = (event: Event) => navigations.push((event as CustomEvent<NavigateRequest>).detail.path);

let video: AnswerItem;
let xss: AnswerItem;
let js: AnswerItem;
let rating: AnswerItem;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeApi().install();
  api.signedIn = true;
  answers = new FakeInbox(api).install();
  video = answerItem({ id: 'ans_video', submittedAt: '2025-05-03T10:00:00.000Z', tags: ['pricing'] });
  xss = answerItem({ id: 'ans_xss', kind: 'text', text: XSS, value: { kind: 'text', text: XSS }, submittedAt: '2025-05-02T10:00:00.000Z' });
  js = answerItem({ id: 'ans_js', kind: 'text', text: 'javascript:alert(1)', value: { kind: 'text', text: 'javascript:alert(1)' }, submittedAt: '2025-05-01T12:00:00.000Z' });
  rating = answerItem({
    id: 'ans_rating',
    kind: 'rating',
    flowId: 'onboarding',
    stepId: 'score',
    value: { kind: 'rating', value: 4 },
    status: 'reviewed',
    starred: true,
    submittedAt: '2025-05-01T09:00:00.000Z',
  });
  answers.answers = [video, xss, js, rating];
  answers.flows = [demo, onboarding];
  answers.versions = [{ flowId: 'demo', version: 1, publishedAt: '2025-04-01T09:00:00.000Z', definition: demoV1 }];
  answers.tags = ['pricing', 'praise', 'bug'];
  navigations = [];
  document.addEventListener('rb-navigate-request', onNavigate);
});
afterEach(() => {
  document.removeEventListener('rb-navigate-request', onNavigate);
  unmountApp();
});

/** The inbox on its own at /app/ (+ query), as <rb-app> renders it; navigation requests are recorded, not followed. */
async function mount(search = '', rows = answers.answers.length): Promise<RbInbox> {
  history.replaceState(null, '', `/app/${search}`);
  document.documentElement.lang = 'en';
  const main = document.createElement('main');
  const inbox = document.createElement('rb-inbox');
  inbox.api = new ApiClient();
  main.append(inbox);
  document.body.append(main);
  await expect.poll(() => rowsOf(inbox).length).toBe(rows);
  return inbox;
}

const $ = <E extends Element = HTMLElement>(inbox: RbInbox, selector: string) => inbox.shadowRoot!.querySelector<E>(selector);
const rowsOf = (inbox: RbInbox) => [...inbox.shadowRoot!.querySelectorAll<HTMLElement>('li.row')];
const rowIds = (inbox: RbInbox) => rowsOf(inbox).map((r) => r.dataset.id);
const rowText = (inbox: RbInbox, id: string) => $(inbox, `li.row[data-id="${id}"]`)!.textContent!.replace(/\s+/g, ' ').trim();
const activeId = (inbox: RbInbox) => (inbox.shadowRoot!.activeElement?.closest('li.row') as HTMLElement | null)?.dataset.id;
const status = (inbox: RbInbox) => $(inbox, '[role=status]')!.textContent!.trim();
const patches = () => api.requests.filter((r) => r.method === 'PATCH');
const lastList = () => answers.lastListQuery();
const listCalls = () => api.requests.filter((r) => new URL(r.url).pathname === '/api/v1/answers').length;

async function choose(inbox: RbInbox, id: string, value: string) {
  const select = $<HTMLSelectElement>(inbox, `#${id}`)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('inbox', () => {
  it('lists the first page newest first: poster, snippet, flow name, step, kind, duration, status, tags, time', async () => {
    const inbox = await mount();
    expect(rowIds(inbox)).toEqual(['ans_video', 'ans_xss', 'ans_js', 'ans_rating']);
    expect(lastList().get('limit')).toBe('50');
    await expect.poll(() => rowText(inbox, 'ans_video')).toContain('Demo tour');
    expect(rowText(inbox, 'ans_video')).toMatch(/Hi, I'm Maya from Acme Boards\. Demo tour · step wish Video 0:05 new .*2025.* pricing/);
    expect(rowText(inbox, 'ans_rating')).toMatch(/Rated 4 Onboarding · step score Rating reviewed ★ starred/);
    expect($<HTMLImageElement>(inbox, 'li.row[data-id="ans_video"] img.thumb')!.getAttribute('src')).toBe('/api/v1/clips/clp_ans_video/media/poster');
    expect($(inbox, 'li.row[data-id="ans_rating"] img')).toBeNull();
    expect($<HTMLTimeElement>(inbox, 'li.row[data-id="ans_video"] time')!.dateTime).toBe('2025-05-03T10:00:00.000Z');
    // A real list, the current row marked; links go to the answer's page.
    expect($(inbox, 'ol[aria-label="Answers, newest first"]')).not.toBeNull();
    expect($(inbox, 'li.row[data-id="ans_video"] a.main')!.getAttribute('aria-current')).toBe('true');
    expect($(inbox, 'li.row[data-id="ans_video"] a.main')!.getAttribute('href')).toBe('/app/answers/ans_video');
    // The owner (from /auth/me) gets the write actions.
    await expect.poll(() => $(inbox, 'li.row[data-id="ans_video"] button[aria-pressed]')).not.toBeNull();
  });

  it('says "no speech recognised" for a ready, empty transcript, and "no transcript yet" only while there is none', async () => {
    const silent = answerItem({ id: 'ans_silent', transcriptSnippet: '', submittedAt: '2025-05-04T10:00:00.000Z' });
    const waiting = answerItem({ id: 'ans_waiting', transcriptSnippet: null, submittedAt: '2025-05-04T09:00:00.000Z' });
    answers.answers = [silent, waiting, ...answers.answers];
    const inbox = await mount();
    expect($(inbox, 'li.row[data-id="ans_silent"] .snippet')!.textContent).toBe('Video answer (no speech recognised)');
    expect($(inbox, 'li.row[data-id="ans_waiting"] .snippet')!.textContent).toBe('Video answer (no transcript yet)');
  });

  it('puts the filters into the request and the address, and reads them back on load', async () => {
    const inbox = await mount();
    await expect.poll(() => $<HTMLSelectElement>(inbox, '#f-flowId')!.options.length).toBe(3);
    await choose(inbox, 'f-flowId', 'demo');
    await expect.poll(() => lastList().get('flowId')).toBe('demo');
    expect(location.search).toBe('?flowId=demo');
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_video', 'ans_xss', 'ans_js']);
    // The step list comes from the flow's published version (answerable steps only).
    await expect.poll(() => [...$<HTMLSelectElement>(inbox, '#f-stepId')!.options].map((o) => o.textContent!.trim())).toEqual(['All steps', 'Your wish (wish)']);
    await choose(inbox, 'f-stepId', 'wish');
    await choose(inbox, 'f-kind', 'text');
    await choose(inbox, 'f-status', 'new');
    await choose(inbox, 'f-starred', 'false');
    const from = $<HTMLInputElement>(inbox, '#f-from')!;
    from.value = '2025-05-02';
    from.dispatchEvent(new Event('change'));
    const to = $<HTMLInputElement>(inbox, '#f-to')!;
    to.value = '2025-05-02';
    to.dispatchEvent(new Event('change'));
    // Earlier filters may already leave just this row: wait for the request with all of them.
    await expect
      .poll(() => Object.fromEntries(lastList()))
      .toEqual({ flowId: 'demo', stepId: 'wish', kind: 'text', status: 'new', starred: 'false', from: '2025-05-02', to: '2025-05-02', limit: '50' });
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_xss']);
    expect(location.search).toBe('?flowId=demo&stepId=wish&kind=text&status=new&starred=false&from=2025-05-02&to=2025-05-02');

    // The tag filter suggests the workspace's tags as one types.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => location.search).toBe('');
    await expect.poll(() => rowsOf(inbox).length).toBe(4);
    await userEvent.click($(inbox, '#f-tag')!);
    await userEvent.keyboard('pr');
    await expect.poll(() => [...inbox.shadowRoot!.querySelectorAll<HTMLOptionElement>('#tag-options option')].map((o) => o.value)).toEqual(['pricing', 'praise']);
    expect(api.requests.some((r) => r.url.endsWith('/api/v1/answer-tags?prefix=pr'))).toBe(true);
    await userEvent.keyboard('icing{Enter}');
    await expect.poll(() => lastList().get('tag')).toBe('pricing');
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_video']);
    expect(location.search).toBe('?tag=pricing');

    // A shared address opens the same filtered inbox.
    unmountApp();
    const shared = await mount('?kind=rating&starred=true&bogus=1', 1);
    expect(Object.fromEntries(lastList())).toEqual({ kind: 'rating', starred: 'true', limit: '50' });
    expect($<HTMLSelectElement>(shared, '#f-kind')!.value).toBe('rating');
    expect($<HTMLSelectElement>(shared, '#f-starred')!.value).toBe('true');
  });

  it("shows each analysed answer's sentiment and filters by it, in the request and the address (#17)", async () => {
    const analysed = (sentiment: 'negative' | 'positive') => ({
      state: 'analyzed' as const,
      source: 'transcript' as const,
      language: 'en',
      sentiment,
      sentimentScore: sentiment === 'negative' ? -0.6 : 0.7,
      keyPhrases: [],
      engine: { kind: 'local' as const, name: 'wink-nlp' },
      summary: null,
      summaryEngine: null,
      reason: null,
      analyzedAt: '2025-05-03T10:01:00.000Z',
    });
    answers.answers = answers.answers.map((a) => (a.id === 'ans_video' ? { ...a, analysis: analysed('negative') } : a.id === 'ans_rating' ? { ...a, analysis: analysed('positive') } : a));
    const inbox = await mount();
    expect($(inbox, 'li.row[data-id="ans_video"] [data-sentiment]')!.textContent).toBe('negative');
    expect($(inbox, 'li.row[data-id="ans_rating"] [data-sentiment]')!.textContent).toBe('positive');
    expect($(inbox, 'li.row[data-id="ans_xss"] [data-sentiment]')).toBeNull();
    await choose(inbox, 'f-sentiment', 'negative');
    await expect.poll(() => lastList().get('sentiment')).toBe('negative');
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_video']);
    expect(location.search).toBe('?sentiment=negative');
    unmountApp();
    const shared = await mount('?sentiment=positive', 1);
    expect(Object.fromEntries(lastList())).toEqual({ sentiment: 'positive', limit: '50' });
    expect($<HTMLSelectElement>(shared, '#f-sentiment')!.value).toBe('positive');
    await expect.poll(() => rowIds(shared)).toEqual(['ans_rating']);
  });

  it('searches transcripts and text with / and Enter; Escape clears', async () => {
    const inbox = await mount();
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('/');
    expect(inbox.shadowRoot!.activeElement).toBe($(inbox, '#q'));
    // Letters typed into the search box are text, not shortcuts.
    await userEvent.keyboard('maya jk');
    expect(patches()).toHaveLength(0);
    await userEvent.keyboard('{Backspace}{Backspace}{Backspace}{Enter}');
    await expect.poll(() => lastList().get('q')).toBe('maya');
    expect(location.search).toBe('?q=maya');
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_video']);
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => rowIds(inbox)).toHaveLength(4);
    expect(lastList().has('q')).toBe(false);
    expect(location.search).toBe('');
    expect($<HTMLInputElement>(inbox, '#q')!.value).toBe('');
    expect(activeId(inbox)).toBe('ans_video');
  });

  it('loads older answers with the cursor (the button, and j past the last row)', async () => {
    answers.answers = Array.from({ length: 120 }, (_, i) => answerItem({ id: `ans_${String(i).padStart(3, '0')}`, submittedAt: new Date(Date.UTC(2025, 4, 1) - i * 60_000).toISOString() }));
    const inbox = await mount('', 50);
    expect(lastList().has('cursor')).toBe(false);
    await page.getByRole('button', { name: 'Load older answers' }).click();
    await expect.poll(() => rowsOf(inbox).length).toBe(100);
    expect(lastList().get('cursor')).toBe(btoa('50'));
    expect(rowIds(inbox).slice(48, 52)).toEqual(['ans_048', 'ans_049', 'ans_050', 'ans_051']);
    await (inbox as unknown as { focusRow(i: number): Promise<void> }).focusRow(99);
    await userEvent.keyboard('j');
    await expect.poll(() => rowsOf(inbox).length).toBe(120);
    expect(activeId(inbox)).toBe('ans_100');
    expect(page.getByRole('button', { name: 'Load older answers' }).query()).toBeNull();
  });

  it('works from the keyboard: j/k/arrows move, Enter opens, r, s, t, x, ?', async () => {
    const inbox = await mount();
    await expect.poll(() => $(inbox, 'li.row[data-id="ans_video"] button[aria-pressed]')).not.toBeNull();
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('j');
    expect(activeId(inbox)).toBe('ans_xss');
    await userEvent.keyboard('{ArrowDown}j');
    expect(activeId(inbox)).toBe('ans_rating');
    await userEvent.keyboard('j'); // stays on the last row
    expect(activeId(inbox)).toBe('ans_rating');
    await userEvent.keyboard('k{ArrowUp}k');
    expect(activeId(inbox)).toBe('ans_video');
    expect(rowsOf(inbox).filter((r) => r.querySelector<HTMLElement>('a.main')!.tabIndex === 0)).toHaveLength(1);
    expect($(inbox, 'li.row.active')!.dataset.id).toBe('ans_video');

    // r: reviewed, and again: new (optimistic, then the server's answer).
    await userEvent.keyboard('r');
    expect($(inbox, 'li.row[data-id="ans_video"] [data-review]')!.textContent).toBe('reviewed');
    await expect.poll(() => patches().length).toBe(1);
    expect(JSON.parse(patches()[0]!.body)).toEqual({ status: 'reviewed' });
    expect(patches()[0]!.url).toMatch(/\/api\/v1\/answers\/ans_video$/);
    expect(patches()[0]!.csrf).toBe('csrf-token-123');
    await expect.poll(() => status(inbox)).toBe('Marked reviewed.');
    await userEvent.keyboard('r');
    await expect.poll(() => patches().length).toBe(2);
    expect(JSON.parse(patches()[1]!.body)).toEqual({ status: 'new' });
    await expect.poll(() => answers.answers[0]!.status).toBe('new');

    // s: star.
    await userEvent.keyboard('s');
    expect($(inbox, 'li.row[data-id="ans_video"] .toggle[aria-pressed="true"]')!.textContent).toContain('Star');
    await expect.poll(() => answers.answers[0]!.starred).toBe(true);

    // t: a tag input for this row, with suggestions; Enter adds, Escape closes and goes back to the row.
    await userEvent.keyboard('t');
    await expect.poll(() => inbox.shadowRoot!.activeElement?.id).toBe('tag-new');
    await userEvent.keyboard('bu');
    await expect.poll(() => [...inbox.shadowRoot!.querySelectorAll<HTMLOptionElement>('#tag-options option')].map((o) => o.value)).toEqual(['bug']);
    await userEvent.keyboard('g{Enter}');
    await expect.poll(() => answers.answers[0]!.tags).toEqual(['pricing', 'bug']);
    expect(JSON.parse(patches().at(-1)!.body)).toEqual({ tags: ['pricing', 'bug'] });
    // s typed into the tag box is text.
    expect(answers.answers[0]!.starred).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect($(inbox, '#tag-new')).toBeNull();
    expect(activeId(inbox)).toBe('ans_video');

    // x selects for a reel (recorded answers only); the button goes to the reel page.
    await userEvent.keyboard('x');
    expect($<HTMLInputElement>(inbox, 'li.row[data-id="ans_video"] .pick')!.checked).toBe(true);
    await userEvent.keyboard('jx');
    expect(status(inbox)).toBe('Only video and audio answers go into a highlight reel.');
    await page.getByRole('button', { name: 'Make highlight reel (1)' }).click();
    expect(navigations).toEqual(['/app/reel?answers=ans_video']);

    // Enter opens the current row.
    await userEvent.keyboard('k');
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('{Enter}');
    expect(navigations.at(-1)).toBe('/app/answers/ans_video');

    // ? lists the keys.
    await userEvent.keyboard('?');
    await expect.element(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
  });

  it('rolls an optimistic change back when the server refuses it, and says why', async () => {
    answers.patchFailure = 503;
    const inbox = await mount();
    await expect.poll(() => $(inbox, 'li.row[data-id="ans_video"] button[aria-pressed]')).not.toBeNull();
    await page.getByRole('button', { name: 'Star' }).first().click();
    await expect.poll(() => $(inbox, '[role=alert]')!.textContent).toBe('Could not star the answer: The database is not reachable.');
    expect($(inbox, 'li.row[data-id="ans_video"] .toggle[aria-pressed="true"]')).toBeNull();
    expect(rowText(inbox, 'ans_video')).not.toContain('★ starred');
  });

  it('is read-only for managers', async () => {
    answers.role = 'manager';
    const inbox = await mount();
    await expect.poll(() => rowText(inbox, 'ans_video')).toContain('Demo tour');
    await expect.element(page.getByText('Read-only: managers can look at answers but not change them.').first()).toBeVisible();
    expect(inbox.shadowRoot!.querySelectorAll('.side button, .tag button')).toHaveLength(0);
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('r');
    expect(status(inbox)).toBe('Read-only: managers can look at answers but not change them.');
    await userEvent.keyboard('st');
    expect($(inbox, '#tag-new')).toBeNull();
    expect(patches()).toHaveLength(0);
    // Selecting for a reel changes nothing on the server: managers may.
    await userEvent.keyboard('x');
    expect($<HTMLInputElement>(inbox, 'li.row[data-id="ans_video"] .pick')!.checked).toBe(true);
    expect(await violations()).toEqual([]);
  });

  it('takes the role from the app when given, without asking /auth/me', async () => {
    history.replaceState(null, '', '/app/');
    const inbox = document.createElement('rb-inbox');
    inbox.api = new ApiClient();
    inbox.memberRole = 'manager';
    document.body.append(inbox);
    await expect.poll(() => rowsOf(inbox).length).toBe(4);
    expect(inbox.shadowRoot!.querySelectorAll('.side button')).toHaveLength(0);
    expect(api.requests.some((r) => r.url.endsWith('/auth/me'))).toBe(false);
  });

  it('shows new answers live when they match the filters, and updates rows in place', async () => {
    const inbox = await mount('?kind=video', 1);
    await answers.streamOpen();
    expect(api.requests.some((r) => new URL(r.url).pathname === '/api/v1/answers/stream')).toBe(true);
    const fresh = answerItem({ id: 'ans_live', submittedAt: '2025-05-04T08:00:00.000Z', transcriptSnippet: 'Just arrived' });
    answers.push('answer', fresh);
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_live', 'ans_video']);
    expect(status(inbox)).toBe('1 new answer.');
    // A text answer is not listed under kind=video.
    answers.push('answer', answerItem({ id: 'ans_text_live', kind: 'text', submittedAt: '2025-05-04T09:00:00.000Z' }));
    answers.push('answer-updated', { ...video, transcriptSnippet: 'An edited transcript', status: 'reviewed' });
    await expect.poll(() => rowText(inbox, 'ans_video')).toContain('An edited transcript');
    expect(rowText(inbox, 'ans_video')).toContain('reviewed');
    expect(rowIds(inbox)).toEqual(['ans_live', 'ans_video']);
    expect(listCalls()).toBe(1); // no reload
  });

  it('offers to show new answers while searching, and closes the stream when it goes', async () => {
    const close = vi.spyOn(EventSource.prototype, 'close');
    const inbox = await mount('?q=maya', 1);
    await answers.streamOpen();
    answers.push('answer', answerItem({ id: 'ans_live', transcriptSnippet: 'Maya again', submittedAt: '2025-05-04T08:00:00.000Z' }));
    await expect.element(page.getByRole('button', { name: '1 new answer — show' })).toBeVisible();
    expect(rowIds(inbox)).toEqual(['ans_video']);
    await page.getByRole('button', { name: '1 new answer — show' }).click();
    await expect.poll(() => rowIds(inbox)).toEqual(['ans_live', 'ans_video']);
    expect(page.getByRole('button', { name: /new answer/ }).query()).toBeNull();
    expect(close).not.toHaveBeenCalled();
    inbox.remove();
    expect(close).toHaveBeenCalledTimes(1);
    close.mockRestore();
  });

  it('keeps viewer text inert: HTML stays text, javascript: never becomes a link', async () => {
    const alert = vi.spyOn(window, 'alert').mockImplementation(() => undefined);
    const inbox = await mount();
    // Arrive live too (a different code path from the first page).
    await answers.streamOpen();
    answers.push('answer', answerItem({ id: 'ans_xss_live', kind: 'text', text: XSS, value: { kind: 'text', text: XSS }, submittedAt: '2025-05-05T08:00:00.000Z' }));
    await expect.poll(() => rowIds(inbox)[0]).toBe('ans_xss_live');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inbox.shadowRoot!.querySelector('img[src="x"], img[src$="/x"]')).toBeNull();
    expect([...inbox.shadowRoot!.querySelectorAll('img')].map((i) => i.getAttribute('src'))).toEqual(['/api/v1/clips/clp_ans_video/media/poster']);
    expect($(inbox, 'li.row[data-id="ans_xss"] .snippet')!.textContent).toBe(XSS);
    expect($(inbox, 'li.row[data-id="ans_js"] .snippet')!.textContent).toBe('javascript:alert(1)');
    expect([...inbox.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      '/app/answers/ans_xss_live',
      '/app/answers/ans_video',
      '/app/answers/ans_xss',
      '/app/answers/ans_js',
      '/app/answers/ans_rating',
    ]);
    expect(alert).not.toHaveBeenCalled();
    alert.mockRestore();
  });

  it('has no axe violations (list, filters, tag editor, shortcuts)', async () => {
    const inbox = await mount();
    await expect.poll(() => $(inbox, 'li.row[data-id="ans_video"] button[aria-pressed]')).not.toBeNull();
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('jxkt');
    await expect.poll(() => $(inbox, '#tag-new')).not.toBeNull();
    expect(await violations()).toEqual([]);
    await userEvent.keyboard('{Escape}?');
    await expect.element(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  it('is the page <rb-app> shows at /app/', async () => {
    mountApp('/app/?status=new');
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    await expect.poll(() => lastList().get('status')).toBe('new');
    await expect.element(page.getByText('3 answers', { exact: true })).toBeVisible();
  });

  it('goes to the login page (and back to the same filters) when the session has expired', async () => {
    worker.use(http.get('/api/v1/answers', () => HttpResponse.json({ error: { code: 'unauthorized', message: 'Please log in.' } }, { status: 401 })));
    mountApp('/app/?kind=text');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(location.pathname + location.search).toBe(`/app/login?next=${encodeURIComponent('/app/?kind=text')}`);
  });
});
