// The flows list's calls: templates, new flows, duplicate, archive and unarchive, bundles (docs/studio.md, docs/flow-bundles.md).
import type { EditableFlow, FlowBundleImportResult, FlowTemplateSummary } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';

const flowUrl = (flowId: string): string => `/flows/${encodeURIComponent(flowId)}`;

/** The templates, `blank` first (the picker's default). */
export async function listTemplates(api: ApiClient): Promise<FlowTemplateSummary[]> {
  const { templates } = await api.get<{ templates: FlowTemplateSummary[] }>('/flow-templates');
  return [...templates].sort((a, b) => Number(b.id === 'blank') - Number(a.id === 'blank'));
}

/** A new flow from a template; without a name it takes the template's. */
export async function createFromTemplate(api: ApiClient, template: string, name: string): Promise<EditableFlow> {
  return (await api.send<EditableFlow>('POST', '/flows', { template, ...(name.trim() ? { name: name.trim() } : {}) }))!;
}

export async function duplicateFlow(api: ApiClient, flowId: string): Promise<EditableFlow> {
  return (await api.send<EditableFlow>('POST', `${flowUrl(flowId)}/duplicate`))!;
}

/** Archives (no longer served to widgets) or unarchives a flow. */
export async function setArchived(api: ApiClient, flowId: string, archived: boolean): Promise<EditableFlow> {
  return (await api.send<EditableFlow>('POST', `${flowUrl(flowId)}/${archived ? 'archive' : 'unarchive'}`))!;
}

/** Where a flow's bundle (the flow with its media, a tar archive) downloads from; the session cookie goes along. */
export const bundleUrl = (api: ApiClient, flowId: string): string => api.url(`${flowUrl(flowId)}/bundle`);

/** Imports a bundle file (`.tar`, or gzip-compressed `.tar.gz`/`.tgz`) as a new, unpublished flow. */
export function importBundle(api: ApiClient, file: File): Promise<FlowBundleImportResult> {
  const gzipped = /\.(t?gz)$/i.test(file.name) || file.type === 'application/gzip' || file.type === 'application/x-gzip';
  return api.sendFile<FlowBundleImportResult>('/flows/bundle', file, gzipped ? 'application/gzip' : 'application/x-tar');
}
