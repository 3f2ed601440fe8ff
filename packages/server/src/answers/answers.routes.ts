import { AnswerItem, AnswerList, AnswerListQuery, AnswerPatch, AnswerTagList } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { AnswersService } from './answers.service.js';

const tag = 'Answers';
const AnswerIdParams = z.object({ answerId: z.string().min(1).max(200) });

export function answersRoutes(answers: AnswersService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/answers',
      operationId: 'listAnswers',
      summary: 'The inbox: answers newest first, filtered',
      description:
        'Filters combine (and). `q` matches words of typed text answers and of the transcripts of recorded ones. ' +
        'Pass the `nextCursor` of a page as `cursor` to get the next one; it is `null` on the last page. ' +
        "Contact details appear only when the viewer consented.",
      tag,
      access: 'owner',
      query: AnswerListQuery,
      responses: { 200: { description: 'A page of answers', schema: AnswerList }, 400: { description: 'A bad filter or cursor' } },
      handler: async ({ query, c }) => c.json(await answers.list(scopeOf(c), query), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/answers/:answerId',
      operationId: 'getAnswer',
      summary: 'One answer with its clip, transcript snippet and review state',
      tag,
      access: 'owner',
      params: AnswerIdParams,
      responses: { 200: { description: 'The answer', schema: AnswerItem }, 404: { description: 'No such answer' } },
      handler: async ({ params, c }) => c.json(await answers.get(scopeOf(c), params.answerId), 200),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/answers/:answerId',
      operationId: 'updateAnswer',
      summary: "Changes an answer's review state: status, star, note, tags",
      description: '`tags` replaces the set: each is trimmed and lower-cased (1–40 characters), at most 20.',
      tag,
      access: 'owner',
      minRole: 'owner',
      params: AnswerIdParams,
      body: { schema: AnswerPatch },
      responses: { 200: { description: 'The answer', schema: AnswerItem }, 404: { description: 'No such answer' } },
      handler: async ({ params, body, c }) => c.json(await answers.update(scopeOf(c), params.answerId, body), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/answer-tags',
      operationId: 'listAnswerTags',
      summary: "The workspace's answer tags, for autocomplete",
      tag,
      access: 'owner',
      query: z.object({ prefix: z.string().max(40).default('') }),
      responses: { 200: { description: 'Distinct tags in order (at most 50)', schema: AnswerTagList } },
      handler: async ({ query, c }) => c.json(await answers.tags(scopeOf(c), query.prefix), 200),
    }),
  ];
}
