#!/usr/bin/env node
// Widget size budget: builds packages/widget, gzips each output (zlib level 9) and checks the budgets.
//   loader (embed.js)                                    ≤ 3 KB gz
//   entry (reelback-flow.js, one file: what a page evaluates at load; reported, see boot/defer-player.ts)
//   player (the entry, plus the player chunk it imports once a <reelback-flow> nears the viewport — src/player.ts —
//     with its static chunks: what it takes to show a player) ≤ 25 KB gz
//   bubble (reelback-bubble.js + its static chunks)        reported; the player it loads on open, too
//   recorder (the chunk of components/recorder/recorder.component.ts — <reelback-recorder>, the tus client and
//     the upload manager — plus every chunk it imports statically, minus what the player already loaded) ≤ 20 KB gz
//   each language's catalogue (util/i18n/locales/<code>.ts, its own chunk, loaded on demand) ≤ 2 KB gz;
//     English is built into the player (and the recorder's and uploads' English words into their chunks)
// KB here means 1000 bytes (the stricter reading). Prints a table, then one JSON line; exits 1 when over.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { buildWidget } = await import(join(root, 'packages/widget/build.mjs'));
const { modules, entry, loader, outdir } = await buildWidget();

const KB = 1000;
const BUDGETS = { loader: 3 * KB, player: 25 * KB, recorder: 20 * KB };
const CATALOGUE_BUDGET = 2 * KB;

const widgetDir = join(root, 'packages/widget');
const RECORDER_ENTRY = 'src/components/recorder/recorder.component.ts';
const isRecorder = (output) => output.entryPoint === RECORDER_ENTRY;

// The player loads the recorder with import() when a viewer chooses to record, so esbuild gives it its own chunk.
// A checkout whose player does not import it yet gets a second build, into a temporary folder, with the recorder
// as one more entry (the same chunks the player's import() would make).
let recorderBuild = null;
if (!Object.values(modules.outputs).some(isRecorder)) {
  const { build } = await import(join(widgetDir, 'node_modules/esbuild/lib/main.js'));
  const dir = await mkdtemp(join(tmpdir(), 'reelback-size-'));
  const result = await build({
    absWorkingDir: widgetDir,
    entryPoints: { 'reelback-bubble': 'src/reelback-bubble.ts', recorder: RECORDER_ENTRY },
    outdir: join(dir, 'dist'),
    bundle: true,
    minify: true,
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
  recorderBuild = { dir, outputs: result.metafile.outputs };
}

const metaOutputs = { ...modules.outputs, ...entry.outputs, ...loader.outputs };
const distName = (file) => relative(outdir, join(widgetDir, file));

async function sizes(file) {
  const bytes = await readFile(join(widgetDir, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length };
}

/** An output plus every chunk it pulls in with static imports (what a browser must download to run it). */
function staticClosure(file) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of metaOutputs[name]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(file);
  return [...seen];
}

const outputFile = (name) => Object.keys(metaOutputs).find((file) => `/${file}`.endsWith(`/dist/${name}`));
const files = Object.keys(metaOutputs).filter((file) => file.endsWith('.js'));
const perFile = {};
for (const file of files) perFile[distName(file)] = await sizes(file);

const PLAYER_ENTRY = 'src/player.ts';
const playerChunk = () => Object.keys(metaOutputs).find((file) => metaOutputs[file].entryPoint === PLAYER_ENTRY);

/** `names`: dist names of outputs (or metafile paths, `raw`); the union of their static closures. */
async function group(...names) {
  const members = [...new Set(names.flatMap((name) => staticClosure(name.startsWith('dist/') || name.includes('/dist/') ? name : outputFile(name))))];
  let raw = 0;
  let gzip = 0;
  for (const member of members) {
    raw += perFile[distName(member)].raw;
    gzip += perFile[distName(member)].gzip;
  }
  return { files: members.map(distName), raw, gzip };
}

const groups = {
  loader: await group('embed.js'),
  entry: await group('reelback-flow.js'),
  player: await group('reelback-flow.js', playerChunk()),
  bubble: await group('reelback-bubble.js'),
};

/** The recorder chunk and its static imports, minus the player's static closure (measured in the same build). */
async function recorderGroup() {
  const outputs = recorderBuild?.outputs ?? modules.outputs;
  const closure = (start) => {
    const seen = new Set();
    const visit = (name) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
    };
    visit(start);
    return seen;
  };
  const names = Object.keys(outputs);
  const player = closure(names.find((file) => outputs[file].entryPoint === PLAYER_ENTRY));
  const members = [...closure(names.find((file) => isRecorder(outputs[file])))].filter((file) => !player.has(file));
  const base = recorderBuild ? join(recorderBuild.dir, 'dist') : outdir;
  let raw = 0;
  let gzip = 0;
  for (const member of members) {
    const bytes = await readFile(join(widgetDir, member));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
  }
  const label = (file) => relative(base, join(widgetDir, file)) + (recorderBuild ? ' (extra build)' : '');
  return { files: members.map(label), raw, gzip };
}
groups.recorder = await recorderGroup();
if (recorderBuild) await rm(recorderBuild.dir, { recursive: true, force: true });
// Each language's catalogue: the chunk esbuild made of util/i18n/locales/<code>.ts, plus what it imports that the
// player has not loaded already (nothing: its one import is esbuild's runtime helpers, which the player holds).
const CATALOGUE_ENTRY = /^src\/util\/i18n\/locales\/([a-z]{2,3})\.ts$/;
const playerFiles = new Set(groups.player.files);
for (const [file, output] of Object.entries(modules.outputs)) {
  const code = output.entryPoint?.match(CATALOGUE_ENTRY)?.[1];
  if (!code) continue;
  const members = staticClosure(file).map(distName).filter((member) => !playerFiles.has(member));
  const raw = members.reduce((sum, f) => sum + perFile[f].raw, 0);
  const gzip = members.reduce((sum, f) => sum + perFile[f].gzip, 0);
  groups[`catalogue ${code}`] = { files: members, raw, gzip, budget: CATALOGUE_BUDGET };
}

// The bubble imports the player chunk itself when opened (not the entry).
const bubbleOpened = {
  files: [...new Set([...groups.bubble.files, ...staticClosure(playerChunk()).map(distName)])],
};
bubbleOpened.raw = bubbleOpened.files.reduce((sum, f) => sum + perFile[f].raw, 0);
bubbleOpened.gzip = bubbleOpened.files.reduce((sum, f) => sum + perFile[f].gzip, 0);
groups['bubble+player (opened)'] = bubbleOpened;

// What the player is made of (bytes in the minified output, by package).
const playerInputs = {};
for (const member of new Set([...staticClosure(outputFile('reelback-flow.js')), ...staticClosure(playerChunk())])) {
  for (const [input, { bytesInOutput }] of Object.entries(metaOutputs[member].inputs)) {
    const where = input.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1] ?? (/(^|\/)shared\/src\//.test(input) ? '@reelback/shared' : '@reelback/widget');
    playerInputs[where] = (playerInputs[where] ?? 0) + bytesInOutput;
  }
}

const fmt = (n) => `${(n / KB).toFixed(2)} KB`;
const rows = Object.entries(groups).map(([name, g]) => {
  const budget = g.budget ?? BUDGETS[name];
  return { name, raw: g.raw, gzip: g.gzip, budget, ok: budget === undefined || g.gzip <= budget, files: g.files };
});

console.log('\nReelback widget sizes (gzip -9; 1 KB = 1000 bytes)\n');
console.log(['bundle'.padEnd(24), 'minified'.padStart(11), 'gzip'.padStart(10), 'budget'.padStart(12), '  files'].join(''));
for (const row of rows) {
  console.log(
    [
      row.name.padEnd(24),
      fmt(row.raw).padStart(11),
      fmt(row.gzip).padStart(10),
      (row.budget === undefined ? '—' : `${fmt(row.budget)} ${row.ok ? '✓' : '✗'}`).padStart(12),
      '  ' + row.files.join(' + '),
    ].join(''),
  );
}
console.log('\nper file:');
for (const [file, s] of Object.entries(perFile)) console.log(`  ${file.padEnd(30)} ${fmt(s.raw).padStart(10)} ${fmt(s.gzip).padStart(10)} gz`);
console.log('\nplayer, minified bytes by package:');
for (const [pkg, bytes] of Object.entries(playerInputs).sort((a, b) => b[1] - a[1])) console.log(`  ${pkg.padEnd(30)} ${fmt(bytes).padStart(10)}`);

const over = rows.filter((row) => !row.ok);
console.log('\n' + JSON.stringify({ benchmark: 'widget-size', unit: 'bytes', budgets: { ...BUDGETS, catalogue: CATALOGUE_BUDGET }, bundles: rows, files: perFile, playerByPackage: playerInputs, ok: !over.length }));
if (over.length) {
  console.error(`\nover budget: ${over.map((row) => `${row.name} ${fmt(row.gzip)} > ${fmt(row.budget)}`).join(', ')}`);
  process.exit(1);
}
