// The README is short and points into docs/; a moved or renamed file must not leave a dead link behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const docs = join(root, 'docs');
const files = [
  join(root, 'README.md'),
  ...readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f)),
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')).filter(existsSync),
];

/** Markdown outside fenced code blocks and inline code, where `[x](y)` is text, not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '').match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((h) => anchor(h.replace(/^#+ /, ''))));
}

function deadLinks(file: string): string[] {
  const dead: string[] = [];
  for (const [, target] of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target!)) continue; // http:, https:, mailto:
    const [path, fragment] = target!.split('#') as [string, string | undefined];
    const to = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!existsSync(to)) dead.push(`${target} (no file ${relative(root, to)})`);
    else if (fragment && to.endsWith('.md') && !anchorsOf(to).has(fragment)) dead.push(`${target} (no heading #${fragment} in ${relative(root, to)})`);
  }
  return dead;
}

describe('relative links in the README, docs/ and the package READMEs', () => {
  it.each(files.map((f) => [relative(root, f), f]))('%s links only to files and headings that exist', (_name, file) => {
    expect(deadLinks(file)).toEqual([]);
  });
});
