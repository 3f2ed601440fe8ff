import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { FlowDefinition } from '@reelback/shared';
import { violations } from '../test-support/axe.js';
import { FakeApi, startWorker } from '../test-support/fake-api.js';
import { FakeStudio } from '../test-support/fake-studio.js';
import { unmountApp } from '../test-support/mount.js';
import { eventually, inStudio, openStudio } from '../test-support/studio-page.js';

const flow = (): FlowDefinition => ({
  name: 'Tour',
  steps: [
    { id: 'start', prompt: { title: 'Pick one' }, answer: { type: 'choice', options: [{ id: 'a', label: 'Go' }] }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let studio: FakeStudio;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  studio = new FakeStudio().add('tour', flow(), 1).install();
});
afterEach(() => unmountApp());

const inTheme = <E extends Element = HTMLElement>(app: Element, selector: string) => inStudio<E>(app, 'rb-theme-panel', selector);
const player = (app: Element) => inStudio(app, 'rb-studio-preview', 'reelback-flow');
const playerProp = (app: Element, name: string) => {
  const el = player(app);
  return el ? getComputedStyle(el).getPropertyValue(name).trim() : '';
};
const savedTheme = () => studio.puts.at(-1)?.definition.theme;

describe('studio theme panel', () => {
  it('edits the theme and the preview shows it live; the draft is saved with it', async () => {
    const app = await openStudio('tour');
    await expect.element(page.getByRole('group', { name: 'Preview' }).getByText('Pick one')).toBeVisible();
    await userEvent.type(inTheme<HTMLInputElement>(app, '#flow-theme-accent')!, '#0b7a3e');
    await eventually(() => playerProp(app, '--reelback-accent')).toBe('#0b7a3e');
    await userEvent.selectOptions(inTheme<HTMLSelectElement>(app, '#flow-theme-font')!, 'serif');
    await userEvent.type(inTheme<HTMLInputElement>(app, '#flow-theme-radius')!, '4');
    await eventually(() => playerProp(app, '--reelback-radius')).toBe('4px');
    expect(getComputedStyle(player(app)!).fontFamily).toMatch(/^Charter/);
    await userEvent.selectOptions(inTheme<HTMLSelectElement>(app, '#flow-theme-position')!, 'left');
    await userEvent.type(inTheme<HTMLInputElement>(app, '#flow-theme-label')!, 'Ask us');
    await eventually(savedTheme).toEqual({ accent: '#0b7a3e', font: 'serif', radius: 4, position: 'left', label: 'Ask us' });

    // The share panel: the link, and a bubble snippet carrying the theme from the first paint.
    const share = inStudio(app, '.share')!;
    expect(share.querySelector('pre')!.textContent).toBe(`${location.origin}/f/tour`);
    expect(share.textContent).toContain('<reelback-bubble flow="tour" endpoint="' + location.origin + '" position="left" style="--reelback-accent: #0b7a3e">Ask us</reelback-bubble>');
    expect(await violations()).toEqual([]);
  });

  it('pins a value the schema refuses, holds the save and the preview until it is fixed', async () => {
    const app = await openStudio('tour');
    const accent = inTheme<HTMLInputElement>(app, '#flow-theme-accent')!;
    await userEvent.type(accent, 'red;}');
    await eventually(() => inTheme(app, '.problems')?.textContent).toMatch(/use a hex colour/);
    await eventually(() => inStudio(app, '.save')?.textContent?.trim()).toBe('Not saved: fix the invalid fields first');
    expect(studio.puts).toEqual([]);
    await userEvent.clear(accent);
    await eventually(() => inTheme(app, '.problems')).toBeNull();
    await eventually(() => inStudio(app, '.save')?.textContent?.trim()).toBe('All changes saved');
    expect(savedTheme()).toBeUndefined();
  });
});
