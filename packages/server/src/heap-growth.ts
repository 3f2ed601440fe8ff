import { setFlagsFromString } from 'node:v8';

/** After a full collection V8 lets the old generation grow to (1 + this / 100) × what survived before the next one. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Caps how far V8 lets the heap grow between full collections (its own factor goes up to 4× when collecting is
 * cheap). A streaming export keeps each batch alive for a while (the next one is read ahead while this one is
 * written), so many short-lived rows outlive a young-generation collection and are promoted: the old generation
 * grew to ≈ 125 MB, mostly garbage, before a full collection found ≈ 28 MB alive. PostgreSQL events export of
 * 295,179 rows: peak RSS 195–217 MB → 141–147 MB, export time the same within the machine's noise; SQLite 141 →
 * 139 MB. A process-wide V8 setting, so the process's entry point calls it (main.ts; bench/analytics's export
 * child as main.ts does); V8 reads it whenever it sets the next limit, so calling it at start is enough.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
