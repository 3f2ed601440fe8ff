/// <reference path="./tus-modules.d.ts" />
// The lean tus-js-client the widget's clips and the studio's prompt media both upload with (the studio imports this
// module as `@reelback/widget/tus-client`), and how both read a tus server's refusals.
import type { DetailedError } from 'tus-js-client';
import BaseUpload from 'tus-js-client/lib/upload.js';
import XHRHttpStack from 'tus-js-client/lib/browser/httpStack.js';

export { BaseUpload, XHRHttpStack };

/** The HTTP status of a failed tus request; 0 when there was no answer (the network). */
export const statusOf = (error: DetailedError | Error): number => (error as DetailedError).originalResponse?.getStatus() ?? 0;

/** 4xx other than conflicts, locks and rate limits: the server will not take this upload, whatever we do. */
export const refused = (status: number): boolean => status >= 400 && status < 500 && status !== 409 && status !== 423 && status !== 429;

/** The server's reason: `error.message` of a JSON body, or a short plain-text body (what @tus/server sends). */
export function refusalMessage(error: DetailedError | Error, status: number): string {
  const body = ((error as DetailedError).originalResponse?.getBody() ?? '').trim();
  try {
    const message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {
    if (body && body.length <= 300 && !body.startsWith('<')) return body;
  }
  return status === 413 ? 'This recording is too large to send.' : 'The server did not accept this recording.';
}
