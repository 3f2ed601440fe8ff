// The inbox's filters and search as one value: read from and written to the page's query string (so a
// filtered inbox can be shared), turned into `GET /api/v1/answers` parameters, and matched against answers
// that arrive live (so a new answer only shows up where the same request would have listed it).
import type { AnswerItem, AnswerKind, AnswerStatus, Sentiment } from '@reelback/shared';

export interface InboxFilters {
  flowId: string;
  stepId: string;
  kind: AnswerKind | '';
  status: AnswerStatus | '';
  tag: string;
  starred: 'true' | 'false' | '';
  /** What the answer's analysis found (#17); analysed answers only. */
  sentiment: Sentiment | '';
  /** `YYYY-MM-DD` (the whole day, UTC, as the API reads it) or ''. */
  from: string;
  to: string;
  /** Full-text search over typed text and transcripts. */
  q: string;
}

export const KINDS: readonly AnswerKind[] = ['video', 'audio', 'text', 'rating', 'nps', 'contact'];
export const STATUSES: readonly AnswerStatus[] = ['new', 'reviewed', 'archived'];
export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];
const FIELDS = ['flowId', 'stepId', 'kind', 'status', 'tag', 'starred', 'sentiment', 'from', 'to', 'q'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const NO_FILTERS: InboxFilters = { flowId: '', stepId: '', kind: '', status: '', tag: '', starred: '', sentiment: '', from: '', to: '', q: '' };

/** The filters in a query string; values the API would refuse (an unknown kind, a malformed date) are dropped. */
export function filtersFromSearch(search: string): InboxFilters {
  const params = new URLSearchParams(search);
  const text = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
  const kind = text('kind', 20);
  const status = text('status', 20);
  const starred = text('starred', 5);
  const sentiment = text('sentiment', 10);
  const from = text('from', 10);
  const to = text('to', 10);
  return {
    flowId: text('flowId', 200),
    stepId: text('stepId', 100),
    kind: (KINDS as readonly string[]).includes(kind) ? (kind as AnswerKind) : '',
    status: (STATUSES as readonly string[]).includes(status) ? (status as AnswerStatus) : '',
    tag: text('tag', 40).toLowerCase(),
    starred: starred === 'true' || starred === 'false' ? starred : '',
    sentiment: (SENTIMENTS as readonly string[]).includes(sentiment) ? (sentiment as Sentiment) : '',
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
    q: text('q', 200),
  };
}

/** The filters that are set, as query parameters (the same names in the page's URL and in the API's). */
export function filtersToParams(filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (filters[name]) params.set(name, filters[name]);
  return params;
}

export function hasFilters(filters: InboxFilters): boolean {
  return FIELDS.some((name) => filters[name] !== '');
}

/** The start of a `YYYY-MM-DD` day (UTC), in milliseconds. */
const dayStart = (date: string) => Date.parse(`${date}T00:00:00.000Z`);
const DAY = 24 * 60 * 60 * 1000;

/**
 * Whether the list for these filters would hold `item`, as the server decides it (`to` includes its whole
 * day). The search `q` is not judged here: the server's full-text rules are not ours to copy, so the page
 * offers a reload instead.
 */
export function matchesFilters(item: AnswerItem, filters: InboxFilters): boolean {
  if (filters.flowId && item.flowId !== filters.flowId) return false;
  if (filters.stepId && item.stepId !== filters.stepId) return false;
  if (filters.kind && item.kind !== filters.kind) return false;
  if (filters.status && item.status !== filters.status) return false;
  if (filters.tag && !item.tags.includes(filters.tag)) return false;
  if (filters.starred && item.starred !== (filters.starred === 'true')) return false;
  // A new answer is not analysed yet: it joins a sentiment-filtered list when its analysis arrives (a reload).
  if (filters.sentiment && (item.analysis?.state !== 'analyzed' || item.analysis.sentiment !== filters.sentiment)) return false;
  const at = Date.parse(item.submittedAt);
  if (filters.from && at < dayStart(filters.from)) return false;
  if (filters.to && at >= dayStart(filters.to) + DAY) return false;
  return true;
}
