import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@reelback/shared';
import { shareSnippets } from './snippets.js';

const base: FlowDefinition = { name: 'x', steps: [{ id: 'e', prompt: {}, answer: { type: 'end' } }] };

describe('share snippets', () => {
  it('gives the share link alone for a flow without variables or theme', () => {
    expect(shareSnippets('https://rb.example', 'tour', base)).toEqual([expect.objectContaining({ id: 'link', code: 'https://rb.example/f/tour' })]);
  });

  it('adds the variables (query and data-var-*) and a bubble carrying the theme, escaped', () => {
    const flow: FlowDefinition = {
      ...base,
      variables: [{ name: 'plan', maxLength: 100 }, { name: 'userName', maxLength: 100 }],
      theme: { position: 'left', label: 'Tell us <b>"why"</b>', accent: '#0b7a3e', background: '#fff' },
    };
    const [link, vars, bubble] = shareSnippets('https://rb.example', 'tour', flow);
    expect(link!.code).toBe('https://rb.example/f/tour?plan=VALUE&userName=VALUE');
    expect(vars!.code).toBe('<script async src="https://rb.example/embed.js" data-flow="tour" data-var-plan="VALUE" data-var-username="VALUE"></script>');
    expect(bubble!.code).toBe(
      '<script type="module" async src="https://rb.example/widget/reelback-bubble.js"></script>\n' +
        '<reelback-bubble flow="tour" endpoint="https://rb.example" position="left" style="--reelback-accent: #0b7a3e">Tell us &lt;b&gt;&quot;why&quot;&lt;/b&gt;</reelback-bubble>',
    );
  });

  it('leaves a colour the theme check would refuse out of the style attribute', () => {
    const [, bubble] = shareSnippets('https://rb.example', 'tour', { ...base, theme: { accent: 'red;background:url(x)' as string, position: 'right' } });
    expect(bubble!.code).not.toContain('style=');
  });
});
