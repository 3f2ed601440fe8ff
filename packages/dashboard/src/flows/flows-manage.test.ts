import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { http, HttpResponse } from 'msw';
import type { FlowDefinition } from '@reelback/shared';
import { violations } from '../test-support/axe.js';
import { FakeApi, OWNER, startWorker, worker } from '../test-support/fake-api.js';
import { FakeStudio } from '../test-support/fake-studio.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';
import { eventually, mapCards } from '../test-support/studio-page.js';

const tour = (): FlowDefinition => ({
  name: 'Welcome tour',
  steps: [
    { id: 'hi', prompt: { title: 'Hi' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A' }] }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let studio: FakeStudio;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  studio = new FakeStudio().add('tour', tour(), 1).add('old', { ...tour(), name: 'Old survey' }, 2).archive('old').install();
});
afterEach(() => unmountApp());

const names = (app: Element) => [...(deep(app, 'rb-flows')?.shadowRoot?.querySelectorAll('.name') ?? [])].map((n) => n.textContent!.trim());
/** The focused element, inside shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
const button = (name: string) => page.getByRole('button', { name, exact: true });

describe('flows list: new, duplicate, archive', () => {
  it('New flow: a picker of the templates (blank first) and a name, then the studio', async () => {
    const app = mountApp('/app/flows');
    await userEvent.click(button('New flow'));
    const radios = page.getByRole('radio');
    await expect.element(radios.first()).toBeChecked();
    expect(radios.elements().map((r) => (r as HTMLInputElement).value)).toEqual(['blank', 'nps', 'feature-discovery', 'testimonial', 'churn-exit']);
    expect(await violations()).toEqual([]);
    await userEvent.type(page.getByLabelText('Name'), 'Pricing survey');
    await userEvent.click(page.getByRole('radio', { name: /NPS with a reason/ }));
    await userEvent.click(button('Create and open in studio'));
    await eventually(() => location.pathname).toBe('/app/flows/pricing-survey-1/edit');
    expect(studio.created).toEqual([{ template: 'nps', name: 'Pricing survey' }]);
    await eventually(() => mapCards(app).length).toBeGreaterThan(2);
  });

  it('Escape or Cancel closes the picker, focus back on New flow', async () => {
    mountApp('/app/flows');
    await userEvent.click(button('New flow'));
    await eventually(() => focused()?.id).toBe('new-flow-name');
    await userEvent.keyboard('{Escape}');
    await eventually(() => focused()?.textContent?.trim()).toBe('New flow');
    expect(studio.created).toEqual([]);
  });

  it('duplicates a flow and says so', async () => {
    const app = mountApp('/app/flows');
    await userEvent.click(button('Duplicate Welcome tour'));
    await expect.element(page.getByText('Duplicated “Welcome tour” as “Copy of Welcome tour”.')).toBeVisible();
    expect(names(app)).toEqual(['Welcome tour', 'Copy of Welcome tour']);
    expect(studio.calls).toContain('duplicate tour');
  });

  it('archives after a confirmation that says widgets stop showing it; the Archived view unarchives', async () => {
    const app = mountApp('/app/flows');
    await eventually(() => names(app)).toEqual(['Welcome tour']);
    await userEvent.click(button('Archive Welcome tour'));
    const dialog = page.getByRole('alertdialog', { name: 'Archive “Welcome tour”?' });
    await expect.element(dialog).toHaveTextContent(/stops being served to widgets/);
    expect(await violations()).toEqual([]);
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(studio.calls.filter((c) => c.startsWith('archive'))).toEqual([]);

    await userEvent.click(button('Archive Welcome tour'));
    await userEvent.click(page.getByRole('alertdialog').getByRole('button', { name: 'Archive' }));
    await eventually(() => names(app)).toEqual([]);
    expect(studio.calls).toContain('archive tour');

    await userEvent.click(page.getByRole('link', { name: 'Archived' }));
    await eventually(() => location.search).toBe('?archived=1');
    await eventually(() => names(app)).toEqual(['Welcome tour', 'Old survey']);
    await expect.element(page.getByRole('heading', { name: 'Archived flows' })).toBeVisible();
    expect(page.getByRole('button', { name: 'New flow' }).elements()).toHaveLength(0);
    await userEvent.click(button('Unarchive Old survey'));
    await eventually(() => names(app)).toEqual(['Welcome tour']);
    expect(studio.calls).toContain('unarchive old');
    expect(await violations()).toEqual([]);

    // The archived flow's own page says so (and still links its analytics).
    await userEvent.click(page.getByRole('link', { name: /Welcome tour/ }).first());
    await expect.element(page.getByText(/Archived: widgets no longer show this flow/)).toBeVisible();
    await expect.element(page.getByRole('main').getByRole('link', { name: 'Analytics' })).toBeVisible();
  });

  it('imports a flow bundle as a new, unpublished flow and says so; every flow has an Export link to its bundle', async () => {
    const sent: { type: string | null; size: number; csrf: string | null }[] = [];
    worker.use(
      http.post('/api/v1/flows/bundle', async ({ request }) => {
        sent.push({ type: request.headers.get('content-type'), size: (await request.arrayBuffer()).byteLength, csrf: request.headers.get('x-csrf-token') });
        studio.add('tour-imported', { ...tour(), name: 'Welcome tour (imported)' });
        return HttpResponse.json(
          { flow: studio.flow('tour-imported'), assets: [{ id: 'ast_1', name: 'Intro', status: 'processing' }], bundlePublished: null, notes: ['Version 1 was published where it came from.'] },
          { status: 201 },
        );
      }),
    );
    const app = mountApp('/app/flows');
    await eventually(() => names(app)).toEqual(['Welcome tour']);
    const exportLink = page.getByRole('link', { name: 'Export Welcome tour' });
    await expect.element(exportLink).toHaveAttribute('href', '/api/v1/flows/tour/bundle');
    await expect.element(exportLink).toHaveAttribute('download');

    const input = deep(app, 'rb-flows', 'rb-flow-import')!.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
    await userEvent.upload(input, new File([new Uint8Array(2048)], 'welcome.tar.gz', { type: '' }));
    await expect.element(page.getByText(/Imported “Welcome tour \(imported\)”; it is not published yet/)).toBeVisible();
    await expect.element(page.getByText(/Its 1 media file is being processed\. Version 1 was published where it came from\./)).toBeVisible();
    expect(sent).toEqual([{ type: 'application/gzip', size: 2048, csrf: OWNER.csrfToken }]);
    await eventually(() => names(app)).toEqual(['Welcome tour', 'Welcome tour (imported)']);
    expect(await violations()).toEqual([]);
  });

  it('says why a bundle was refused, and imports nothing', async () => {
    worker.use(
      http.post('/api/v1/flows/bundle', () =>
        HttpResponse.json({ error: { code: 'bundle-not-tar', message: 'this is not a tar archive' } }, { status: 400 }),
      ),
    );
    const app = mountApp('/app/flows');
    await eventually(() => names(app)).toEqual(['Welcome tour']);
    const input = deep(app, 'rb-flows', 'rb-flow-import')!.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
    await userEvent.upload(input, new File(['hello'], 'notes.tar', { type: 'application/x-tar' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent(/“notes\.tar” could not be imported: this is not a tar archive/);
    expect(names(app)).toEqual(['Welcome tour']);
  });

  it('shows managers no write actions, in either view', async () => {
    worker.use(http.get('/api/v1/auth/me', () => HttpResponse.json({ ...OWNER, role: 'manager' })));
    const app = mountApp('/app/flows?archived=1');
    await eventually(() => names(app)).toEqual(['Old survey']);
    await expect.element(page.getByRole('link', { name: 'Open in studio Old survey' })).toBeVisible();
    expect(page.getByRole('button').elements().filter((b) => /Duplicate|Archive|Unarchive|New flow|Import/.test(b.textContent ?? ''))).toEqual([]);
    // Managers may export a flow with its media.
    await expect.element(page.getByRole('link', { name: 'Export Old survey' })).toBeVisible();
  });
});
