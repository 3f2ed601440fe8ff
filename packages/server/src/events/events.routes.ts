import { ApiError, EventBatchRequest, EventBatchResponse, MAX_EVENTS_PER_BATCH } from '@reelback/shared';
import { apiError } from '../http/api-error.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { EventsService, IngestOutcome } from './events.service.js';

/** The batch verdict plus the error that explains the rejections. */
export const EventBatchError = EventBatchResponse.extend(ApiError.shape);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function eventsRoutes(events: EventsService): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/events',
      operationId: 'ingestEvents',
      summary: 'Record a batch of viewer events',
      description:
        `1 to ${MAX_EVENTS_PER_BATCH} CloudEvents, possibly for several sessions. Each session's events are applied in id (UUIDv7) order ` +
        'and only along the moves its flow version allows; ids stored before are reported as duplicates, not stored again. ' +
        'Accepted events are kept even when others in the batch are rejected. ' +
        '`text/plain` is accepted as JSON too: `navigator.sendBeacon` (the only way to send reliably while a page unloads) ' +
        'can post across origins without a CORS preflight only as a "simple" content type.',
      tag: 'Events',
      access: 'public',
      body: { schema: EventBatchRequest, alsoAccept: ['text/plain'] },
      responses: {
        202: { description: 'Every event was accepted or was a duplicate', schema: EventBatchResponse },
        404: { description: 'A session in the batch does not exist and nothing was accepted (`unknown-session`)', schema: EventBatchError },
        422: { description: 'Some events were rejected (`events-rejected`); the accepted ones are stored', schema: EventBatchError },
      },
      handler: async ({ body, c }) => {
        const outcome = await events.ingest(body.events);
        const verdict = {
          accepted: outcome.accepted,
          duplicates: outcome.duplicates,
          rejected: outcome.rejected.map(({ id, reason }) => ({ id, reason })),
        };
        if (outcome.rejected.length === 0) return c.json(verdict, 202);
        const issues = outcome.rejected.map(({ index, reason }) => ({ path: ['events', index], message: reason }));
        if (outcome.unknownSessions.length > 0 && outcome.accepted.length === 0) {
          const message = `unknown session${outcome.unknownSessions.length === 1 ? '' : 's'}: ${outcome.unknownSessions.join(', ')}`;
          return c.json({ ...verdict, ...apiError('unknown-session', message, issues) }, 404);
        }
        return c.json({ ...verdict, ...apiError('events-rejected', rejectedMessage(outcome), issues) }, 422);
      },
    }),
  ];
}

function rejectedMessage(outcome: IngestOutcome): string {
  const first = outcome.rejected[0];
  return `${plural(outcome.rejected.length, 'event')} rejected, ${outcome.accepted.length} accepted` + (first ? `; first: ${first.reason}` : '');
}
