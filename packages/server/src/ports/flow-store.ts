import type { Editor, FlowDefinition } from '@reelback/shared';
import type { AuditRecord } from './audit-store.js';
import type { IsoTime, Scope } from './store-types.js';

export interface FlowRecord {
  id: string;
  name: string;
  draft: FlowDefinition;
  /** 1 when made, one more at every save of the draft: the ETag editors send back as If-Match. */
  revision: number;
  latestVersion: number | null;
  createdAt: IsoTime;
  /** When the draft was last saved, and by whom (null for drafts saved before that was recorded). */
  updatedAt: IsoTime;
  draftUpdatedBy: Editor | null;
  archivedAt: IsoTime | null;
  archivedBy: Editor | null;
}

export interface FlowVersionInfo {
  flowId: string;
  version: number;
  publishedAt: IsoTime;
  publishedBy: Editor | null;
}

export interface FlowVersionRecord extends FlowVersionInfo {
  definition: FlowDefinition;
  /** The flow's archive time when the version was read (public reads refuse archived flows). */
  flowArchivedAt: IsoTime | null;
  /** The flow's workspace: the public read resolves the version's library media in it, and in no other. */
  workspaceId: string | null;
}

/** Why a conditional write of a draft did not happen; the flow as it is now comes along. */
export type DraftRefusal =
  | { outcome: 'missing' }
  | { outcome: 'archived'; flow: FlowRecord }
  /** The draft is at another revision than the one expected. */
  | { outcome: 'stale'; flow: FlowRecord };

export type DraftWrite = { outcome: 'saved'; flow: FlowRecord } | DraftRefusal;
export type FlowPublish = { outcome: 'published'; version: FlowVersionRecord } | DraftRefusal;

export interface FlowStore {
  /** `false` when a flow with this id exists already (in any workspace: flow ids are global). Revision 1. */
  insert(flow: { id: string; draft: FlowDefinition; at: IsoTime; workspaceId: string | null; by: Editor }): Promise<boolean>;
  /** Without a scope: any workspace's flow (public routes). */
  get(id: string, scope?: Scope): Promise<FlowRecord | undefined>;
  /** The active flows, or with `archived` only the archived ones; newest first. */
  list(scope: Scope, options?: { archived?: boolean }): Promise<FlowRecord[]>;
  /**
   * Replaces the draft and adds one to its revision, in one statement that also checks the flow is in the scope,
   * not archived, and (when `expectedRevision` is given) still at that revision. When it did not write, says why.
   */
  updateDraft(scope: Scope, id: string, draft: FlowDefinition, write: { at: IsoTime; by: Editor; expectedRevision?: number }): Promise<DraftWrite>;
  /**
   * Stores `definition` as the flow's next version number, only while the draft is still at `draftRevision` (the
   * revision `definition` was read from) and the flow is not archived. `audit`, given the new version's number, is
   * the entry written in the same transaction.
   */
  publish(
    scope: Scope,
    flowId: string,
    definition: FlowDefinition,
    write: { at: IsoTime; by: Editor; draftRevision: number },
    audit?: (version: number) => AuditRecord,
  ): Promise<FlowPublish>;
  /**
   * Archives (`archive` given) or unarchives (null) the flow; unchanged if it is so already. `undefined`: no such flow.
   * `audit` is written in the same transaction, only when the flow changed.
   */
  setArchived(scope: Scope, id: string, archive: { at: IsoTime; by: Editor } | null, audit?: AuditRecord): Promise<FlowRecord | undefined>;
  /** The given version, or the latest one when `version` is undefined; without a scope, of any workspace's flow. */
  getVersion(flowId: string, version?: number, scope?: Scope): Promise<FlowVersionRecord | undefined>;
  listVersions(scope: Scope, flowId: string): Promise<FlowVersionInfo[]>;
}
