import type { MediaAssetUploadTicket, UploadTicket } from '@reelback/shared';
import type { TestApp } from './test-app.js';

/**
 * A tus 1.0 client for tests that calls the app in-process, so each request and answer can be checked. A media
 * asset's ticket names its upload `assetId` in the metadata; a clip's, `clipId`.
 */
export function tusClient(t: TestApp, given: UploadTicket | MediaAssetUploadTicket, token = given.token) {
  const ticket = 'assetId' in given ? { uploadUrl: given.uploadUrl, clipId: given.assetId } : given;
  const key = 'assetId' in given ? 'assetId' : 'clipId';
  const base = { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` };
  const metadata = (id: string) => `${key} ${Buffer.from(id).toString('base64')}`;
  const call = (method: string, path: string, headers: Record<string, string>, body?: Uint8Array) =>
    t.reelback.app.request(path, { method, headers: { ...base, ...headers }, ...(body ? { body: new Blob([new Uint8Array(body)]) } : {}) });
  return {
    create(options: { length?: number; clipId?: string } = {}) {
      const size: Record<string, string> =
        options.length === undefined ? { 'upload-defer-length': '1' } : { 'upload-length': String(options.length) };
      return call('POST', ticket.uploadUrl, { ...size, 'upload-metadata': metadata(options.clipId ?? ticket.clipId) });
    },
    patch(offset: number, bytes: Uint8Array, options: { finalLength?: number } = {}) {
      return call(
        'PATCH',
        `${ticket.uploadUrl}/${ticket.clipId}`,
        {
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
          ...(options.finalLength === undefined ? {} : { 'upload-length': String(options.finalLength) }),
        },
        bytes,
      );
    },
    head() {
      return call('HEAD', `${ticket.uploadUrl}/${ticket.clipId}`, {});
    },
    /** tus termination. */
    terminate() {
      return call('DELETE', `${ticket.uploadUrl}/${ticket.clipId}`, {});
    },
    /** Creates and sends the whole file in chunks of `chunkSize`; resolves the last response. */
    async upload(bytes: Uint8Array, chunkSize = 64 * 1024): Promise<Response> {
      const created = await this.create({ length: bytes.length });
      if (created.status !== 201) return created;
      let last = created;
      for (let offset = 0; offset < bytes.length; offset += chunkSize) {
        last = await this.patch(offset, bytes.subarray(offset, offset + chunkSize));
        if (last.status !== 204) return last;
      }
      return last;
    },
  };
}
