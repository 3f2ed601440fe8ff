import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { THEME_FONTS, type FlowDefinition } from '@reelback/shared';
import { defineReelbackBubble } from '../bubble/bubble.component.js';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';

defineReelbackFlow();
defineReelbackBubble();

const themed = (theme: FlowDefinition['theme']): FlowDefinition => ({
  name: 'Themed',
  theme,
  steps: [
    { id: 'pick', prompt: { title: 'Pick one' }, answer: { type: 'choice', options: [{ id: 'a', label: 'Apples' }] }, next: 'done' },
    { id: 'done', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

let api: FakeApi;
beforeAll(() => startWorker());
beforeEach(() => {
  localStorage.clear();
  api = new FakeApi().publish('themed', themed({ accent: '#0b7a3e', position: 'left', label: 'Ask us', avatar: '/media/ada.jpg' })).install();
});
afterEach(() => {
  document.body.replaceChildren();
  resetEventClients();
});

function preview(definition: FlowDefinition): ReelbackFlow {
  const element = document.createElement('reelback-flow');
  element.flow = { flowId: 'themed', version: 1, definition };
  document.body.append(element);
  return element;
}

const prop = (el: Element, name: string) => getComputedStyle(el).getPropertyValue(name).trim();

describe('flow theme', () => {
  it("sets the theme as the element's custom properties, which the player's parts use", async () => {
    const element = preview(themed({ accent: '#0b7a3e', background: 'rgb(20, 24, 33)', font: 'serif', radius: 2 }));
    await expect.element(page.getByRole('heading', { name: 'Pick one' })).toBeVisible();
    expect(prop(element, '--reelback-accent')).toBe('#0b7a3e');
    expect(prop(element, '--reelback-accent-contrast')).toBe('#fff');
    expect(prop(element, '--reelback-background')).toBe('rgb(20, 24, 33)');
    expect(prop(element, '--reelback-color')).toBe('#fff');
    expect(getComputedStyle(element).fontFamily).toBe(THEME_FONTS.serif.replace(/'/g, '"'));
    const container = element.shadowRoot!.querySelector('.container')!;
    expect(getComputedStyle(container).backgroundColor).toBe('rgb(20, 24, 33)');
    expect(getComputedStyle(container).borderTopLeftRadius).toBe('2px');
    const choice = element.shadowRoot!.querySelector('.choices .button')!;
    expect(getComputedStyle(choice).color).toBe('rgb(11, 122, 62)');
  });

  it("a new flow's theme replaces the last one's; without a theme the defaults (and the page's CSS) apply", async () => {
    const element = preview(themed({ accent: '#0b7a3e', radius: 2 }));
    await expect.poll(() => prop(element, '--reelback-accent')).toBe('#0b7a3e');
    element.flow = { flowId: 'themed', version: 2, definition: themed({ radius: 20 }) };
    await expect.poll(() => prop(element, '--reelback-radius')).toBe('20px');
    expect(prop(element, '--reelback-accent')).toBe('');
    element.flow = { flowId: 'themed', version: 3, definition: themed(undefined) };
    await expect.poll(() => element.getAttribute('style') ?? '').toBe('');
  });

  it("the bubble takes the theme's corner, label, avatar and accent once its player has the flow", async () => {
    const bubble = document.createElement('reelback-bubble');
    bubble.setAttribute('flow', 'themed');
    bubble.setAttribute('endpoint', api.endpoint);
    document.body.append(bubble);
    await userEvent.click(page.getByRole('button', { name: 'Open video feedback' }));
    await expect.element(page.getByRole('heading', { name: 'Pick one' })).toBeVisible();
    await expect.poll(() => bubble.getAttribute('position')).toBe('left');
    await expect.element(page.getByRole('button', { name: 'Ask us' })).toBeVisible();
    expect(bubble.shadowRoot!.querySelector<HTMLImageElement>('.launcher img.avatar')!.src).toBe(`${api.endpoint}/media/ada.jpg`);
    expect(prop(bubble, '--reelback-accent')).toBe('#0b7a3e');
  });
});
