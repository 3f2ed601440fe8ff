import { afterEach, describe, expect, it, vi } from 'vitest';
import { embed } from './embed-loader.js';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

function script(src: string, data: Record<string, string>): HTMLScriptElement {
  const element = document.createElement('script');
  element.src = src;
  element.type = 'text/plain'; // inserted only to be read, never run
  for (const [key, value] of Object.entries(data)) element.dataset[key] = value;
  document.body.append(element);
  return element;
}

describe('embed.js loader', () => {
  it('inserts <reelback-flow> right after its script and imports the player from <base>widget/', async () => {
    const tag = script('https://reelback.example/embed.js', { flow: 'demo' });
    const imported: string[] = [];
    const element = embed(tag, async (url) => imported.push(url));
    expect(tag.nextElementSibling).toBe(element);
    expect(element!.localName).toBe('reelback-flow');
    expect(element!.getAttribute('flow')).toBe('demo');
    expect(element!.getAttribute('endpoint')).toBe('https://reelback.example');
    expect(element!.getAttribute('embed-mode')).toBe('script');
    expect(imported).toEqual(['https://reelback.example/widget/reelback-flow.js']);
  });

  it('keeps a path prefix, ignores a query, and honours data-endpoint', () => {
    const imported: string[] = [];
    const element = embed(script('https://host.example/rb/embed.js?v=3', { flow: 'f', endpoint: 'https://api.example' }), async (url) => imported.push(url));
    expect(imported).toEqual(['https://host.example/rb/widget/reelback-flow.js']);
    expect(element!.getAttribute('endpoint')).toBe('https://api.example');
  });

  it('puts the player into data-target', () => {
    const target = document.createElement('div');
    target.id = 'feedback';
    document.body.append(target);
    const element = embed(script('https://reelback.example/embed.js', { flow: 'demo', target: '#feedback' }), async () => undefined);
    expect(element!.parentElement).toBe(target);
  });

  it('adds a <reelback-bubble> to the body in bubble mode', () => {
    const imported: string[] = [];
    const element = embed(script('https://reelback.example/embed.js', { flow: 'demo', mode: 'bubble' }), async (url) => imported.push(url));
    expect(element!.localName).toBe('reelback-bubble');
    expect(element!.parentElement).toBe(document.body);
    expect(element!.hasAttribute('embed-mode')).toBe(false);
    expect(imported).toEqual(['https://reelback.example/widget/reelback-bubble.js']);
  });

  it('passes data-var-* to the element as its vars (inline and bubble); none means no attribute', () => {
    const inline = embed(script('https://reelback.example/embed.js', { flow: 'demo', varPlan: 'pro', varFirst_name: 'Ann' }), async () => undefined);
    expect(JSON.parse(inline!.getAttribute('vars')!)).toEqual({ plan: 'pro', first_name: 'Ann' });
    const bubble = embed(script('https://reelback.example/embed.js', { flow: 'demo', mode: 'bubble', varPlan: 'team' }), async () => undefined);
    expect(bubble!.getAttribute('vars')).toBe('{"plan":"team"}');
    expect(embed(script('https://reelback.example/embed.js', { flow: 'demo' }), async () => undefined)!.hasAttribute('vars')).toBe(false);
  });

  it('does nothing without data-flow', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(embed(script('https://reelback.example/embed.js', {}), async () => undefined)).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    expect(document.querySelector('reelback-flow, reelback-bubble')).toBeNull();
  });
});
