/**
 * Atlassian Document Format (ADF), the rich-text JSON that Jira Cloud's REST API v3 takes for `description`,
 * made from the small markdown subset `buildBacklogItem` writes: paragraphs, `>` quotes, `- ` lists, `**strong**`,
 * `[text](https://…)` and `<https://…>` links, backslash escapes and HTML entities. Anything else stays literal
 * text; ADF text is never interpreted, so viewer words stay inert. Only http(s) links get a link mark.
 */

export type AdfMark = { type: 'strong' } | { type: 'link'; attrs: { href: string } };
export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfMark[];
}
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfText[];
}
export interface AdfBulletList {
  type: 'bulletList';
  content: { type: 'listItem'; content: AdfParagraph[] }[];
}
export interface AdfBlockquote {
  type: 'blockquote';
  content: (AdfParagraph | AdfBulletList)[];
}
export type AdfBlock = AdfParagraph | AdfBulletList | AdfBlockquote;
export interface AdfDocument {
  version: 1;
  type: 'doc';
  content: AdfBlock[];
}

/** The document for `markdown`, ending with a paragraph linking to `link` unless some text already links there. */
export function markdownToAdf(markdown: string, link?: string): AdfDocument {
  const content = blocks(markdown.replace(/\r\n?/g, '\n').split('\n'), true) as AdfBlock[];
  if (link && !linksTo(content, link)) {
    content.push({ type: 'paragraph', content: [{ type: 'text', text: 'Answer in Reelback', marks: [{ type: 'link', attrs: { href: link } }] }] });
  }
  return { version: 1, type: 'doc', content };
}

function blocks(lines: string[], quotesAllowed: boolean): AdfBlock[] {
  const out: AdfBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i += 1;
    } else if (quotesAllowed && /^ {0,3}>/.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i]!)) inner.push(lines[i++]!.replace(/^ {0,3}> ?/, ''));
      const content = blocks(inner, false) as (AdfParagraph | AdfBulletList)[];
      if (content.length > 0) out.push({ type: 'blockquote', content });
    } else if (/^ {0,3}[-*+] /.test(line)) {
      const items: AdfBulletList['content'] = [];
      while (i < lines.length && /^ {0,3}[-*+] /.test(lines[i]!)) {
        const text = inline(lines[i++]!.replace(/^ {0,3}[-*+] /, ''));
        if (text.length > 0) items.push({ type: 'listItem', content: [{ type: 'paragraph', content: text }] });
      }
      if (items.length > 0) out.push({ type: 'bulletList', content: items });
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && !/^ {0,3}>/.test(lines[i]!) && !/^ {0,3}[-*+] /.test(lines[i]!)) {
        paragraph.push(lines[i++]!.trim());
      }
      const text = inline(paragraph.join(' '));
      if (text.length > 0) out.push({ type: 'paragraph', content: text });
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Text nodes for one paragraph's markdown. */
export function inline(source: string): AdfText[] {
  const nodes: AdfText[] = [];
  let strong = false;
  const push = (text: string, href?: string) => {
    if (!text) return;
    const marks: AdfMark[] = [];
    if (strong) marks.push({ type: 'strong' });
    if (href) marks.push({ type: 'link', attrs: { href } });
    const last = nodes[nodes.length - 1];
    if (last && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) {
      last.text += text;
      return;
    }
    nodes.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text });
  };

  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length && PUNCTUATION.test(source[i + 1]!)) {
      push(source[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '&') {
      const entity = /^&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/i.exec(rest);
      const decoded = entity ? decodeEntity(entity[1]!) : undefined;
      if (entity && decoded !== undefined) {
        push(decoded);
        i += entity[0].length;
        continue;
      }
    }
    if (rest.startsWith('**') && (strong || source.indexOf('**', i + 2) !== -1)) {
      strong = !strong;
      i += 2;
      continue;
    }
    if (ch === '[') {
      const link = /^\[((?:\\.|[^\\\]])*)\]\(([^\s()<>]+)\)/.exec(rest);
      const href = link ? httpHref(link[2]!) : null;
      if (link && href) {
        push(plain(link[1]!) || href, href);
        i += link[0].length;
        continue;
      }
    }
    if (ch === '<') {
      const auto = /^<([^\s<>]+)>/.exec(rest);
      const href = auto ? httpHref(auto[1]!) : null;
      if (auto && href) {
        push(href, href);
        i += auto[0].length;
        continue;
      }
    }
    push(ch);
    i += 1;
  }
  return nodes;
}

/** A link text's characters with escapes and entities resolved (no marks inside links). */
function plain(source: string): string {
  return inline(source).map((node) => node.text).join('');
}

function decodeEntity(name: string): string | undefined {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined;
  }
  return ENTITIES[name.toLowerCase()];
}

function httpHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function linksTo(content: unknown, link: string): boolean {
  let target: string;
  try {
    target = new URL(link).href;
  } catch {
    return false;
  }
  const walk = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(walk);
    if (!node || typeof node !== 'object') return false;
    const { marks, content: children } = node as { marks?: AdfMark[]; content?: unknown };
    if (marks?.some((mark) => mark.type === 'link' && mark.attrs.href === target)) return true;
    return walk(children);
  };
  return walk(content);
}
