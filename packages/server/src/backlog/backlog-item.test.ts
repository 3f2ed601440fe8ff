import { describe, expect, it } from 'vitest';
import { inline, markdownToAdf } from './atlassian-document.js';
import { buildBacklogItem, escapeMarkdown, type AnswerForBacklog } from './backlog-item.js';

const base: AnswerForBacklog = {
  flowName: 'Onboarding',
  stepTitle: 'What slowed you down?',
  kind: 'video',
  transcript: 'The board view is too slow. Please add dark mode.',
  link: 'https://reelback.test/app/answers/ans_1?t=12',
  tags: ['performance', ' dark mode ', 'performance', ''],
};

/** What a markdown reader sees of the quote: escapes and entities resolved (our ADF reader follows CommonMark's rules for them). */
function quoteText(body: string): string {
  const quote = body.split('\n\n')[0]!;
  return quote
    .split('\n>\n')
    .map((paragraph) => inline(paragraph.replace(/^> /, '')).map((node) => node.text).join(''))
    .join('\n\n');
}

/** The first character that would act in markdown or HTML because it is bare (not backslash-escaped, not an entity). */
function bareActive(markdown: string): string | null {
  for (let i = 0; i < markdown.length; i += 1) {
    const ch = markdown[i]!;
    if (ch === '\\') {
      i += 1;
    } else if (ch === '&') {
      const entity = /^&(amp|lt|gt);/.exec(markdown.slice(i));
      if (!entity) return `& at ${i}`;
      i += entity[0].length - 1;
    } else if ('<>`*_[]()|~'.includes(ch)) {
      return `${ch} at ${i}`;
    }
  }
  return null;
}

describe('buildBacklogItem: title', () => {
  it('is the first sentence of the transcript without its final period', () => {
    expect(buildBacklogItem(base).title).toBe('The board view is too slow');
    expect(buildBacklogItem({ ...base, transcript: 'Why is export so hidden? I looked for ages.' }).title).toBe('Why is export so hidden?');
    expect(buildBacklogItem({ ...base, transcript: 'no punctuation at all' }).title).toBe('no punctuation at all');
  });

  it('uses the text answer when there is no transcript, on one line, without control characters', () => {
    expect(buildBacklogItem({ ...base, transcript: null, kind: 'text', text: '  Pricing\n\tpage\u0007 is   confusing!  Really.' }).title).toBe('Pricing page is confusing!');
    expect(buildBacklogItem({ ...base, transcript: '   ', text: 'From text.' }).title).toBe('From text');
  });

  it('cuts a long first sentence at a word to at most 80 characters, with an ellipsis', () => {
    const long = 'When I open the board view with more than two hundred cards the whole page freezes for several seconds and then scrolls badly. Second.';
    const title = buildBacklogItem({ ...base, transcript: long }).title;
    expect([...title].length).toBeLessThanOrEqual(80);
    expect(title).toBe('When I open the board view with more than two hundred cards the whole page…');
    const word = 'x'.repeat(200);
    expect(buildBacklogItem({ ...base, transcript: word }).title).toBe(`${'x'.repeat(79)}…`);
  });

  it('is "Feedback on <flow> / <step>" when there are no words', () => {
    expect(buildBacklogItem({ ...base, transcript: null, text: null }).title).toBe('Feedback on Onboarding / What slowed you down?');
    expect(buildBacklogItem({ ...base, transcript: '', text: ' \n ' }).title).toBe('Feedback on Onboarding / What slowed you down?');
  });
});

describe('buildBacklogItem: body, link and tags', () => {
  it('quotes the words, then flow, step, kind, tags and the link back', () => {
    const item = buildBacklogItem(base);
    expect(item.body).toBe(
      [
        '> The board view is too slow. Please add dark mode.',
        '',
        '- **Flow:** Onboarding',
        '- **Step:** What slowed you down?',
        '- **Answer:** video',
        '- **Tags:** performance, dark mode',
        '- **In Reelback:** [Open the answer](https://reelback.test/app/answers/ans_1?t=12)',
        '',
      ].join('\n'),
    );
    expect(item.link).toBe('https://reelback.test/app/answers/ans_1?t=12');
    expect(item.tags).toEqual(['performance', 'dark mode']);
  });

  it('keeps paragraphs as quote paragraphs and says when there are no words', () => {
    expect(buildBacklogItem({ ...base, transcript: 'One.\n\n\n\nTwo\nlines.' }).body).toMatch(/^> One\.\n>\n> Two lines\.\n\n- \*\*Flow/);
    expect(buildBacklogItem({ ...base, transcript: null, tags: [], kind: undefined }).body).toBe(
      'No transcript or text answer yet.\n\n- **Flow:** Onboarding\n- **Step:** What slowed you down?\n- **In Reelback:** [Open the answer](https://reelback.test/app/answers/ans_1?t=12)\n',
    );
  });

  it('quotes at most 1,000 characters of the words, cut at a word with an ellipsis', () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const quoted = quoteText(buildBacklogItem({ ...base, transcript: words }).body);
    expect([...quoted].length).toBeLessThanOrEqual(1000);
    expect(quoted.endsWith('…')).toBe(true);
    expect(words.startsWith(quoted.slice(0, -1))).toBe(true);
    expect(quoted.slice(0, -1)).toMatch(/word\d+$/);
  });

  it('refuses a link that is not http(s), and encodes parentheses so the link cannot end early', () => {
    expect(() => buildBacklogItem({ ...base, link: 'javascript:alert(1)' })).toThrow(/must be http\(s\)/);
    expect(() => buildBacklogItem({ ...base, link: 'not a url' })).toThrow(/not a URL/);
    const item = buildBacklogItem({ ...base, link: 'https://reelback.test/a/(x) y' });
    expect(item.link).toBe('https://reelback.test/a/%28x%29%20y');
    expect(item.body).toContain('[Open the answer](https://reelback.test/a/%28x%29%20y)');
  });
});

describe('buildBacklogItem: viewer words are inert', () => {
  const attacks = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(document.cookie)</script>',
    '[click me](javascript:alert(1))',
    '![pixel](https://evil.test/track.png)',
    '<javascript:alert(1)>',
    '`code` **bold** _em_ ~~strike~~ | a | b |',
    '&lt;img src=x onerror=alert(1)&gt; &amp; &#60;',
    '[ref]: javascript:alert(1)',
    '\\[escaped\\](javascript:alert(1))',
  ];

  it.each(attacks)('%s: escaped in the quote and read back as the same text', (attack) => {
    const item = buildBacklogItem({ ...base, transcript: `Look: ${attack}` });
    const quote = item.body.split('\n\n')[0]!;
    expect(bareActive(quote.replace(/^> /, ''))).toBeNull();
    expect(quote).not.toContain('<img');
    expect(quote).not.toContain('<script');
    expect(quote).not.toContain('](');
    expect(quoteText(item.body)).toBe(`Look: ${attack}`);
    // The only link anywhere in the body is the answer's.
    const links = [...item.body.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    expect(links).toEqual([item.link]);
    const adfLinks = JSON.stringify(markdownToAdf(item.body, item.link)).match(/"href":"[^"]*"/g);
    expect(adfLinks).toEqual([`"href":"${item.link}"`]);
  });

  it('(the checker above does find bare characters)', () => {
    expect(bareActive('a <img> b')).toBe('< at 2');
    expect(bareActive('\\[x\\] &amp; &lt; [')).toBe('[ at 17');
    expect(bareActive('& alone')).toBe('& at 0');
  });

  it('escapes block syntax at the start of a paragraph: headings, lists, rules', () => {
    expect(escapeMarkdown('# Title')).toBe('\\# Title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('+ item')).toBe('\\+ item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('2) item')).toBe('2\\) item');
    expect(escapeMarkdown('=====')).toBe('\\=====');
    expect(escapeMarkdown('a - b. 3.5 #1')).toBe('a - b. 3.5 #1');
  });

  it('breaks @mentions with a zero-width space, but not e-mail addresses', () => {
    expect(escapeMarkdown('ping @octocat and @org/team, mail me@example.com')).toBe('ping @\u200boctocat and @\u200borg/team, mail me@example.com');
  });

  it('escapes flow, step and tags too', () => {
    const item = buildBacklogItem({ ...base, flowName: '<b>Flow</b>', stepTitle: '[x](javascript:y)', tags: ['<i>t</i>'] });
    expect(item.body).toContain('- **Flow:** &lt;b&gt;Flow&lt;/b&gt;');
    expect(item.body).toContain('- **Step:** \\[x\\]\\(javascript:y\\)');
    expect(item.body).toContain('- **Tags:** &lt;i&gt;t&lt;/i&gt;');
    expect(item.tags).toEqual(['<i>t</i>']); // labels are data: trackers escape them
    expect(item.title).toBe('The board view is too slow');
  });
});
