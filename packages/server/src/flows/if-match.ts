import type { DraftConflict } from '@reelback/shared';
import type { Context } from 'hono';
import { HttpError } from '../http/api-error.js';
import { DraftChangedError } from './flow-errors.js';

/**
 * The draft's revision on the wire: `ETag: "7"` on every answer carrying a flow, `If-Match: "7"` on the writes
 * of its draft (PUT, restore, publish). Without If-Match (or with `*`) a write applies to whatever is stored, as
 * the API did before revisions; the studio always sends it.
 */
export const etagOf = (revision: number) => `"${revision}"`;

export function withEtag(c: Context, flow: { revision: number }): void {
  c.header('ETag', etagOf(flow.revision));
}

/** The revision named by If-Match; `undefined` when absent or `*`. One strong tag only (our ETags are strong). */
export function expectedRevision(c: Context): number | undefined {
  const header = c.req.header('if-match')?.trim();
  if (header === undefined || header === '' || header === '*') return undefined;
  const match = /^"([1-9][0-9]{0,15})"$/.exec(header);
  if (!match) {
    throw new HttpError(
      400,
      'invalid-if-match',
      `If-Match must be the flow's ETag as it was sent, such as "7" with the quotes (one tag, not weak), or *; got ${header.slice(0, 60)}`,
      [{ path: ['headers', 'if-match'], message: 'not an ETag of this API' }],
    );
  }
  return Number(match[1]);
}

/** Runs a write of a draft; a stale If-Match becomes a 412 naming who changed the draft and when. */
export async function orPreconditionFailed(c: Context, write: () => Promise<Response>): Promise<Response> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof DraftChangedError)) throw error;
    c.header('ETag', etagOf(error.revision));
    const body: DraftConflict = {
      error: { code: 'draft-changed', message: error.message, revision: error.revision, changedBy: error.changedBy, changedAt: error.changedAt },
    };
    return c.json(body, 412);
  }
}
