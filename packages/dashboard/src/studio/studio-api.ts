// The studio's calls to the flows API. The draft's `ETag` (when the server gives one) goes back as `If-Match`, so a
// save over someone else's newer draft is refused (412) instead of silently replacing it.
import type { DraftConflict, EditableFlow, FlowDefinition, FlowSummary, FlowVersionInfo, PublishedFlow } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';

export interface LoadedFlow {
  flow: FlowSummary;
  /** The draft's version tag, when the server sends one; null otherwise (then saves are unconditional). */
  etag: string | null;
}

const flowUrl = (flowId: string): string => `/flows/${encodeURIComponent(flowId)}`;

export async function loadFlow(api: ApiClient, flowId: string): Promise<LoadedFlow> {
  const { body, headers } = await api.exchange<FlowSummary>('GET', flowUrl(flowId));
  return { flow: body!, etag: headers.get('etag') };
}

export async function saveDraft(api: ApiClient, flowId: string, definition: FlowDefinition, etag: string | null): Promise<LoadedFlow> {
  const { body, headers } = await api.exchange<FlowSummary>('PUT', flowUrl(flowId), {
    body: { definition },
    ...(etag ? { headers: { 'If-Match': etag } } : {}),
  });
  return { flow: body!, etag: headers.get('etag') ?? etag };
}

/** Publishes the server's current draft as the next version. */
export async function publishDraft(api: ApiClient, flowId: string): Promise<PublishedFlow> {
  return (await api.send<PublishedFlow>('POST', `${flowUrl(flowId)}/versions`))!;
}

/** Who last saved the draft (`draftUpdatedBy`'s label: a name, an e-mail, `API key "CI"`); null when the server does not say. */
export function changedBy(flow: FlowSummary): string | null {
  const by = (flow as Partial<EditableFlow>).draftUpdatedBy;
  return by && typeof by.label === 'string' && by.label ? by.label : null;
}

/** A 412's `DraftConflict` fields, when the error is one; null otherwise. */
export function draftConflictOf(error: { code: string | null; error: Record<string, unknown> }): DraftConflict['error'] | null {
  const e = error.error;
  if (error.code !== 'draft-changed' || typeof e.revision !== 'number' || typeof e.changedAt !== 'string') return null;
  return e as DraftConflict['error'];
}

/** The tag to send as `If-Match` to overwrite `revision`. */
export const etagOf = (revision: number): string => `"${revision}"`;

/** The published versions, newest first, each with who published it (`publishedBy`, null before that was kept). */
export async function listVersions(api: ApiClient, flowId: string): Promise<FlowVersionInfo[]> {
  return (await api.get<{ versions: FlowVersionInfo[] }>(`${flowUrl(flowId)}/versions`)).versions;
}

export async function loadVersion(api: ApiClient, flowId: string, version: number): Promise<PublishedFlow> {
  return api.flowVersion(flowId, version);
}

/** Makes `version`'s definition the draft (a new revision; the version itself never changes). */
export async function restoreVersion(api: ApiClient, flowId: string, version: number, etag: string | null): Promise<LoadedFlow> {
  const { body, headers } = await api.exchange<FlowSummary>('POST', `${flowUrl(flowId)}/versions/${version}/restore`, etag ? { headers: { 'If-Match': etag } } : {});
  return { flow: body!, etag: headers.get('etag') };
}
