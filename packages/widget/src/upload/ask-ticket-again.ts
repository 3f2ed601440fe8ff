import type { UploadTicket, UploadTicketRequest } from '@reelback/shared';

/**
 * One try at the upload ticket of a take a previous page kept before its ticket came (upload-manager.ts). No retries
 * with backoff as `api/upload-ticket.ts` makes: the take stays kept and the next page load asks again. Not that
 * module either: importing it here moved its backoff helper out of the player's chunk into a chunk of its own
 * (one more request and 70 bytes on the player).
 */
export async function askTicketAgain(endpoint: string, sessionId: string, body: UploadTicketRequest): Promise<UploadTicket> {
  const url = `${endpoint.replace(/\/+$/, '')}/api/v1/sessions/${encodeURIComponent(sessionId)}/clips`;
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`The server gave no upload ticket (HTTP ${response.status}).`);
  return (await response.json()) as UploadTicket;
}
