import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { http, HttpResponse } from 'msw';
import type { Editor, FlowDefinition } from '@reelback/shared';
import { formatTime } from '../util/format.js';
import { violations } from '../test-support/axe.js';
import { FakeApi, OWNER, startWorker, worker } from '../test-support/fake-api.js';
import { FakeStudio } from '../test-support/fake-studio.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';
import type { RbFlowMap } from './flow-map.component.js';
import type { RbStudioPage } from './studio-page.component.js';

const POSTER = '/api/v1/clips/clp_poster/media/poster';
const ADA: Editor = { kind: 'user', id: 'usr_ada', label: 'Ada Admin' };

/** A choice with two branches, an open answer, an end. */
const tour = (): FlowDefinition => ({
  name: 'Welcome tour',
  steps: [
    {
      id: 'start',
      prompt: { title: 'Pick a path', video: { src: '/media/welcome.mp4', poster: POSTER, captions: [] } },
      answer: { type: 'choice', options: [{ id: 'a', label: 'Path A', next: 'wish' }, { id: 'b', label: 'Path B', next: 'done' }] },
    },
    { id: 'wish', prompt: { title: 'Your wish' }, answer: { type: 'open', kinds: ['text'], maxDurationSeconds: 120, maxTextLength: 2000 }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let studio: FakeStudio;
let api: FakeApi;
let seen: string[] = [];
const onRequest = ({ request }: { request: Request }) => void seen.push(`${request.method} ${new URL(request.url).pathname}`);

beforeAll(async () => {
  await startWorker();
  worker.events.on('request:start', onRequest);
});
beforeEach(() => {
  seen = [];
  api = new FakeApi().install();
  api.signedIn = true;
  studio = new FakeStudio().add('tour', tour(), 2).install();
});
afterEach(() => unmountApp());

const studioPage = (app: Element) => deep<RbStudioPage>(app, 'rb-studio', 'rb-studio-page')!;
const map = (app: Element) => deep<RbFlowMap>(app, 'rb-studio', 'rb-studio-page', 'rb-flow-map')!;
const cards = (app: Element) => [...map(app).shadowRoot!.querySelectorAll<HTMLElement>('.card')];
const cardIds = (app: Element) => cards(app).map((c) => c.dataset.id);
const inStudio = <E extends Element = HTMLElement>(app: Element, selector: string) => deep<E>(app, 'rb-studio', 'rb-studio-page', selector);
const inPanel = <E extends Element = HTMLElement>(app: Element, selector: string) => deep<E>(app, 'rb-studio', 'rb-studio-page', 'rb-step-panel', selector);
const saveStatus = (app: Element) => inStudio(app, '.save')?.textContent?.trim();
const button = (app: Element, name: string) =>
  [...studioPage(app).shadowRoot!.querySelectorAll<HTMLButtonElement>('.toolbar button, .conflict button')].find((b) => b.textContent!.trim() === name)!;
const mapFocus = (app: Element) => (map(app).shadowRoot!.activeElement?.closest('.card') as HTMLElement | null)?.dataset.index;

async function openStudio(id = 'tour', { saveDelay = 300 } = {}) {
  const app = mountApp(`/app/flows/${id}/edit`);
  await eventually(() => cards(app).length, 10_000).toBeGreaterThan(0);
  studioPage(app).saveDelay = saveDelay;
  return app;
}

/**
 * `expect.poll` with room for a busy machine: saves wait for a debounce and a round trip through msw's worker, which
 * a loaded 2-core CI can stretch past the default second.
 */
const eventually = <T>(read: () => T, timeout = 5000) => expect.poll(read, { timeout });

/** The PUT bodies' step ids, once the draft has been saved. */
const savedIds = () => studio.puts.at(-1)?.definition.steps.map((s) => s.id);

describe('flow studio', () => {
  it('maps the flow: a card per step with its poster, laid out top to bottom, an arrow per branch with its label', async () => {
    const app = await openStudio();
    expect(cardIds(app)).toEqual(['start', 'wish', 'done']);
    const [start, wish, done] = cards(app);
    expect(start!.querySelector('img')!.getAttribute('src')).toBe(POSTER);
    expect(start!.textContent).toContain('Pick a path');
    expect(start!.textContent).toContain('Choice');
    // dagre ranks: the first step above its branches, the end below the step that leads to it.
    const top = (card: HTMLElement) => parseFloat(card.style.top);
    expect(top(start!)).toBeLessThan(top(wish!));
    expect(top(wish!)).toBeLessThan(top(done!));
    const arrows = [...map(app).shadowRoot!.querySelectorAll('g.branch')].map((g) => [g.getAttribute('data-from'), g.getAttribute('data-to'), g.textContent!.trim()]);
    expect(arrows).toEqual([
      ['0', '1', 'Path A'],
      ['0', '2', 'Path B'],
      ['1', '2', 'next'],
    ]);
    expect(seen).toContain('GET /api/v1/flows/tour');
  });

  it('adds, connects and deletes steps with the keyboard alone', async () => {
    const app = await openStudio();
    // The map is one tab stop: focus it, move with the arrows, select with Enter.
    inStudio<HTMLButtonElement>(app, '.toolbar button')!.focus();
    for (let i = 0; i < 12 && !map(app).shadowRoot!.activeElement; i++) await userEvent.tab();
    expect(mapFocus(app)).toBe('0');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await eventually(() => inPanel(app, 'h2')?.textContent).toBe('Step 2: Your wish');

    // Add step (toolbar button, by keyboard): goes in after the selected step, on its path, and takes focus.
    const add = button(app, 'Add step');
    add.focus();
    await userEvent.keyboard('{Enter}');
    await eventually(() => cardIds(app)).toEqual(['start', 'wish', 'step-1', 'done']);
    expect(mapFocus(app)).toBe('2');
    await eventually(() => inPanel(app, 'h2')?.textContent).toBe('Step 3: New step');

    // Connect: the panel's "Next step" select (no drag). Home = "(none)": the step leads nowhere, pinned on its card.
    const next = inPanel<HTMLSelectElement>(app, 'select[id$="-next"]')!;
    expect(next.value).toBe('done');
    next.focus();
    await userEvent.keyboard('{Home}');
    await eventually(() => next.value).toBe('');
    await eventually(() => cards(app)[2]!.querySelector('.pins')?.textContent).toMatch(/2 problems: step "step-1" leads nowhere.*; step "step-1" has no way to an end step/);
    expect(button(app, 'Publish').disabled).toBe(true);
    await userEvent.keyboard('{End}');
    await eventually(() => next.value).toBe('done');
    await eventually(() => cards(app)[2]!.querySelector('.pins')).toBeNull();

    // Delete: focus the card in the map and press Delete; what led to it now leads where it went.
    await map(app).focusCard(2);
    await userEvent.keyboard('{Delete}');
    await eventually(() => cardIds(app)).toEqual(['start', 'wish', 'done']);
    await eventually(savedIds).toEqual(['start', 'wish', 'done']);
    expect(studio.puts.at(-1)!.definition.steps[1]!.next).toBe('done');
    expect(studio.puts.at(-1)!.csrf).toBe(OWNER.csrfToken);
  });

  it('reorders and deletes with Alt+arrows and the card buttons, focus following the step', async () => {
    const app = await openStudio();
    await map(app).focusCard(1);
    await userEvent.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await eventually(() => cardIds(app)).toEqual(['wish', 'start', 'done']);
    expect(mapFocus(app)).toBe('0');
    await eventually(() => inStudio(app, '.notice')?.textContent).toBe('Moved “Your wish” to position 1 of 3.');
    await userEvent.click(page.getByRole('button', { name: 'Move Your wish later' }));
    await eventually(() => cardIds(app)).toEqual(['start', 'wish', 'done']);
    // Focus stays on the moved step's button, so pressing it again moves it on.
    await eventually(() => map(app).shadowRoot!.activeElement?.closest<HTMLElement>('.card')?.dataset.id).toBe('wish');
    expect(map(app).shadowRoot!.activeElement!.getAttribute('data-action')).toBe('later');
    await eventually(savedIds).toEqual(['start', 'wish', 'done']);
    // Deleting with the card's button puts focus on the card that takes its place.
    await userEvent.click(page.getByRole('button', { name: 'Delete Your wish' }));
    await eventually(() => cardIds(app)).toEqual(['start', 'done']);
    await eventually(() => mapFocus(app)).toBe('1');
  });

  it('undoes and redoes with the buttons and Ctrl+Z / Shift+Ctrl+Z, a burst of typing being one step', async () => {
    const app = await openStudio();
    const title = inPanel<HTMLInputElement>(app, 'input[id$="-title"]')!;
    await userEvent.click(title);
    await userEvent.keyboard('{End}!!!');
    await eventually(() => cards(app)[0]!.textContent).toContain('Pick a path!!!');
    expect(button(app, 'Redo').disabled).toBe(true);

    await userEvent.keyboard('{Control>}z{/Control}');
    await eventually(() => title.value).toBe('Pick a path');
    expect(cards(app)[0]!.textContent).not.toContain('!!!');
    expect(button(app, 'Undo').disabled).toBe(true);
    await userEvent.keyboard('{Shift>}{Control>}z{/Control}{/Shift}');
    await eventually(() => title.value).toBe('Pick a path!!!');

    await userEvent.click(button(app, 'Undo'));
    await eventually(() => title.value).toBe('Pick a path');
    await userEvent.click(button(app, 'Redo'));
    await eventually(() => title.value).toBe('Pick a path!!!');
    await eventually(() => studio.puts.at(-1)?.definition.steps[0]!.prompt.title).toBe('Pick a path!!!');
  });

  it('saves the draft once typing pauses: one PUT with the last text, no If-Match without an ETag', async () => {
    const app = await openStudio('tour', { saveDelay: 2500 });
    const text = inPanel<HTMLTextAreaElement>(app, 'textarea[id$="-text"]')!;
    await userEvent.click(text);
    await userEvent.keyboard('Hello');
    expect(studio.puts).toHaveLength(0);
    expect(saveStatus(app)).toBe('Unsaved changes…');
    // Closing the tab now would lose them: the page's beforeunload asks the browser to confirm. (Not dispatched
    // here: msw's worker also listens to beforeunload, and stops answering.)
    const leaving = () => studioPage(app).save.unsaved;
    expect(leaving()).toBe(true);
    await eventually(() => studio.puts.length, 8000).toBe(1);
    expect(studio.puts[0]!.definition.steps[0]!.prompt.text).toBe('Hello');
    expect(studio.puts[0]!.ifMatch).toBeNull();
    await eventually(() => saveStatus(app)).toBe('All changes saved');
    expect(leaving()).toBe(false);
  });

  it('holds back a draft with invalid fields (the server would refuse it) and says so; a failed save can be retried', async () => {
    const app = await openStudio();
    const id = inPanel<HTMLInputElement>(app, 'input[id$="-id"]')!;
    await userEvent.click(id);
    await userEvent.keyboard('{End} x');
    await eventually(() => saveStatus(app)).toBe('Not saved: fix the invalid fields first');
    expect(studio.puts).toHaveLength(0);
    expect(inStudio(app, '#problems-title')!.textContent).toBe('Problems (1)');
    expect(deep(app, 'rb-studio', 'rb-studio-page', 'rb-studio-preview', '[role="status"]')?.textContent).toMatch(/waits until the invalid fields are fixed/);

    worker.use(http.put('/api/v1/flows/:flowId', () => HttpResponse.json({ error: { message: 'The database is busy.' } }, { status: 503 }), { once: true }));
    await userEvent.keyboard('{Backspace}{Backspace}');
    await eventually(() => saveStatus(app)).toBe('Not saved: The database is busy.');
    await userEvent.click(button(app, 'Try again'));
    await eventually(() => saveStatus(app)).toBe('All changes saved');
    expect(studio.puts.map((p) => p.definition.steps[0]!.id)).toEqual(['start']);
  });

  it("sends If-Match, and on a 412 offers to reload the other person's draft or overwrite it", async () => {
    studio.etags = true;
    const app = await openStudio();
    const title = inPanel<HTMLInputElement>(app, 'input[id$="-title"]')!;
    await userEvent.click(title);
    await userEvent.keyboard('{End}?');
    await eventually(() => studio.puts.length, 8000).toBe(1);
    expect(studio.puts[0]!.ifMatch).toBe('"1"');
    await eventually(() => saveStatus(app)).toBe('All changes saved');

    const theirs = { ...tour(), name: 'Their tour' };
    studio.changeElsewhere('tour', theirs, ADA, '2026-12-07T10:30:00.000Z');
    await userEvent.keyboard('!');
    // Who and when from the 412's DraftConflict body, the time in the viewer's zone; Overwrite sends its revision.
    await eventually(() => inStudio(app, '.conflict')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      `This draft was changed by Ada Admin at ${formatTime('2026-12-07T10:30:00.000Z')} — reload theirs or overwrite it with yours. Reload Overwrite`,
    );
    expect(studio.puts.at(-1)!.ifMatch).toBe('"2"');
    expect(inStudio(app, '.conflict')!.getAttribute('role')).toBe('alert');
    expect(saveStatus(app)).toBe('Not saved: someone else changed this draft');
    expect(button(app, 'Publish').disabled).toBe(true);

    await userEvent.click(button(app, 'Overwrite'));
    await eventually(() => saveStatus(app)).toBe('All changes saved');
    expect(studio.puts.at(-1)!.ifMatch).toBe('"3"');
    expect(studio.draft('tour').steps[0]!.prompt.title).toBe('Pick a path?!');
    expect(inStudio(app, '.conflict')).toBeNull();

    // Reload: their draft replaces ours, nothing is sent.
    studio.changeElsewhere('tour', theirs, ADA, '2026-12-07T10:35:00.000Z');
    await userEvent.click(title);
    await userEvent.keyboard('{End}#');
    await eventually(() => inStudio(app, '.conflict')).not.toBeNull();
    const puts = studio.puts.length;
    await userEvent.click(button(app, 'Reload'));
    await eventually(() => inStudio<HTMLInputElement>(app, 'input#flow-name')?.value).toBe('Their tour');
    expect(title.value).toBe('Pick a path');
    expect(button(app, 'Undo').disabled).toBe(true);
    expect(studio.puts.length).toBe(puts);
  });

  it('pins problems on their cards, lists them, and publishes only without any', async () => {
    const broken = tour();
    const choice = broken.steps[0]!.answer as Extract<FlowDefinition['steps'][number]['answer'], { type: 'choice' }>;
    choice.options[1]!.next = 'nowhere';
    studio.add('broken', broken, 2);
    const app = await openStudio('broken');
    await eventually(() => cards(app)[0]!.querySelector('.pins')?.textContent).toMatch(/1 problem: there is no step "nowhere"/);
    expect(cards(app)[0]!.querySelector('.select')!.getAttribute('aria-describedby')).toBe('pins-0');
    expect(inStudio(app, '#problems-title')!.textContent).toBe('Problems (1)');
    expect(button(app, 'Publish').disabled).toBe(true);
    expect(inStudio(app, '#publish-why')!.textContent).toMatch(/Fix the problem to publish/);

    // Fix it in the panel: "Path B" goes to "Thanks".
    const optionNext = inPanel<HTMLSelectElement>(app, 'select[id$="option-1-next"]')!;
    await userEvent.selectOptions(optionNext, 'done');
    await eventually(() => button(app, 'Publish').disabled).toBe(false);
    expect(cards(app)[0]!.querySelector('.pins')).toBeNull();
    expect(inStudio(app, '#problems-title')!.textContent).toBe('No problems');
    await userEvent.click(button(app, 'Publish'));
    await eventually(() => inStudio(app, '.notice')?.textContent).toMatch(/Published version 3/);
    // The draft was saved before it was published.
    expect(studio.publishes).toEqual(['broken']);
    expect(studio.draft('broken').steps[0]!.answer).toEqual({ ...choice, options: [choice.options[0], { ...choice.options[1], next: 'done' }] });
  });

  it('previews the draft in the real widget from any step, sending nothing', async () => {
    const app = await openStudio();
    await expect.element(page.getByRole('group', { name: 'Preview' }).getByText('Pick a path')).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Preview from Your wish' }));
    await expect.element(page.getByRole('group', { name: 'Preview' }).getByRole('heading', { name: 'Your wish' })).toBeVisible();
    expect(inStudio<HTMLSelectElement>(app, 'rb-studio-preview')!.shadowRoot!.querySelector('select')!.value).toBe('1');
    // An edit reaches the preview (after a pause), still from the chosen step.
    const title = inPanel<HTMLInputElement>(app, 'input[id$="-title"]')!;
    await userEvent.click(page.getByRole('button', { name: /Step 2: Your wish/ }));
    await userEvent.click(title);
    await userEvent.keyboard('{End} today');
    await expect.element(page.getByRole('group', { name: 'Preview' }).getByRole('heading', { name: 'Your wish today' })).toBeVisible();
    expect(seen.filter((r) => /\/api\/v1\/(sessions|events)/.test(r))).toEqual([]);
  });

  it('lets managers read but not change', async () => {
    worker.use(http.get('/api/v1/auth/me', () => HttpResponse.json({ ...OWNER, role: 'manager' })));
    const app = await openStudio();
    await expect.element(page.getByText('only owners and admins can change it')).toBeVisible();
    expect(inStudio(app, '.toolbar')).toBeNull();
    expect(cards(app)[0]!.textContent).not.toContain('Delete');
    const title = inPanel<HTMLInputElement>(app, 'input[id$="-title"]')!;
    expect(title.readOnly).toBe(true);
    expect(inPanel<HTMLSelectElement>(app, 'select[id$="-type"]')!.disabled).toBe(true);
    await map(app).focusCard(1);
    await userEvent.keyboard('{Delete}{Alt>}{ArrowUp}{/Alt}{Control>}z{/Control}');
    expect(cardIds(app)).toEqual(['start', 'wish', 'done']);
    expect(seen.filter((r) => r.startsWith('PUT') || r.startsWith('POST /api/v1/flows'))).toEqual([]);
    expect(await violations()).toEqual([]);

    // The flows list offers them the studio to look at, and no New flow.
    unmountApp();
    mountApp('/app/flows');
    await expect.element(page.getByRole('link', { name: 'Open in studio Welcome tour' })).toBeVisible();
    expect(page.getByRole('button', { name: 'New flow' }).elements()).toHaveLength(0);
  });

  it('has no axe violations (problems pinned, a conflict shown)', async () => {
    studio.etags = true;
    const app = await openStudio();
    const next = inPanel<HTMLSelectElement>(app, 'select[id$="option-0-next"]')!;
    await userEvent.selectOptions(next, '');
    await eventually(() => inStudio(app, '#problems-title')?.textContent).toBe('Problems (2)');
    studio.changeElsewhere('tour', tour(), ADA, '2026-12-07T10:30:00.000Z');
    await userEvent.click(button(app, 'Add step'));
    await eventually(() => inStudio(app, '.conflict')).not.toBeNull();
    await expect.element(page.getByRole('group', { name: 'Preview' }).getByText('Pick a path')).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});

describe('links to the studio', () => {
  it('opens from the flows list and the flow page; New flow (blank template) makes a draft and opens it', async () => {
    const app = mountApp('/app/flows');
    await page.getByRole('link', { name: 'Edit Welcome tour' }).click();
    await eventually(() => cards(app).length).toBe(3);
    expect(location.pathname).toBe('/app/flows/tour/edit');
    expect(deep(app, 'nav a[href="/app/flows"]')!.getAttribute('aria-current')).toBe('true');

    unmountApp();
    studio.add('fresh', tour());
    const flowPage = mountApp('/app/flows/fresh');
    await expect.element(page.getByText('Not published.')).toBeVisible();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await eventually(() => location.pathname).toBe('/app/flows/fresh/edit');
    await eventually(() => cards(flowPage).length).toBe(3);

    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('button', { name: 'Create and open in studio' }).click();
    await eventually(() => location.pathname).toBe('/app/flows/untitled-flow-1/edit');
    expect(studio.created).toEqual([{ template: 'blank' }]);
    await eventually(() => cardIds(flowPage)).toEqual(['question', 'thanks']);
  });
});
