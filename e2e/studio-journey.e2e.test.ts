import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FlowAnalytics, type MediaAssetInfo, MediaAssetList, PublishedFlow, type Step } from '@reelback/shared';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { fakeMediaArgs, makeFakeMedia } from './support/fake-media.js';
import { type Person, setUpInBrowser, setupCodeFrom } from './support/first-run.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

const run = promisify(execFile);

// Issue #12's end-to-end story, driven through the studio as a person would (roles, labels, clicks): an empty
// workspace, a flow from the NPS template, one prompt uploaded and one recorded with the fake camera, a score rule and
// a greeting by variable, preview, publish, the copied script tag on another origin, two viewers down both branches,
// then the inbox and analytics. The API is only read, to check what the UI did.
const ADA: Person = { name: 'Ada Admin', email: 'ada@acme.example', password: 'a long admin password' };
const GREETING = 'Hi {{name}}, how likely are you to recommend us?';
const LOVE_TITLE = 'Great to hear! What do you love most?';
const WHY_TITLE = 'What would make it a 10 for you?';
const FIX_TITLE = 'Sorry to hear that. What’s the one thing we should fix first?';
const THANKS_TITLE = 'Thanks — we read every answer';
const UPLOADED = 'welcome.mp4';
const RECORDED = 'Camera thanks';

let server: RunningServer;
let browser: BrowserContext;
let dir: string;
let hostPage: Server;
let hostUrl: string;
/** The script tag copied from the dashboard; the host page serves it as it is, or with `data-var-name` added. */
let snippet = '';
/** Console errors and page errors of every page, for the failure report. */
const pageLog: string[] = [];

const admin = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${server.adminKey}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

function watch(page: Page, name: string): Page {
  page.on('console', (m) => m.type() === 'error' && pageLog.push(`[${name} console] ${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => pageLog.push(`[${name} pageerror] ${String(e)}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    // Chromium abandons media requests itself once it has enough, then asks by range: streaming, not a failure.
    if (!(error === 'net::ERR_ABORTED' && r.resourceType() === 'media')) pageLog.push(`[${name} requestfailed] ${r.url()} ${error}`);
  });
  return page;
}

/** A short prompt video an owner might have exported: 3 s, 640×360, H.264/AAC with a tone. */
async function ownersVideo(): Promise<string> {
  const path = join(dir, UPLOADED);
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=25:d=3',
    '-f', 'lavfi', '-i', 'sine=f=440:d=3',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path,
  ]);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-studio-journey-'));
  // No demo flow (the workspace starts empty) and no captions engine (captions are not this story's point).
  const [media] = await Promise.all([makeFakeMedia('Thanks for telling us.'), (async () => (server = await startReelbackServer({ REELBACK_DEMO: '0', REELBACK_TRANSCRIBER: 'off' })))()]);
  browser = await launchChromium({ extraArgs: fakeMediaArgs(media) });
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });

  // A customer's site on another origin (localhost vs 127.0.0.1): the copied snippet, with or without a variable.
  hostPage = createServer((req, res) => {
    const tag = req.url === '/ada' ? snippet.replace('></script>', ' data-var-name="Ada"></script>') : snippet;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Customer site</title><main><h1>Our product</h1>\n${tag}\n</main>`);
  });
  await new Promise<void>((resolve) => hostPage.listen(0, 'localhost', resolve));
  hostUrl = `http://localhost:${(hostPage.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  hostPage?.closeAllConnections();
  await new Promise((resolve) => hostPage?.close(resolve));
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The studio's side panel (the selected step) and the library dialog. */
const panel = (page: Page) => page.locator('rb-step-panel');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A step's card on the map: its name starts "Step N: title" (its answer type and id follow). */
const mapCard = (page: Page, number: number, title: string) =>
  page.locator('rb-flow-map').getByRole('button', { name: new RegExp(`^Step ${number}: ${escape(title)}`) });
const libraryDialog = (page: Page) => page.getByRole('dialog', { name: 'Media library' });

async function selectStep(page: Page, number: number, title: string): Promise<void> {
  await mapCard(page, number, title).click();
  await panel(page).getByRole('heading', { name: `Step ${number}: ${title}`, exact: true }).waitFor();
}

/**
 * Chooses an asset as soon as its row is listed, as a person would: one still being processed is the step's problem
 * until it is ready (the studio follows it), and Publish waits for that.
 */
async function choose(page: Page, name: string): Promise<void> {
  const button = libraryDialog(page).getByRole('button', { name: `Choose ${name}`, exact: true });
  await button.waitFor({ timeout: 30_000 });
  await button.click();
  await libraryDialog(page).waitFor({ state: 'detached' });
}

/** A viewer on the customer's page: a fresh browser storage, so each is a session of its own. */
async function viewer(path: string): Promise<{ page: Page; widget: Locator }> {
  const page = watch(await browser.newPage(), `viewer ${path}`);
  await page.addInitScript(() => localStorage.clear());
  // No autoplay (the widget holds it for reduced motion): every prompt waits for its Play button.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${hostUrl}${path}`);
  return { page, widget: page.locator('reelback-flow') };
}

/** Presses play on the step's prompt and waits until it has really played; returns what it played. */
async function playPrompt(widget: Locator): Promise<{ src: string; poster: string }> {
  await widget.getByRole('button', { name: 'Play video' }).click();
  const video = widget.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime > 0.3), { timeout: 20_000 }).toBe(true);
  return video.evaluate((v: HTMLVideoElement) => ({ src: v.currentSrc, poster: v.poster }));
}

async function typeAnswer(widget: Locator, text: string): Promise<void> {
  await widget.getByRole('button', { name: 'Type your answer' }).click();
  await widget.getByLabel('Your answer').fill(text);
  await widget.getByRole('button', { name: 'Send' }).click();
  await widget.getByRole('heading', { name: THANKS_TITLE }).waitFor();
}

describe('the studio journey, from an empty workspace to a viewer on another site', () => {
  it('creates, records, branches, publishes and embeds a flow; two viewers walk both branches; inbox and analytics show them', async () => {
    const started = Date.now();
    const step = (name: string) => console.log(`[studio-journey +${((Date.now() - started) / 1000).toFixed(1)} s] ${name}`);
    onTestFailed(() => {
      console.error(`--- page log ---\n${pageLog.join('\n') || '(nothing)'}`);
      console.error(`--- server log (tail) ---\n${server.output().slice(-4000)}`);
    });

    // An empty workspace, set up in the browser.
    const page = watch(await browser.newPage(), 'dashboard');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${server.url}/app/`);
    await setUpInBrowser(page, await setupCodeFrom(server), 'Acme', ADA);
    step('workspace set up');

    // New flow from the NPS template.
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Journey NPS');
    await page.getByRole('radio', { name: /^NPS with a reason/ }).check();
    await page.getByRole('button', { name: 'Create and open in studio' }).click();
    await page.waitForURL(/\/app\/flows\/[^/]+\/edit$/);
    const flowId = decodeURIComponent(/\/app\/flows\/([^/]+)\/edit$/.exec(page.url())![1]!);
    await panel(page).getByRole('heading', { name: /^Step 1: Hi \{\{name\}\}/ }).waitFor();
    const created = await admin<{ draft: { steps: Step[] } }>(`/flows/${encodeURIComponent(flowId)}`);
    expect(created.draft.steps.map((s) => s.id), 'the NPS template’s steps').toEqual(['score', 'fix', 'why', 'love', 'thanks']);
    step('flow created from the NPS template');

    // The greeting: the first step's title by a variable, whose fallback is "friend".
    await panel(page).getByLabel('Title', { exact: true }).fill(GREETING);
    await page.locator('rb-variables-panel').getByLabel('Variable 1 fallback').fill('friend');

    // The rule: the template's two are replaced by one — 9 and 10 go to "love", every other score to "why".
    const rules = page.locator('rb-rule-editor');
    await rules.getByRole('button', { name: 'Remove rule 1' }).click();
    await rules.getByRole('button', { name: 'Remove rule 1' }).click();
    await rules.getByText('No rules.').waitFor();
    await panel(page).getByLabel('Next step').selectOption('why');
    await page.locator('rb-flow-map').getByRole('button', { name: `Delete ${FIX_TITLE}` }).click();
    await mapCard(page, 2, WHY_TITLE).waitFor();
    await selectStep(page, 1, GREETING);
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByLabel('Lowest score').fill('9');
    await rules.getByLabel('Highest score').fill('');
    await rules.getByLabel('Go to').selectOption('love');
    await rules.getByRole('heading', { name: 'Rule 1: if score 9–10' }).waitFor();
    step('greeting and rule edited');

    // The first step's prompt: a real video file uploaded through the library dialog's file input.
    const file = await ownersVideo();
    await panel(page).getByRole('button', { name: 'Choose media…' }).click();
    await libraryDialog(page).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await libraryDialog(page).getByRole('button', { name: 'Upload a file…' }).click();
    await (await chooser).setFiles(file);
    await choose(page, UPLOADED);
    step('uploaded prompt chosen');

    // The promoters' step: recorded in the library dialog with the fake camera.
    await selectStep(page, 3, LOVE_TITLE);
    await panel(page).getByRole('button', { name: 'Choose media…' }).click();
    await libraryDialog(page).waitFor();
    await page.getByRole('button', { name: 'Record with the camera or the screen…' }).click();
    const start = page.getByRole('button', { name: 'Start recording', exact: true });
    await expect.poll(() => start.isEnabled(), { timeout: 15_000 }).toBe(true);
    await start.click();
    await expect.poll(() => page.locator('rb-prompt-recorder .elapsed').textContent(), { timeout: 15_000 }).toMatch(/0:0[2-9]/);
    await page.getByRole('button', { name: 'Stop recording', exact: true }).click();
    await page.getByRole('textbox', { name: 'Name in the media library' }).fill(RECORDED);
    await page.getByRole('button', { name: 'Use this take', exact: true }).click();
    await choose(page, RECORDED);
    step('recorded prompt chosen');

    // Both prompts are library assets, ready (the studio's problems clear once they are), and the draft points at
    // them (saved as typed, debounced).
    await page.getByRole('heading', { name: 'No problems' }).waitFor({ timeout: 90_000 });
    const library = MediaAssetList.parse(await admin('/media-assets')).assets;
    const uploaded = library.find((a) => a.name === UPLOADED);
    const recorded = library.find((a) => a.name === RECORDED);
    expect(uploaded, `the library holds ${library.map((a) => a.name).join(', ')}`).toMatchObject({ kind: 'video', status: 'ready' });
    expect(recorded, `the library holds ${library.map((a) => a.name).join(', ')}`).toMatchObject({ kind: 'video', status: 'ready' });
    await page.getByText('All changes saved').waitFor();
    await expect
      .poll(async () => {
        const { draft } = await admin<{ draft: { steps: Step[]; variables?: unknown } }>(`/flows/${encodeURIComponent(flowId)}`);
        return { steps: draft.steps.map((s) => [s.id, s.prompt.media?.assetId ?? null, s.rules ?? [], s.next ?? null]), variables: draft.variables, title: draft.steps[0]!.prompt.title };
      })
      .toEqual({
        steps: [
          ['score', uploaded!.id, [{ when: { kind: 'score', min: 9 }, next: 'love' }], 'why'],
          ['why', null, [], 'thanks'],
          ['love', recorded!.id, [], 'thanks'],
          ['thanks', null, [], null],
        ],
        variables: [{ name: 'name', fallback: 'friend', maxLength: 60 }],
        title: GREETING,
      });
    step('draft saved');

    // Preview beside the editor, with the fallback and then a test value.
    const preview = page.getByRole('group', { name: 'Preview' });
    await selectStep(page, 1, GREETING);
    await preview.getByRole('heading', { name: 'Hi friend, how likely are you to recommend us?' }).waitFor();
    // A value with markup is shown as text: the real widget escapes it.
    await page.locator('rb-studio-preview').getByLabel('name', { exact: true }).fill('<b>Ann</b>');
    await page.keyboard.press('Tab');
    const previewed = preview.getByRole('heading', { name: 'Hi <b>Ann</b>, how likely are you to recommend us?', exact: true });
    await previewed.waitFor();
    expect(await previewed.evaluate((h) => h.querySelector('b'))).toBeNull();

    // Publish.
    const publish = page.getByRole('button', { name: 'Publish', exact: true });
    await expect.poll(() => publish.isEnabled(), { timeout: 15_000 }).toBe(true);
    await publish.click();
    await page.getByText('Published version 1.').waitFor();
    step('published');

    // The published read resolves the library media: the renditions' URLs and the poster.
    const published = PublishedFlow.parse(await (await fetch(`${server.url}/api/v1/flows/${encodeURIComponent(flowId)}/published`)).json());
    const urls = (asset: MediaAssetInfo) => Object.fromEntries(asset.files.map((f) => [f.rendition, f.url]));
    const byId = (id: string) => published.definition.steps.find((s) => s.id === id)!;
    expect(byId('score').prompt.video).toMatchObject({ src: urls(uploaded!)['video-1280'], poster: urls(uploaded!)['poster'] });
    expect(byId('love').prompt.video).toMatchObject({ src: urls(recorded!)['video-1280'], poster: urls(recorded!)['poster'] });

    // Copy the script tag from the flow's page (the studio links there).
    await page.getByRole('link', { name: 'Every embed code, with Copy' }).click();
    const scriptTag = page.locator('.snippet').filter({ has: page.getByRole('heading', { name: 'Script tag', exact: true }) });
    await scriptTag.getByRole('button', { name: 'Copy' }).click();
    await scriptTag.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(`<script async src="${server.url}/embed.js" data-flow="${flowId}" data-mode="inline"></script>`);
    step('snippet copied');

    // A promoter, greeted by the name the page passes (as text, escaped), plays the uploaded prompt, scores 10,
    // meets the recorded prompt and types why.
    const ada = await viewer('/ada');
    const greeting = ada.widget.getByRole('heading', { name: /how likely are you to recommend us\?$/ });
    await greeting.waitFor({ timeout: 20_000 });
    expect(await greeting.evaluate((h) => [h.textContent?.trim(), h.children.length])).toEqual(['Hi Ada, how likely are you to recommend us?', 0]);
    expect(await playPrompt(ada.widget)).toEqual({ src: `${server.url}${urls(uploaded!)['video-1280']}`, poster: `${server.url}${urls(uploaded!)['poster']}` });
    await ada.widget.getByRole('radio', { name: '10 of 10' }).check({ force: true });
    await ada.widget.getByRole('button', { name: 'Send' }).click();
    await ada.widget.getByRole('heading', { name: LOVE_TITLE }).waitFor();
    expect(await playPrompt(ada.widget)).toEqual({ src: `${server.url}${urls(recorded!)['video-1280']}`, poster: `${server.url}${urls(recorded!)['poster']}` });
    await typeAnswer(ada.widget, 'The board view is fast');
    await ada.page.close();
    step('promoter done');

    // A detractor on a page passing no name: the fallback, score 3, the other branch.
    const other = await viewer('/');
    await other.widget.getByRole('heading', { name: 'Hi friend, how likely are you to recommend us?' }).waitFor({ timeout: 20_000 });
    await other.widget.getByRole('radio', { name: '3 of 10' }).check({ force: true });
    await other.widget.getByRole('button', { name: 'Send' }).click();
    await other.widget.getByRole('heading', { name: WHY_TITLE }).waitFor();
    await typeAnswer(other.widget, 'A dark mode please');
    await other.page.close();
    step('detractor done');

    await expect
      .poll(async () => (await server.sessions(flowId)).map((s) => [s.vars, s.completedAt !== null, s.context.embedMode]).sort(), { timeout: 15_000 })
      .toEqual([
        [{}, true, 'script'],
        [{ name: 'Ada' }, true, 'script'],
      ]);

    // The inbox lists both sessions' typed answers.
    await page.getByRole('link', { name: 'Answers' }).first().click();
    const answers = page.getByRole('list', { name: 'Answers, newest first' });
    await answers.getByRole('listitem').filter({ hasText: 'The board view is fast' }).first().waitFor({ timeout: 15_000 });
    await answers.getByRole('listitem').filter({ hasText: 'A dark mode please' }).first().waitFor();
    step('inbox shows both');

    // Analytics: two sessions, both finished, one down each branch; the NPS split one promoter, one detractor.
    const api = await admin<FlowAnalytics>(`/flows/${encodeURIComponent(flowId)}/analytics`);
    expect(api.summary).toMatchObject({ starts: 2, completions: 2 });
    expect(Object.fromEntries(api.steps.map((s) => [s.stepId, s.reached]))).toEqual({ score: 2, why: 1, love: 1, thanks: 2 });
    await page.goto(`${server.url}/app/analytics?flow=${encodeURIComponent(flowId)}`);
    const tile = (key: string) => page.locator(`[data-tile="${key}"] dd`).first();
    await expect.poll(() => tile('starts').textContent(), { timeout: 20_000 }).toBe('2');
    expect(await tile('completions').textContent()).toBe('2');
    for (const summary of await page.locator('details.numbers summary').all()) await summary.click();
    const reached = async (title: string) => {
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title, exact: true }) }).first();
      return (await row.getByRole('cell').first().textContent())?.trim();
    };
    expect(await reached(LOVE_TITLE)).toBe('1');
    expect(await reached(WHY_TITLE)).toBe('1');
    await page.locator('section.nps .headline').filter({ hasText: '1 promoter, 0 passives, 1 detractor of 2 answers' }).waitFor();
    step('analytics show both');
    expect(pageLog.filter((line) => line.startsWith('[viewer'))).toEqual([]);
    await page.close();
  }, 180_000);
});
