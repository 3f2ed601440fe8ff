// The workspace's audit log (admins, #13): pages newest first with filters, and the export's address. Types from
// @reelback/shared (types only: no zod in this bundle).
import type { AuditEntryList } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';

export interface AuditFilters {
  action: string;
  /** A user's or key's id, or `admin-key`. */
  actor: string;
}

function filterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.action) params.set('action', filters.action);
  if (filters.actor) params.set('actor', filters.actor);
  return params;
}

/** `cursor` is the previous page's `nextCursor`. */
export function listAuditLog(api: ApiClient, filters: AuditFilters, cursor: string | null = null, limit = 50): Promise<AuditEntryList> {
  const params = filterParams(filters);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return api.get<AuditEntryList>(`/workspace/audit-log?${params}`);
}

/** Where the browser downloads the (filtered) log: a same-origin GET, so the session cookie goes with it. */
export function auditExportUrl(filters: AuditFilters, format: 'csv' | 'ndjson'): string {
  const params = filterParams(filters);
  params.set('format', format);
  return `/api/v1/workspace/audit-log/export?${params}`;
}

/** The filters in the page's address (`?action=…&actor=…`), and back. */
export function filtersFromSearch(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  return { action: params.get('action') ?? '', actor: params.get('actor') ?? '' };
}

export function searchFromFilters(filters: AuditFilters): string {
  return filterParams(filters).toString();
}

/** The workspace's members, to filter the log by who did what. */
export async function listMembers(api: ApiClient): Promise<{ userId: string; email: string; name: string }[]> {
  return (await api.get<{ members: { userId: string; email: string; name: string }[] }>('/workspace/members')).members;
}
