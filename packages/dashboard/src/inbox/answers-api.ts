// The inbox's calls to the owner API, on top of ApiClient's generic get/send (types only from
// @reelback/shared: the server validates what it sends).
import type { AnswerItem, AnswerList, AnswerPatch, AnswerTagList, FlowSummary, PublishedFlow } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { filtersToParams, type InboxFilters } from './inbox-query.js';

export const PAGE_SIZE = 50;

/** A page of answers, newest first, for these filters (`cursor` from the previous page). */
export function listAnswers(api: ApiClient, filters: InboxFilters, cursor: string | null, limit = PAGE_SIZE): Promise<AnswerList> {
  const params = filtersToParams(filters);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return api.get<AnswerList>(`/answers?${params}`);
}

export async function patchAnswer(api: ApiClient, answerId: string, patch: AnswerPatch): Promise<AnswerItem> {
  const item = await api.send<AnswerItem>('PATCH', `/answers/${encodeURIComponent(answerId)}`, patch);
  if (!item) throw new Error('The server sent no answer back.');
  return item;
}

/** The workspace's tags that start with `prefix` (for autocomplete). */
export async function answerTags(api: ApiClient, prefix: string): Promise<string[]> {
  const params = new URLSearchParams({ prefix: prefix.trim().toLowerCase() });
  return (await api.get<AnswerTagList>(`/answer-tags?${params}`)).tags;
}

/** Every flow answers may belong to: active ones, then archived ones (their answers stay in the inbox). */
export async function listFlows(api: ApiClient): Promise<FlowSummary[]> {
  return api.allFlows();
}

export interface StepChoice {
  id: string;
  label: string;
}

/** Step types whose answers the inbox lists (choices and calls to action are moves, not answers). */
const ANSWERED = new Set(['open', 'rating', 'nps', 'contact']);

/** The answerable steps of a flow's latest published version (its draft when never published). */
export async function flowSteps(api: ApiClient, flow: FlowSummary): Promise<StepChoice[]> {
  const definition =
    flow.latestVersion === null
      ? flow.draft
      : (await api.get<PublishedFlow>(`/flows/${encodeURIComponent(flow.id)}/versions/${flow.latestVersion}`)).definition;
  return definition.steps
    .filter((step) => ANSWERED.has(step.answer.type))
    .map((step) => ({ id: step.id, label: step.prompt.title ? `${step.prompt.title} (${step.id})` : step.id }));
}
