import { AnswerJourney } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { AnswerJourneyService } from './answer-journey.service.js';

const AnswerIdParams = z.object({ answerId: z.string().min(1).max(200) });

export function journeyRoutes(journeys: AnswerJourneyService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/answers/:answerId/journey',
      operationId: 'getAnswerJourney',
      summary: "The viewer's path through the flow up to this answer",
      description:
        'Every step the viewer reached, in order, with what they chose or answered there, ending with this answer ' +
        '(`current: true`). Titles, types and option labels are those of the published version the viewer saw. ' +
        'Contact details appear only when the viewer consented.',
      tag: 'Answers',
      access: 'owner',
      params: AnswerIdParams,
      responses: { 200: { description: 'The journey', schema: AnswerJourney }, 404: { description: 'No such answer' } },
      handler: async ({ params, c }) => c.json(await journeys.journey(scopeOf(c), params.answerId), 200),
    }),
  ];
}
