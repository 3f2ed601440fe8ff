import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerItem } from '@reelback/shared';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { recordAtTheOpenQuestion, toTheOpenQuestion } from './support/demo-viewer.js';
import { fakeMediaArgs, makeFakeMedia } from './support/fake-media.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's findings on the page; its source is evaluated over the DevTools protocol (the dashboard's CSP forbids inline scripts). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** A stand-in for api.github.com: answers the two calls the GitHub adapter makes, and remembers what it was sent. */
async function fakeGitHub(): Promise<{ server: Server; url: string; issues: { title: string; body: string; labels: string[]; auth: string }[] }> {
  const issues: { title: string; body: string; labels: string[]; auth: string }[] = [];
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text;
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/repos/acme/boards') {
        res.end(JSON.stringify({ id: 1, full_name: 'acme/boards', has_issues: true, permissions: { push: true } }));
      } else if (req.method === 'POST' && req.url === '/repos/acme/boards/issues') {
        const issue = JSON.parse(body) as { title: string; body: string; labels?: string[] };
        issues.push({ title: issue.title, body: issue.body, labels: issue.labels ?? [], auth: String(req.headers.authorization) });
        const number = 40 + issues.length;
        res.statusCode = 201;
        res.end(JSON.stringify({ number, html_url: `https://github.example/acme/boards/issues/${number}`, title: issue.title }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Not Found' }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}`, issues };
}

describe('an owner reviews a recorded answer in the dashboard', () => {
  // PocketSphinx with a grammar of the sentences that can be heard: the transcript is exact, so search can find it.
  const SENTENCE = 'the board view is too slow';
  const OWNER = { email: 'olivia@acme.example', name: 'Olivia Owner', password: 'correct horse battery staple' };
  let server: RunningServer;
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  let browser: BrowserContext;
  let dir: string;

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-inbox-e2e-'));
    const grammar = join(dir, 'answers.gram');
    await writeFile(grammar, `#JSGF V1.0;\ngrammar answers;\npublic <answer> = ${SENTENCE} | please add a dark mode;\n`);
    const media = await makeFakeMedia(`${SENTENCE}.`, 2.5);
    github = await fakeGitHub();
    // The fake GitHub listens on 127.0.0.1: trackers on private addresses must be allowed, as for a self-hosted one.
    server = await startReelbackServer({ REELBACK_TRANSCRIBER: 'pocketsphinx', REELBACK_POCKETSPHINX_GRAMMAR: grammar, REELBACK_OUTBOUND_ALLOW_PRIVATE: '1' });
    browser = await launchChromium({ extraArgs: fakeMediaArgs(media) });

    // The first admin (with the server's admin key), who invites an owner and sets up GitHub as the tracker.
    await admin('POST', '/auth/bootstrap', { workspaceName: 'Acme', email: 'ada@acme.example', name: 'Ada Admin', password: 'a long admin password' });
    const invite = (await admin('POST', '/workspace/invites', { role: 'owner', email: OWNER.email })) as { token: string };
    const accepted = await fetch(`${server.url}/api/v1/auth/invites/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: invite.token, ...OWNER }),
    });
    expect(accepted.status).toBeLessThan(300);
    await admin('PUT', '/workspace/tracker', { kind: 'github', owner: 'acme', repo: 'boards', token: 'ghp_e2e-token-0123456789', apiBase: github.url });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => github?.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  /** A viewer answers the demo's open question with a 5 s video from the fake camera and microphone. */
  async function viewerRecordsAnAnswer(): Promise<void> {
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/`);
    await toTheOpenQuestion(page);
    // The microphone's WAV (2.5 s of silence, the sentence, 1 s of silence) began when it opened: 5 s holds it once.
    await recordAtTheOpenQuestion(page, { kind: 'video', seconds: 5 });
    const widget = page.locator('#reelback-inline');
    await expect.poll(() => widget.getByText('Sending your recording').count(), { timeout: 30_000 }).toBe(0);
    await page.close();
  }

  const answers = async (query = ''): Promise<AnswerItem[]> =>
    ((await admin('GET', `/answers${query}`)) as unknown as { answers: AnswerItem[] }).answers;

  it('sees the answer arrive live, plays it, seeks by the transcript, tags, reviews, finds and hands it off', async () => {
    // Where the time went, for a run that times out on a busy machine.
    const started = Date.now();
    const step = (name: string) => console.log(`[owner-inbox +${((Date.now() - started) / 1000).toFixed(1)} s] ${name}`);
    const owner = await browser.newPage();
    await owner.emulateMedia({ reducedMotion: 'reduce' });
    await owner.goto(`${server.url}/app/`);
    await owner.getByLabel('E-mail').fill(OWNER.email);
    await owner.getByLabel('Password').fill(OWNER.password);
    expect(await violations(owner)).toEqual([]);
    await owner.getByRole('button', { name: 'Log in' }).click();
    await owner.getByRole('heading', { name: 'Answers' }).waitFor();
    const list = owner.getByRole('list', { name: 'Answers, newest first' });
    expect(await list.count()).toBe(0);

    step('logged in');
    // The viewer answers in another page; the owner's inbox shows it without a reload, then its transcript.
    const loadsBefore = await owner.evaluate(() => performance.getEntriesByType('navigation').length);
    await viewerRecordsAnAnswer();
    const row: Locator = list.getByRole('listitem').filter({ hasText: 'Video' }).first();
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.textContent(), { timeout: 90_000 }).toContain(SENTENCE);
    expect(await owner.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loadsBefore);
    expect(await violations(owner)).toEqual([]);
    const [answer] = await answers();
    expect(answer).toMatchObject({ kind: 'video', status: 'new', transcriptSnippet: SENTENCE });

    step('answer and transcript shown live');
    // Open it from the keyboard: j onto the row, Enter.
    await owner.keyboard.press('j');
    await owner.keyboard.press('Enter');
    await owner.waitForURL(`**/app/answers/${answer!.id}`);
    const video = owner.getByLabel('Video answer');
    await video.waitFor();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(duration).toBeGreaterThan(4.5);

    step('answer page open');
    // It plays; a click on a transcript segment seeks there.
    await video.evaluate((v: HTMLVideoElement) => v.play());
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.3);
    const segments = owner.getByRole('list', { name: 'Transcript segments' }).getByRole('button');
    expect(await segments.count()).toBeGreaterThan(0);
    const last = segments.last();
    const label = (await last.textContent()) ?? '';
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    await last.click();
    const transcript = (await (await fetch(`${server.url}/api/v1/clips/${answer!.clip!.id}/transcript`, { headers: { authorization: `Bearer ${server.adminKey}` } })).json()) as {
      segments: { start: number; text: string }[];
    };
    const target = transcript.segments.at(-1)!;
    expect(label).toContain(target.text.trim());
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(target.start, 0);
    expect(await violations(owner)).toEqual([]);

    step('seeked');
    // Tag it and mark it reviewed.
    await owner.getByLabel('Add a tag').fill('performance');
    await owner.getByLabel('Add a tag').press('Enter');
    await owner.getByRole('radio', { name: 'Reviewed' }).check();
    await expect.poll(async () => (await answers()).find((a) => a.id === answer!.id)).toMatchObject({ tags: ['performance'], status: 'reviewed' });

    step('tagged and reviewed');
    // Make a backlog item in the (fake) GitHub.
    await owner.getByRole('button', { name: 'Create backlog item' }).click();
    await owner.getByRole('link', { name: 'acme/boards#41' }).waitFor({ timeout: 20_000 });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ title: SENTENCE, auth: 'Bearer ghp_e2e-token-0123456789' });
    expect(github.issues[0]!.body).toContain(`/app/answers/${answer!.id}`);
    expect(github.issues[0]!.labels).toContain('performance');

    step('backlog item made');
    // Back in the inbox, a word of the transcript finds it.
    await owner.getByRole('link', { name: 'Answers' }).first().click();
    await owner.getByLabel('Search transcripts and typed answers').fill('slow');
    await owner.getByLabel('Search transcripts and typed answers').press('Enter');
    // Rows are the list's own items (a row's tags are a list inside it).
    const rows = list.locator(':scope > li');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('performance');
    await owner.getByLabel('Search transcripts and typed answers').fill('mode');
    await owner.getByLabel('Search transcripts and typed answers').press('Enter');
    await expect.poll(() => owner.getByText('No answers match these filters.').count()).toBe(1);
    await owner.close();
  }, 240_000);
});
