import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Runs `COPY (query) TO STDOUT WITH (FORMAT csv)` and yields the server's bytes as they arrive. */
export type CopyCsvOut = (query: CompiledQuery) => AsyncIterable<Uint8Array>;

/**
 * COPY takes no bind parameters, so the query's (text) parameters are written into it as literals with pg's own
 * `escapeLiteral` (quotes doubled, backslashes in an `E''` string). Only the placeholders Kysely wrote are replaced:
 * the queries given here hold no `$` of their own (checked).
 */
export function inlineParameters(query: CompiledQuery): string {
  const placeholders = query.sql.match(/\$\d+/g) ?? [];
  if (placeholders.length !== query.parameters.length) throw new Error('COPY: the query holds a "$" that is not a parameter');
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = query.parameters[Number(n) - 1];
    if (typeof value !== 'string') throw new Error(`COPY: parameter $${n} is not text`);
    return pg.escapeLiteral(value);
  });
}

/**
 * COPY out through a client of the pool, held for the whole copy. The stream has backpressure: pg-copy-streams
 * pauses the socket while its buffer is full, so the server waits for the HTTP client and memory stays flat. A copy
 * left unfinished (the client went away, an error) leaves the connection mid-protocol: it is closed, not pooled.
 */
export function copyCsvOut(pool: pg.Pool): CopyCsvOut {
  return async function* copy(query) {
    const client = await pool.connect();
    let finished = false;
    try {
      const stream = client.query(copyTo(`COPY (${inlineParameters(query)}) TO STDOUT WITH (FORMAT csv)`));
      for await (const chunk of stream) yield chunk as Buffer;
      finished = true;
    } finally {
      client.release(!finished);
    }
  };
}
