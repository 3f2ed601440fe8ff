import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../packages/widget/dist/', import.meta.url));

/** A built module's imports: static (`from"./x.js"`, `import"./x.js"`) and dynamic (`import("./x.js")`), as dist paths. */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const code = readFileSync(`${dist}${file}`, 'utf8');
  const base = new URL(file, 'file:///');
  const resolve = (specifier: string) => new URL(specifier, base).pathname.slice(1);
  return {
    static: [...code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)].map((m) => resolve(m[1]!)),
    dynamic: [...code.matchAll(/import\("(\.{1,2}\/[^"]+\.js)"\)/g)].map((m) => resolve(m[1]!)),
  };
}

/**
 * The player's lazily loaded chunks in the current build: every file its `import()`s reach that its own static
 * imports do not. The entry `reelback-flow.js` imports nothing statically (issue #16: it loads the player once a
 * `<reelback-flow>` nears the viewport), so that is the player chunk and every chunk it imports (Lit, the words…,
 * some also loaded by the demo's bubble), the answer controls, the recorder, the upload status feed and client.
 */
export function lazyChunks(entry = 'reelback-flow.js'): string[] {
  const eager = new Set<string>();
  const walkStatic = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    importsOf(file).static.forEach(walkStatic);
  };
  walkStatic(entry);
  const lazy = new Set<string>();
  const walkAll = (file: string) => {
    if (lazy.has(file) || eager.has(file)) return;
    lazy.add(file);
    const { static: s, dynamic } = importsOf(file);
    [...s, ...dynamic].forEach(walkAll);
  };
  for (const file of eager) importsOf(file).dynamic.forEach(walkAll);
  // Another language's words, a flow's translations and a theme's code load only on a page in that language or for
  // a translated or themed flow: the English, unthemed demo never asks for them, so failing one there tests nothing.
  return [...lazy].filter((file) => !/^chunks\/([a-z]{2}|flow-translations|theme-values)-[A-Z0-9]+\.js$/.test(file)).sort();
}
