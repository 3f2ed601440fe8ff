import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { http, HttpResponse } from 'msw';
import type { FlowDefinition } from '@reelback/shared';
import { violations } from '../test-support/axe.js';
import { FakeApi, OWNER, startWorker, worker } from '../test-support/fake-api.js';
import { FakeStudio } from '../test-support/fake-studio.js';
import { unmountApp } from '../test-support/mount.js';
import { eventually, inStudio, mapCards, openStudio } from '../test-support/studio-page.js';
import { formatTime } from '../util/format.js';

const flow = (title: string): FlowDefinition => ({
  name: 'Tour',
  steps: [
    { id: 'start', prompt: { title }, answer: { type: 'choice', options: [{ id: 'a', label: 'Go' }] }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let studio: FakeStudio;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  studio = new FakeStudio().add('tour', flow('Draft start'), 2).setVersion('tour', 1, flow('First start')).install();
  studio.etags = true;
});
afterEach(() => unmountApp());

const versionRows = (app: Element) =>
  [...(inStudio(app, 'rb-versions-panel')?.shadowRoot?.querySelectorAll('li') ?? [])].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
const preview = () => page.getByRole('group', { name: 'Preview' });

describe('studio version history', () => {
  it('lists versions with who published them and when; views one read-only; restores it as the draft with If-Match', async () => {
    const app = await openStudio('tour');
    await eventually(() => versionRows(app)).toEqual([
      `Version 2 by Ada Admin · ${formatTime('2026-12-03T10:00:00.000Z')} View version 2 Restore as draft (version 2)`,
      `Version 1 publisher not recorded · ${formatTime('2026-12-02T10:00:00.000Z')} View version 1 Restore as draft (version 1)`,
    ]);
    await expect.element(preview().getByText('Draft start')).toBeVisible();

    await userEvent.click(page.getByRole('button', { name: 'View version 1' }));
    await expect.element(preview().getByText('First start')).toBeVisible();
    await expect.element(page.getByText('Version 1, read-only.')).toBeVisible();
    expect(mapCards(app)[0]!.textContent).toContain('Draft start');
    expect(await violations()).toEqual([]);
    await userEvent.click(page.getByRole('button', { name: 'Back to the draft' }));
    await expect.element(preview().getByText('Draft start')).toBeVisible();

    await userEvent.click(page.getByRole('button', { name: 'Restore as draft (version 1)' }));
    await eventually(() => mapCards(app)[0]!.textContent).toContain('First start');
    expect(studio.restores).toEqual([{ flowId: 'tour', version: 1, ifMatch: '"1"' }]);
    expect(studio.draft('tour').steps[0]!.prompt.title).toBe('First start');
    expect(studio.puts).toEqual([]);
    await expect.element(page.getByText('Version 1 is the draft now. Publish to serve it again.')).toBeVisible();

    // The restored draft's tag is the next one: an edit saves with it, and publishing lists version 3.
    await userEvent.click(page.getByRole('button', { name: 'Publish' }));
    await eventually(() => versionRows(app)[0]).toMatch(/^Version 3 by Olive Owner/);
  });

  it('refuses a restore over a draft someone else changed (412) and says so', async () => {
    const app = await openStudio('tour');
    await eventually(() => versionRows(app).length).toBe(2);
    studio.changeElsewhere('tour', flow('Their start'), { kind: 'user', id: 'usr_ada', label: 'Ada Admin' }, '2026-12-07T10:00:00.000Z');
    await userEvent.click(page.getByRole('button', { name: 'Restore as draft (version 1)' }));
    await expect.element(page.getByText(/Version 1 was not restored: someone else changed this draft/)).toBeVisible();
    expect(studio.draft('tour').steps[0]!.prompt.title).toBe('Their start');
  });

  it('lets managers view versions but not restore them', async () => {
    worker.use(http.get('/api/v1/auth/me', () => HttpResponse.json({ ...OWNER, role: 'manager' })));
    const app = await openStudio('tour');
    await eventually(() => versionRows(app).length).toBe(2);
    expect(page.getByRole('button', { name: /Restore as draft/ }).elements()).toHaveLength(0);
    await userEvent.click(page.getByRole('button', { name: 'View version 2' }));
    await expect.element(page.getByText('Version 2, read-only.')).toBeVisible();
  });
});
