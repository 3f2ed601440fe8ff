import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = pathToFileURL(fileURLToPath(new URL('./heap-growth.ts', import.meta.url))).href;

/**
 * A stream of batches that each stay alive for the next 100 (as an export's read-ahead keeps rows a while): enough
 * survives young collections to be promoted, so the old generation fills with garbage until a full collection.
 * Prints the old space's largest used size in bytes.
 */
const WORKLOAD = `
import v8 from 'node:v8';
if (process.argv[1] === 'limit') (await import(${JSON.stringify(module)})).limitHeapGrowth();
const window = [];
let peak = 0;
for (let i = 0; i < 2000; i++) {
  window.push(Array.from({ length: 500 }, (_, j) => ({ id: i + '-' + j, data: JSON.stringify({ a: i, b: j, c: 'y'.repeat(100) }) })));
  if (window.length > 100) window.shift();
  await new Promise((r) => setImmediate(r));
  peak = Math.max(peak, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size);
}
console.log(peak);
`;

async function peakOldSpace(mode: 'limit' | 'default'): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WORKLOAD, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  return Number(out.trim());
}

describe('limitHeapGrowth', () => {
  it('keeps promoted garbage from piling up in the old generation between full collections', async () => {
    const [limited, unlimited] = [await peakOldSpace('limit'), await peakOldSpace('default')];
    // ≈ 45 vs ≈ 110 MB here; the window itself is ≈ 15 MB alive.
    expect(limited).toBeGreaterThan(10e6);
    expect(limited).toBeLessThan(unlimited * 0.7);
  }, 60_000);
});
