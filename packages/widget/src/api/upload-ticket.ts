import type { UploadTicket, UploadTicketRequest } from '@reelback/shared';
import { backoffDelay, DEFAULT_BACKOFF } from '../events/backoff.js';

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * `POST {endpoint}/api/v1/sessions/{sessionId}/clips` → 201 UploadTicket: permission to upload one clip.
 * Network errors, 408, 429 and 5xx are retried a few times with backoff; a 4xx rejects with an Error whose
 * message is the server's `error.message`.
 */
export async function requestUploadTicket(
  endpoint: string,
  sessionId: string,
  body: UploadTicketRequest,
  { attempts = 3, random = Math.random, backoff = DEFAULT_BACKOFF } = {},
): Promise<UploadTicket> {
  const url = `${endpoint.replace(/\/+$/, '')}/api/v1/sessions/${encodeURIComponent(sessionId)}/clips`;
  for (let attempt = 1; ; attempt++) {
    let problem: Error;
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return (await response.json()) as UploadTicket;
      const error = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      problem = new Error(error?.error?.message ?? `The server could not accept a recording (HTTP ${response.status}).`);
      if (!retryable(response.status)) throw problem;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      problem = new Error('We could not reach the server. Check your connection and try again.');
    }
    if (attempt >= attempts) throw problem;
    await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, backoff, random)));
  }
}
