/**
 * The folded projections' store (`events/projections.ts`): folds the log after a durable cursor into their read
 * models, one transaction per batch that also moves the cursor, so a crash loses nothing and repeats nothing.
 * Several processes may fold at once: the store lets one advance the cursor at a time.
 */
/** A storage that keeps folded projections (each engine's `KyselyStorage`). */
export interface WithProjectionFold {
  readonly fold: ProjectionFold;
}

export interface ProjectionFold {
  /**
   * Folds up to `limit` committed events after the cursor (and sessions still waiting for their facts row); resolves
   * how many events and sessions it folded (0: nothing was waiting).
   */
  foldBatch(limit: number): Promise<number>;
}
