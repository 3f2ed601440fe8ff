// Time-ordered ids made where an event happens, so retries are idempotent and order is recoverable.
// Our own 20 lines instead of the `uuid` package: the widget's player carries this, and `uuid`'s v7 (with its
// option handling and buffer writers) cost it 1.3 KB minified of a budget with no room left.

let lastMs = -1;
let sequence = 0;

/**
 * An RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, then a 12-bit sequence (`rand_a`, RFC 9562 §6.2 method 1:
 * a random start each millisecond, counted up within it) and 62 random bits. Ids made by one page or process sort in
 * the order they were made, even within one millisecond or when the clock steps back (the last time is kept).
 * `msecs` (seeding old data, as the `uuid` package's option): that time instead, a random sequence, the order kept
 * for the others untouched.
 */
export function uuidv7(options?: { msecs?: number }): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // 11 random bits: at least 2048 more ids fit in a millisecond before the sequence spills into the next.
  const start = ((bytes[6]! & 7) << 8) | bytes[7]!;
  let ms = options?.msecs;
  let seq = start;
  if (ms === undefined) {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      sequence = start;
    } else if (++sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
    ms = lastMs;
    seq = sequence;
  }
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (40 - 8 * i)) & 0xff;
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
