// One events CSV export in a process of its own, so its peak RSS is the exporter's and not the seeding's: opens the
// seeded database, calls GET /api/v1/exports/events?format=csv on the real app with the owner API key, as
// `reelback export` does (in-process `app.request`, the route's streaming body read chunk by chunk as a client
// would), and prints one
// JSON line: rows (CRLFs after the header: the data cells are JSON, which escapes line breaks), bytes, ms from the
// request to the last byte, RSS just before the request and the process's peak RSS (getrusage maxrss).
// With `hash: true` it also returns the body's sha256 (untimed use: hashing costs time).
// Not a cookie login: the first login in a process runs two scrypt hashes at once (the stand-in hash for unknown
// e-mails is made beside it), 2 × 32 MiB that were still resident when the export began and set the process's peak
// (≈ 160–175 MB) whatever the export did.
// Run as analytics.ts does: compiled on the server's build (compile-export-child.ts), then
//   node --enable-source-maps <compiled>/export-child.mjs '<json: {database, adminKey, hash}>'
// (`node --import tsx bench/analytics/export-child.ts '<json>'` runs it on the sources, ≈ 65 MB more resident).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeMedia, createApp, limitHeapGrowth, openStorage, type StorageOptions } from '@reelback/server';

export interface ExportChildInput {
  database: StorageOptions;
  adminKey: string;
  hash: boolean;
}

export interface ExportChildResult {
  rows: number;
  bytes: number;
  ms: number;
  total: number;
  rssBeforeMb: number;
  peakRssMb: number;
  sha256: string | null;
}

// The server's process-wide V8 setting, as its entry point (main.ts) makes it.
limitHeapGrowth();
const input = JSON.parse(process.argv[2]!) as ExportChildInput;
const dataDir = await mkdtemp(join(tmpdir(), 'reelback-bench-export-'));
const storage = openStorage(input.database);
try {
  const dbConfig = input.database.kind === 'sqlite' ? input.database : { kind: 'postgres' as const, url: input.database.url };
  const media = composeMedia({ dataDir, database: dbConfig, media: { maxUploadBytes: 200e6, keepOriginals: false, jobLeaseSeconds: 60, concurrency: 1 } }, storage);
  const { app } = createApp({ storage, adminKey: input.adminKey, media });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;

  const started = performance.now();
  const res = await app.request('/api/v1/exports/events?format=csv', { headers: { authorization: `Bearer ${input.adminKey}` } });
  if (!res.ok) throw new Error(`export: ${res.status} ${await res.text()}`);
  const hash = input.hash ? createHash('sha256') : null;
  const reader = res.body!.getReader();
  let bytes = 0;
  let newlines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) newlines++;
    hash?.update(value);
  }
  const ms = performance.now() - started;
  const result: ExportChildResult = {
    rows: newlines - 1,
    bytes,
    ms,
    total: Number(res.headers.get('x-total-count')),
    rssBeforeMb: rssBefore / 1e6,
    // maxRSS is in KiB.
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    sha256: hash ? hash.digest('hex') : null,
  };
  console.log(JSON.stringify(result));
} finally {
  await storage.close();
  await rm(dataDir, { recursive: true, force: true });
}
