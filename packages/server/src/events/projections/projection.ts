/**
 * A projection turns the event log into a read model. One runs **in the transaction** that appends the events when
 * the viewer's request (or what reacts to it right after the commit: the live feed) needs its rows; the rest are to
 * be folded off the ingest path from a durable cursor (see `../projections.ts` for the list and where each stands).
 *
 * An in-transaction projection is one SQL statement per engine, run once per transaction over the ids of the events
 * it wrote: `:ids` stands for a JSON array of those ids (text). It must be idempotent (a retried transaction runs
 * it again) and must read only the rows the same transaction wrote or locked.
 */
export interface InTransactionProjection {
  readonly name: string;
  readonly runs: 'in-transaction';
  /** The tables it writes. */
  readonly writes: readonly string[];
  readonly sql: { readonly sqlite: string; readonly postgres: string };
}

/**
 * A projection folded **off the ingest path**: a fold (`storage/kysely/projection-fold.ts`, driven by
 * `events/projection-folder.ts`) reads the events after its durable cursor, applies the projection's rules to the
 * rows they touch and writes them, moving the cursor in the same transaction. Its file holds the rules (TypeScript)
 * and the statements that write its rows on each engine.
 */
export interface FoldedProjection {
  readonly name: string;
  readonly runs: 'folded';
  /** The tables it writes. */
  readonly writes: readonly string[];
}

/** Splits a projection's statement at `:ids`, for an engine's driver to bind the JSON array of event ids there. */
export function idsPlaceholder(statement: string): [before: string, after: string] {
  return placeholder(statement, ':ids');
}

/** Splits a statement at its one `name` placeholder (`:ids`, `:rows`), for the driver to bind a value there. */
export function placeholder(statement: string, name: string): [before: string, after: string] {
  const at = statement.indexOf(name);
  if (at < 0 || statement.indexOf(name, at + 1) >= 0) throw new Error(`a projection statement takes ${name} exactly once`);
  return [statement.slice(0, at), statement.slice(at + name.length)];
}
