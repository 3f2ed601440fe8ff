import type { Editor } from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { FlowRecord } from '../ports/flow-store.js';

export const unknownFlow = (id: string) => notFound('unknown-flow', `there is no flow "${id}"`);

export const unknownVersion = (id: string, version: number) =>
  notFound('unknown-version', `flow "${id}" has no version ${version}`, [{ path: ['version'], message: 'no such version' }]);

/**
 * An archived flow is read-only until unarchived. A 409 where an editor writes; the widgets' public read turns
 * it into a 410 (flows.routes.ts), since the flow is gone for them.
 */
export class FlowArchivedError extends ServiceError {
  constructor(readonly flowId: string) {
    super('conflict', 'flow-archived', `flow "${flowId}" is archived: unarchive it (POST /api/v1/flows/${flowId}/unarchive) before changing it`);
    this.name = 'FlowArchivedError';
  }
}

/**
 * The draft is no longer at the revision the editor sent as If-Match: someone saved it meanwhile, and nothing was
 * written. The routes answer 412 with who and when (if-match.ts); any other caller still gets a 409.
 */
export class DraftChangedError extends ServiceError {
  readonly revision: number;
  readonly changedBy: Editor | null;
  readonly changedAt: string;

  constructor(flow: FlowRecord, sent: number) {
    const who = flow.draftUpdatedBy?.label ?? 'someone (not recorded)';
    super(
      'conflict',
      'draft-changed',
      `the draft of "${flow.id}" was changed by ${who} at ${flow.updatedAt} (revision ${flow.revision}; you sent If-Match for revision ${sent}): ` +
        `reload it, or send yours again with If-Match: "${flow.revision}" to overwrite`,
    );
    this.name = 'DraftChangedError';
    this.revision = flow.revision;
    this.changedBy = flow.draftUpdatedBy;
    this.changedAt = flow.updatedAt;
  }
}
