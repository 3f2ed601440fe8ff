import type { Readable } from 'node:stream';

export interface BlobInfo {
  sizeBytes: number;
}

/** Byte range, both ends inclusive (as in HTTP `Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where clip media lives: a local folder by default, an object store at scale. Keys are plain relative
 * paths (`clips/<clipId>/original`); adapters refuse anything else.
 */
export interface BlobStore {
  /** Moves a finished local file into the store under `key`, replacing what was there; the file is gone afterwards. */
  putFile(key: string, localPath: string): Promise<BlobInfo>;
  /** `undefined` when there is no such blob. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Streams the blob, or the given range of it. */
  read(key: string, range?: ByteRange): Readable;
  /** Runs `use` with a local path to the blob (a temporary copy for remote stores, removed afterwards). */
  withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T>;
  /** Removes the blob; no error when it does not exist. */
  delete(key: string): Promise<void>;
  /** Removes every blob whose key starts with `prefix/`. */
  deletePrefix(prefix: string): Promise<void>;
  /**
   * A short-lived URL a client may GET the blob from directly (Range included), answered with these headers; absent
   * or `undefined` when the store serves through the server (local disk, or presigned media not switched on).
   */
  directUrl?(key: string, answer: DirectAnswer): Promise<string | undefined>;
}

/** The headers a direct (presigned) download answers with: what the server would have sent itself. */
export interface DirectAnswer {
  contentType: string;
  contentDisposition: string;
  cacheControl: string;
}
