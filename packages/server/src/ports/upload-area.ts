import type { DataStore, Locker } from '@tus/server';

/**
 * Where tus uploads in progress live until their last byte: a folder of this process (`<data dir>/uploads`, the
 * embedded default) or the S3 bucket, where any process can take any PATCH of any upload. An upload is named by its
 * public id (`clp_…`, `mda_…`) and by `key`, the blob key its finished bytes end up under (`clips/<id>/original`).
 */
export interface UploadArea {
  /** The tus datastore the uploads are written to. */
  readonly datastore: DataStore;
  /** The tus locker shared by every process that may take a request of the same upload (tus's in-memory one if absent). */
  readonly locker?: Locker;
  /** The id the datastore knows the upload by. */
  storeId(id: string, key: string): string;
  /** An upload of `id` was created and not yet handed over or removed. */
  exists(id: string, key: string): Promise<boolean>;
  /**
   * The finished upload becomes the blob `key`, where every process reads it (safe to call again: a hand-over that
   * already happened leaves nothing to do). False when there is nothing to hand over and nothing was.
   */
  handOver(id: string, key: string): Promise<boolean>;
  /** The upload in progress and its bookkeeping go (not the blob `key`, which blob deletions take care of). */
  remove(id: string, key: string): Promise<void>;
  /** Lets go of connections (the locker's). */
  close(): Promise<void>;
}

/** A tus locker whose locks hold across processes, and which holds connections to let go of. */
export interface SharedLocker extends Locker {
  close(): Promise<void>;
}
