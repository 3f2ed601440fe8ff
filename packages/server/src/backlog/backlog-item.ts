import type { BacklogItem } from './backlog-tracker.js';

/** What `buildBacklogItem` needs to know about one answer. */
export interface AnswerForBacklog {
  flowName: string;
  /** The step's title (or its id, when it has none). */
  stepTitle: string;
  /** The answer's kind, said in the body: `video`, `audio`, `text`, … */
  kind?: string;
  /** The transcript's text (the owner's edit, if any), for a clip. */
  transcript?: string | null;
  /** What the viewer typed, for a text answer. */
  text?: string | null;
  /** http(s) URL of the answer in Reelback (may carry a timestamp). */
  link: string;
  tags: string[];
}

export const TITLE_MAX = 80;
export const QUOTE_MAX = 1000;

/**
 * Turns an answer into the item a tracker receives. Pure.
 *
 * - **title**: the first sentence of the transcript or text answer, on one line, at most 80 characters (cut at a
 *   word with "…"); without words, "Feedback on <flow name> / <step title>".
 * - **body** (markdown): the transcript or text as a quote (at most 1,000 characters), then flow, step, kind, tags
 *   and the link back. Viewer words are inert: characters that markdown or HTML would act on are escaped, so
 *   `<img onerror=…>` stays text and `[x](javascript:…)` is no link; and `@name` gets a zero-width space after
 *   the `@`, so a viewer cannot make GitHub notify people.
 * - **link**: the answer's URL, checked to be http(s).
 * - **tags**: trimmed, without repeats; adapters make labels of them.
 */
export function buildBacklogItem(answer: AnswerForBacklog): BacklogItem {
  const link = safeLink(answer.link);
  const words = normalise(answer.transcript?.trim() ? answer.transcript : (answer.text ?? ''));
  const flow = oneLine(answer.flowName);
  const step = oneLine(answer.stepTitle);
  const tags = [...new Set(answer.tags.map(oneLine).filter(Boolean))];

  const sentence = firstSentence(words);
  const title = sentence ? clip(sentence, TITLE_MAX) : clip(`Feedback on ${flow} / ${step}`, TITLE_MAX);

  const quote = words ? quoteBlock(clip(words, QUOTE_MAX)) : 'No transcript or text answer yet.';
  const details = [
    `- **Flow:** ${escapeMarkdown(flow)}`,
    `- **Step:** ${escapeMarkdown(step)}`,
    ...(answer.kind?.trim() ? [`- **Answer:** ${escapeMarkdown(oneLine(answer.kind))}`] : []),
    ...(tags.length > 0 ? [`- **Tags:** ${tags.map(escapeMarkdown).join(', ')}`] : []),
    `- **In Reelback:** [Open the answer](${link})`,
  ];
  return { title, body: `${quote}\n\n${details.join('\n')}\n`, link, tags };
}

/**
 * Text safe to put in markdown as literal words: `& < >` become entities (no HTML), the characters that make
 * emphasis, code, links, images, tables and strikethrough are backslash-escaped, and so are the ones that make a
 * heading, list or quote at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(/[\\`*_[\]()|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'))
    .replace(/(^|[^\w@.])@(?=\w)/g, '$1@\u200b');
  return escaped.replace(/^(\s*)([#+=-]|\d+(?=[.)]))/gm, (_, space: string, mark: string) =>
    /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
  );
}

/** Paragraphs as a markdown quote; each paragraph on one line (markdown would join its lines anyway). */
function quoteBlock(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `> ${escapeMarkdown(paragraph.replace(/\n/g, ' '))}`)
    .join('\n>\n');
}

/** Control characters out, spaces collapsed, at most one blank line between paragraphs. */
function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function oneLine(text: string): string {
  return normalise(text).replace(/\s+/g, ' ');
}

/** Up to the first . ! ? … (or 。！？) followed by a space or the end, without a final "."; else the whole text. */
function firstSentence(text: string): string {
  const flat = oneLine(text);
  const match = /^.*?[.!?…。！？]+(?=\s|$)/u.exec(flat);
  return (match ? match[0] : flat).replace(/(?<!\.)\.$/, '').trim();
}

/** At most `max` characters; a longer text is cut at a word (unless that loses over a third) and gets "…". */
function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.search(/\s\S*$/);
  const kept = space > (max * 2) / 3 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s.,;:!?-]+$/, '')}…`;
}

/** The link as an http(s) URL with parentheses encoded, so it cannot end a markdown link early. */
function safeLink(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TypeError(`the answer link is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`the answer link must be http(s): "${raw}"`);
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}
