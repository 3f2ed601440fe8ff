// What the tus endpoint needs of each kind of upload, without HTTP: services implement it, `tus-uploads.ts` (the
// HTTP side) uses it.

/** Where an upload stands, from its record: `complete` once every byte is in, `closed` once refused or gone. */
export type UploadState = { kind: 'open' } | { kind: 'complete'; sizeBytes: number } | { kind: 'closed'; status: string };

/**
 * One kind of upload the tus endpoint takes — viewers' answer clips, owners' prompt media — each named by its own
 * id (a prefix tells them apart), authorised by its own token and limited to its own size.
 */
export interface UploadTarget {
  /** The `Upload-Metadata` key that names an upload of this kind when it is created. */
  metadataKey: string;
  /** What one is called in messages: "clip", "media asset". */
  noun: string;
  /** The id, if `value` is one of this kind. */
  parseId(value: string | undefined): string | undefined;
  /** The blob key the finished upload is handed over to (with S3, the object it is written as). */
  blobKey(id: string): string;
  maxBytes: number;
  /** Throws a ServiceError unless `token` was issued for `id`. */
  checkToken(token: string | undefined, id: string): Promise<void> | void;
  /** Where the upload stands, from its record (a completed upload's file may be moved at any time). */
  state(id: string): Promise<UploadState>;
  /** Every byte is in; may refuse the content with a ServiceError (answered to the last PATCH). */
  received(id: string, sizeBytes: number): Promise<void>;
  /** Refused for good (over the limit): the record says why. */
  reject(id: string, reason: string): Promise<void>;
  /** The uploader threw it away (tus termination, DELETE): the record and its files go. Absent: refused (405). */
  discard?(id: string): Promise<void>;
}
