// The answer page's calls to the owner API, built on ApiClient's generic get/send (types only from
// @reelback/shared: the server validates what it sends).
import type { AnswerItem, AnswerJourney, AnswerPatch, AnswerStatus, JourneyResponse, JourneyStep, TranscriptEdit, TranscriptInfo } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';

export type { AnswerJourney, AnswerStatus, JourneyResponse, JourneyStep };

/** An answer as `GET /answers/:id` serves it (with its `backlogItem`, #5). */
export type AnswerDetail = AnswerItem;

const answerPath = (answerId: string) => `/answers/${encodeURIComponent(answerId)}`;

export function getAnswer(api: ApiClient, answerId: string): Promise<AnswerDetail> {
  return api.get<AnswerDetail>(answerPath(answerId));
}

export function getJourney(api: ApiClient, answerId: string): Promise<AnswerJourney> {
  return api.get<AnswerJourney>(`${answerPath(answerId)}/journey`);
}

export async function patchAnswer(api: ApiClient, answerId: string, patch: AnswerPatch): Promise<AnswerDetail> {
  return (await api.send<AnswerDetail>('PATCH', answerPath(answerId), patch))!;
}

/** Tags used in this workspace that start with `prefix`, for the tag input's suggestions. */
export async function tagSuggestions(api: ApiClient, prefix: string): Promise<string[]> {
  return (await api.get<{ tags: string[] }>(`/answer-tags?${new URLSearchParams({ prefix })}`)).tags;
}

/** Replaces the transcript's segments; the server keeps the engine's version as `original`. */
export async function saveTranscript(api: ApiClient, clipId: string, edit: TranscriptEdit): Promise<TranscriptInfo> {
  return (await api.send<TranscriptInfo>('PUT', `/clips/${encodeURIComponent(clipId)}/transcript`, edit))!;
}

/**
 * Hands the answer off to the workspace's tracker; `at` (seconds) goes into the link back to this answer. A refusal
 * is an `ApiProblem` with the server's `code` (a 409 is `no_tracker` or `backlog-item-pending`) and `retryable`.
 */
export async function createBacklogItem(api: ApiClient, answerId: string, at: number | null): Promise<AnswerDetail> {
  return (await api.send<AnswerDetail>('POST', `${answerPath(answerId)}/backlog-item`, at !== null && at > 0 ? { at } : {}))!;
}

/** Where the captions track loads the transcript as WebVTT (a new `version` after an edit reloads it). */
export function transcriptVttUrl(api: ApiClient, clipId: string, version: string | null): string {
  const url = api.url(`/clips/${encodeURIComponent(clipId)}/transcript.vtt`);
  return version ? `${url}?v=${encodeURIComponent(version)}` : url;
}

/** A tag as the server stores it: trimmed and lower-cased, 1–40 characters; null when it is not one. */
export function normaliseTag(value: string): string | null {
  const tag = value.trim().toLowerCase();
  return tag.length >= 1 && tag.length <= 40 ? tag : null;
}

/** At most this many tags per answer (the server's limit). */
export const MAX_TAGS = 20;
