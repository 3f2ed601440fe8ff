const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Turns PostgreSQL's CSV of the events export (COPY … WITH (FORMAT csv)) into our writer's text, byte for byte,
 * across chunks cut anywhere:
 * - records end in CRLF: COPY ends them in LF. Only an LF outside quotes ends a record; one inside a quoted cell is
 *   data and stays as it is (as our writer leaves it).
 * - the JSON cell (the last column, `jsonb::text`) is written compact: jsonb's text form is canonical, with exactly
 *   one space after each `:` and `,` between tokens and no other whitespace outside strings, so dropping the one
 *   space after a `:` or `,` that is outside a JSON string leaves `JSON.stringify`'s spacing. Inside the CSV cell a
 *   JSON `"` is written `""`, and an escaped one `\""`: the JSON string state is followed through both.
 * The other cells pass untouched (COPY quotes exactly as our writer does: a cell with `"`, `,`, CR or LF).
 */
export class EventsCsvCompactor {
  private column = 0;
  /** Inside a quoted CSV cell. */
  private quoted = false;
  /** A `"` inside a quoted cell was the last byte: `""` (a quote in the data) or the cell's end, the next byte tells. */
  private quoteSeen = false;
  /** Inside a JSON string of the last column. */
  private inString = false;
  /** The last JSON character was a `\` inside a string. */
  private escaped = false;
  /** The last JSON character was a `:` or `,` outside strings: a space after it goes. */
  private dropSpace = false;

  constructor(private readonly lastColumn: number) {}

  /**
   * The chunk's bytes rewritten, in the chunk itself (the copy stream hands it over): dropped spaces leave room for
   * the CRs, so most chunks need no new buffer. A million-row export would otherwise allocate its whole size again
   * in buffers that only a collection frees (≈ 15 MB more resident at peak). When a CR or a held-back quote finds no
   * room, the rest goes to a new buffer of the size needed.
   */
  push(chunk: Uint8Array): Uint8Array {
    let out = chunk;
    let n = 0;
    const last = this.lastColumn;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      // More than one byte to write for this one (a held-back quote, a CR): in place only if the bytes written stay
      // behind the next one to read.
      if (out === chunk && (this.quoteSeen || (c === LF && !this.quoted))) {
        const writes = this.quoteSeen && c === LF ? 3 : 2;
        if (n + writes > i + 1) out = this.grow(chunk, n, i);
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (c === QUOTE) {
          // `""`: one `"` of the cell's data.
          out[n++] = QUOTE;
          out[n++] = QUOTE;
          if (this.column === last) this.json(QUOTE);
          continue;
        }
        // The cell ended at that quote; this byte follows it, outside quotes.
        out[n++] = QUOTE;
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === QUOTE) {
          this.quoteSeen = true;
          continue;
        }
        if (this.column === last && !this.json(c)) continue;
        out[n++] = c;
        continue;
      }
      if (c === QUOTE) {
        this.quoted = true;
        this.inString = false;
        this.escaped = false;
        this.dropSpace = false;
      } else if (c === COMMA) this.column++;
      else if (c === LF) {
        out[n++] = CR;
        this.column = 0;
      }
      out[n++] = c;
    }
    // A quote is written once the next byte shows whether it closed the cell or was half of a `""`.
    return out.subarray(0, n);
  }

  /** A buffer holding the `n` bytes written so far, with room for the rest from `i` on: a CR per LF, a quote. */
  private grow(chunk: Uint8Array, n: number, i: number): Uint8Array {
    let lfs = 0;
    for (let at = chunk.indexOf(LF, i); at !== -1; at = chunk.indexOf(LF, at + 1)) lfs++;
    const out = Buffer.allocUnsafe(n + (chunk.length - i) + lfs + 1);
    out.set(chunk.subarray(0, n));
    return out;
  }

  /** What is still held back when the copy has ended: a closing quote with nothing after it (COPY ends in LF). */
  end(): Uint8Array {
    const pending = this.quoteSeen ? Buffer.from('"') : Buffer.alloc(0);
    this.quoteSeen = false;
    return pending;
  }

  /** Whether to keep this character of the JSON cell (as text: `""` counts once). */
  private json(c: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) this.inString = false;
      return true;
    }
    if (this.dropSpace) {
      this.dropSpace = false;
      if (c === SPACE) return false;
    }
    if (c === QUOTE) this.inString = true;
    else if (c === COLON || c === COMMA) this.dropSpace = true;
    return true;
  }
}
