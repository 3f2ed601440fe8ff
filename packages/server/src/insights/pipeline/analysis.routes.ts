import { AnswerAnalysisRequest } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../../http/route.js';
import type { AnswerAnalysisPipeline } from './answer-analysis.service.js';

const AnswerIdParams = z.object({ answerId: z.string().min(1).max(200) });

export function answerAnalysisRoutes(pipeline: Pick<AnswerAnalysisPipeline, 'reanalyse'>): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/answers/:answerId/analysis',
      operationId: 'reanalyseAnswer',
      summary: "Analyses an answer's text again (sentiment, key phrases, language)",
      description:
        'Queues the analysis of the typed text or the clip\'s transcript (the edited one when corrected), even when the text has not ' +
        'changed since it was last analysed. The answer\'s `analysis` is `pending` until the job has run; a ' +
        '`reelback.answer.analyzed` event follows (webhooks, event stream). No body.',
      tag: 'Answers',
      access: 'owner',
      minRole: 'owner',
      params: AnswerIdParams,
      responses: {
        202: { description: 'Queued: the answer and its pending analysis', schema: AnswerAnalysisRequest },
        404: { description: 'No such answer' },
        409: { description: 'The answer has no text to analyse (a rating or contact answer, or a clip whose transcript is not ready)' },
      },
      handler: async ({ params, c }) => c.json(await pipeline.reanalyse(scopeOf(c), params.answerId), 202),
    }),
  ];
}
