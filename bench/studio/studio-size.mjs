#!/usr/bin/env node
// Dashboard size budget (#12's benchmark point): builds packages/dashboard as `npm start` serves it, gzips each
// output (zlib level 9) and checks the budgets.
//   first load  app.js + every chunk it imports statically (what /app/ downloads before any page runs)  ≤ 60 KB gz
//   studio      the chunk of studio/studio-page.component.ts (loaded with import() when /app/flows/:id/edit opens)
//               + the chunks it imports statically, minus what the first load already brought                ≤ 90 KB gz
//   studio + media library + recorder: the studio's own later imports (opening the library, recording a prompt),
//               reported, not budgeted
// KB here means 1000 bytes (the stricter reading). Prints a table, then one JSON line; exits 1 when over.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dashboardDir = join(root, 'packages/dashboard');
const { buildDashboard } = await import(join(dashboardDir, 'build.mjs'));
const { metafile } = await buildDashboard();
const outputs = metafile.outputs;

const KB = 1000;
const BUDGETS = { 'first load': 60 * KB, studio: 90 * KB };
const STUDIO_ENTRY = 'src/studio/studio-page.component.ts';
const STUDIO_LATER = ['src/studio/media-library/media-library.component.ts', 'src/studio/media-recorder/prompt-recorder.component.ts'];

const gz = new Map();
async function sizes(file) {
  if (!gz.has(file)) {
    const bytes = await readFile(join(dashboardDir, file));
    gz.set(file, { raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length });
  }
  return gz.get(file);
}

/** An output plus every chunk it pulls in with static imports (what a browser must download to run it). */
function closure(start) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(start);
  return seen;
}

const chunkOf = (entry) => {
  const file = Object.keys(outputs).find((name) => outputs[name].entryPoint === entry);
  if (!file) throw new Error(`no output chunk for ${entry}: is it still loaded with import()?`);
  return file;
};

async function group(members) {
  let raw = 0;
  let gzip = 0;
  for (const member of members) {
    const s = await sizes(member);
    raw += s.raw;
    gzip += s.gzip;
  }
  return { files: [...members].map((f) => f.replace(/^dist\//, '')), raw, gzip };
}

const firstLoad = closure('dist/app.js');
const studio = [...closure(chunkOf(STUDIO_ENTRY))].filter((f) => !firstLoad.has(f));
const studioSet = new Set([...firstLoad, ...studio]);
const later = new Set(STUDIO_LATER.flatMap((entry) => [...closure(chunkOf(entry))]).filter((f) => !studioSet.has(f)));
const groups = {
  'first load': await group(firstLoad),
  studio: await group(studio),
  'studio: library + recorder': await group(later),
};

// What the studio chunk is made of (minified bytes by package or folder).
const byInput = {};
for (const member of studio) {
  for (const [input, { bytesInOutput }] of Object.entries(outputs[member].inputs)) {
    const where = input.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.replace(/^src\/([^/]+)\/.*$/, 'src/$1').replace(/^.*shared\/src\/.*$/, '@reelback/shared');
    byInput[where] = (byInput[where] ?? 0) + bytesInOutput;
  }
}

const fmt = (n) => `${(n / KB).toFixed(2)} KB`;
const rows = Object.entries(groups).map(([name, g]) => {
  const budget = BUDGETS[name];
  return { name, raw: g.raw, gzip: g.gzip, budget, ok: budget === undefined || g.gzip <= budget, files: g.files };
});
console.log('\nReelback dashboard sizes (gzip -9; 1 KB = 1000 bytes)\n');
console.log(['part'.padEnd(28), 'minified'.padStart(11), 'gzip'.padStart(10), 'budget'.padStart(13), '  files'].join(''));
for (const row of rows) {
  console.log(
    [
      row.name.padEnd(28),
      fmt(row.raw).padStart(11),
      fmt(row.gzip).padStart(10),
      (row.budget === undefined ? '—' : `${fmt(row.budget)} ${row.ok ? '✓' : '✗'}`).padStart(13),
      `  ${row.files.length} file${row.files.length === 1 ? '' : 's'}: ${row.files.join(' + ')}`,
    ].join(''),
  );
}
console.log('\nstudio chunk, minified bytes by package or folder:');
for (const [where, bytes] of Object.entries(byInput).sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${where.padEnd(34)} ${fmt(bytes).padStart(10)}`);

const over = rows.filter((row) => !row.ok);
console.log('\n' + JSON.stringify({ benchmark: 'dashboard-size', unit: 'bytes', budgets: BUDGETS, parts: rows, studioByInput: byInput, ok: !over.length }));
if (over.length) {
  console.error(`\nover budget: ${over.map((row) => `${row.name} ${fmt(row.gzip)} > ${fmt(row.budget)}`).join(', ')}`);
  process.exit(1);
}
