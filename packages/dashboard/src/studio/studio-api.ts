// The studio's calls to the flows API. The draft's `ETag` (when the server gives one) goes back as `If-Match`, so a
// save over someone else's newer draft is refused (412) instead of silently replacing it.
import type { FlowDefinition, FlowSummary, PublishedFlow } from '@reelback/shared';
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

/** Who last changed the draft, when the server says (a name, an e-mail or an id); null when it does not. */
export function changedBy(flow: FlowSummary): string | null {
  const by = (flow as FlowSummary & { updatedBy?: unknown }).updatedBy;
  if (typeof by === 'string' && by) return by;
  if (by && typeof by === 'object') {
    const { name, email, id } = by as { name?: unknown; email?: unknown; id?: unknown };
    for (const value of [name, email, id]) if (typeof value === 'string' && value) return value;
  }
  return null;
}
