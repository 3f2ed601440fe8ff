// Reaching into the studio page of a mounted app (its elements' shadow roots), for the studio's component tests.
import { expect } from 'vitest';
import type { RbFlowMap } from '../studio/flow-map.component.js';
import type { RbStudioPage } from '../studio/studio-page.component.js';
import { deep, mountApp } from './mount.js';

/**
 * `expect.poll` with room for a busy machine: saves wait for a debounce and a round trip through msw's worker, which
 * a loaded 2-core CI can stretch past the default second.
 */
export const eventually = <T>(read: () => T, timeout = 5000) => expect.poll(read, { timeout });

export const studioPage = (app: Element) => deep<RbStudioPage>(app, 'rb-studio', 'rb-studio-page')!;
export const studioMap = (app: Element) => deep<RbFlowMap>(app, 'rb-studio', 'rb-studio-page', 'rb-flow-map')!;
export const mapCards = (app: Element) => [...studioMap(app).shadowRoot!.querySelectorAll<HTMLElement>('.card')];
export const inStudio = <E extends Element = HTMLElement>(app: Element, ...selectors: string[]) => deep<E>(app, 'rb-studio', 'rb-studio-page', ...selectors);
/** The map's arrows as [from, to, label]. */
export const mapArrows = (app: Element) =>
  [...studioMap(app).shadowRoot!.querySelectorAll('g.branch')].map((g) => [g.getAttribute('data-from'), g.getAttribute('data-to'), g.textContent!.trim()]);

export async function openStudio(id: string, { saveDelay = 300 } = {}) {
  const app = mountApp(`/app/flows/${id}/edit`);
  await eventually(() => mapCards(app).length, 10_000).toBeGreaterThan(0);
  studioPage(app).saveDelay = saveDelay;
  return app;
}

/** An element in the studio's library dialog. */
export const inLibrary = <E extends Element = HTMLElement>(app: Element, ...selectors: string[]) => inStudio<E>(app, 'rb-media-library', ...selectors);

/** The library dialog's asset rows, as their names. */
export const libraryNames = (app: Element) =>
  [...(inStudio(app, 'rb-media-library')?.shadowRoot?.querySelectorAll<HTMLElement>('.asset .title') ?? [])].map((n) => n.textContent?.trim());

/** The asset row of `name` in the library dialog. */
export const libraryRow = (app: Element, name: string) =>
  [...(inStudio(app, 'rb-media-library')?.shadowRoot?.querySelectorAll<HTMLElement>('.asset') ?? [])].find((row) => row.querySelector('.title')?.textContent?.trim() === name);
