import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { advanceSession, NEW_SESSION, type SessionProgress, ViewerEvent } from '@reelback/shared';
import { VIEWER_EVENT_TYPES } from '@reelback/shared/event-types';
import { rulesFlow } from '@reelback/shared/test-support';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import { embed } from '../../embed/embed-loader.js';
import { resetEventClients } from '../../events/event-client.js';
import { describeEvent, FakeApi, startWorker } from '../../test-support/fake-api.js';

defineReelbackFlow();

let api: FakeApi;
let heard: ViewerEvent[];
const listen = (event: Event) => heard.push((event as CustomEvent<ViewerEvent>).detail);
const pageUrl = location.href;

beforeAll(() => startWorker());

beforeEach(() => {
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('rules', rulesFlow).install();
  heard = [];
  for (const type of VIEWER_EVENT_TYPES) document.addEventListener(type, listen);
});

afterEach(() => {
  for (const type of VIEWER_EVENT_TYPES) document.removeEventListener(type, listen);
  document.body.replaceChildren();
  history.replaceState(null, '', pageUrl);
  resetEventClients();
  vi.restoreAllMocks();
});

function mount(attrs: Record<string, string> = {}, vars?: ReelbackFlow['vars']): ReelbackFlow {
  const element = document.createElement('reelback-flow');
  element.setAttribute('endpoint', api.endpoint);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  if (vars) element.vars = vars;
  element.setAttribute('flow', 'rules');
  document.body.append(element);
  return element;
}

const heading = (name: string) => page.getByRole('heading', { name });
const sentVars = () => api.sessionRequests.map((r) => r.vars);

/** Replays what the widget sent through the server's own rule, with the variables it sent: all must be accepted. */
function serverWouldAccept(vars: Record<string, string> = {}): string[] {
  let progress: SessionProgress = NEW_SESSION;
  const reasons: string[] = [];
  for (const event of heard) {
    const result = advanceSession(rulesFlow, progress, ViewerEvent.parse(event), vars);
    if (result.ok) progress = result.progress;
    else reasons.push(result.reason);
  }
  return reasons;
}

describe('<reelback-flow> variables', () => {
  it("takes the one-line script's data-var-* attributes (names matched ignoring case)", async () => {
    const script = document.createElement('script');
    script.type = 'text/plain'; // inserted only to be read, never run
    script.src = `${api.endpoint}/embed.js`;
    script.setAttribute('data-flow', 'rules');
    script.setAttribute('data-var-plan', 'Enterprise');
    script.setAttribute('data-var-NAME', 'Ann');
    script.setAttribute('data-var-unknown', 'dropped');
    document.body.append(script);
    const element = embed(script, async () => undefined)!;
    expect(element.getAttribute('vars')).toBe('{"plan":"Enterprise","name":"Ann","unknown":"dropped"}');
    await expect.element(heading('Hi Ann')).toBeVisible();
    expect(sentVars()).toEqual([{ plan: 'Enterprise', name: 'Ann' }]);
  });

  it('takes the vars attribute as JSON or as a query string, and the vars property', async () => {
    mount({ vars: '{"name":"Bo"}' });
    await expect.element(heading('Hi Bo')).toBeVisible();
    document.body.replaceChildren();
    localStorage.clear();
    mount({ vars: 'name=Cy&plan=pro' });
    await expect.element(heading('Hi Cy')).toBeVisible();
    document.body.replaceChildren();
    localStorage.clear();
    mount({}, { name: 'Di', plan: 'team' });
    await expect.element(heading('Hi Di')).toBeVisible();
    expect(sentVars()).toEqual([{ name: 'Bo' }, { name: 'Cy', plan: 'pro' }, { name: 'Di', plan: 'team' }]);
  });

  it("reads declared variables from the page URL's query; the page's own vars win over it", async () => {
    history.replaceState(null, '', `${location.pathname}?plan=enterprise&name=Query&utm_source=ad`);
    mount({}, { plan: 'pro' });
    await expect.element(heading('Hi Query')).toBeVisible();
    expect(sentVars()).toEqual([{ plan: 'pro', name: 'Query' }]);
  });

  it('shows {{name}} escaped, with the fallbacks when there is no value; a value over its maxLength is dropped', async () => {
    const element = mount({}, { name: '<img src=x>Ann' });
    await expect.element(page.getByRole('heading')).toBeVisible();
    expect(element.shadowRoot!.querySelector('h2')!.textContent).toBe('Hi <img src=x>Ann');
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
    document.body.replaceChildren();
    localStorage.clear();
    const plain = mount({}, { name: 'x'.repeat(21) });
    await expect.element(heading('Hi there')).toBeVisible();
    expect(plain.shadowRoot!.querySelector('[part~="text"]')!.textContent).toBe('Your plan: free. Team: your team');
    expect(sentVars()).toEqual([{ name: '<img src=x>Ann' }, undefined]);
  });

  it('keeps the variables the session started with across a reload', async () => {
    mount({}, { name: 'Ann' });
    await expect.element(heading('Hi Ann')).toBeVisible();
    document.body.replaceChildren();
    mount({}, { name: 'Someone else' });
    await expect.element(heading('Hi Ann')).toBeVisible();
    expect(api.sessionRequests).toHaveLength(1);
  });
});

describe('<reelback-flow> branching rules', () => {
  it('follows a variable rule, then a score rule, as the server would', async () => {
    mount({}, { plan: 'enterprise' });
    await page.getByRole('button', { name: 'Yes' }).click();
    await expect.element(heading('Who are you?')).toBeVisible();
    expect(serverWouldAccept({ plan: 'enterprise' })).toEqual([]);
    expect(heard.map(describeEvent)).toContain('reelback.choice.selected intro yes contact');
  });

  it('follows a score rule and an earlier answer, as the server would', async () => {
    mount();
    await page.getByRole('button', { name: 'No' }).click();
    await expect.element(heading('How likely…')).toBeVisible();
    await page.getByText('3', { exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.element(heading('Why?')).toBeVisible();
    await page.getByRole('button', { name: 'Type your answer' }).click();
    await page.getByRole('textbox', { name: 'Your answer' }).fill('Too slow');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.element(heading('Who are you?')).toBeVisible();
    await page.getByRole('textbox', { name: /E-mail/ }).fill('ann@example.com');
    await page.getByRole('button', { name: 'Send' }).click();
    // "No" at intro sends contact to "thanks" (not the default "cta"); the title shows the fallback name.
    await expect.element(heading('Thanks there')).toBeVisible();
    expect(heard.map(describeEvent).filter((e) => e.includes('answer.submitted'))).toEqual([
      'reelback.answer.submitted nps why',
      'reelback.answer.submitted why contact',
      'reelback.answer.submitted contact thanks',
    ]);
    expect(serverWouldAccept()).toEqual([]);
  });
});
