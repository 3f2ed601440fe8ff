import { FlowDraftRequest, FlowList, FlowSummary, FlowValidation, PublishedFlow } from '@reelback/shared';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { FlowsService } from './flows.service.js';
import {
  CreateFlowRequest,
  FlowIdParams,
  FlowVersionList,
  FlowVersionParams,
  PublishedQuery,
  ValidateFlowRequest,
} from './flows.schemas.js';

const tag = 'Flows';

/** The public read a widget makes, then the owner's flow editing and publishing. */
export function flowsRoutes(flows: FlowsService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/published',
      operationId: 'getPublishedFlow',
      summary: 'The published flow a widget plays',
      description: 'The latest published version, or the one named by `version`.',
      tag,
      access: 'public',
      params: FlowIdParams,
      query: PublishedQuery,
      responses: {
        200: { description: 'The published flow', schema: PublishedFlow },
        404: { description: 'No such flow or version, or not published yet' },
      },
      handler: async ({ params, query, c }) => {
        const published = await flows.published(params.flowId, query.version);
        // A named version never changes; "latest" may move when the owner publishes, so keep that short.
        c.header('Cache-Control', query.version === undefined ? 'public, max-age=60' : 'public, max-age=3600');
        return c.json(published, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows',
      operationId: 'listFlows',
      summary: 'All flows, newest first',
      tag,
      access: 'owner',
      responses: { 200: { description: 'The flows', schema: FlowList } },
      handler: async ({ c }) => c.json({ flows: await flows.list(scopeOf(c)) }, 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows',
      operationId: 'createFlow',
      summary: 'Create a flow from a draft definition',
      description: 'The definition must match the schema; graph problems (dead ends, unknown targets) are allowed in a draft and listed in `problems`.',
      tag,
      access: 'owner',
      body: { schema: CreateFlowRequest },
      responses: {
        201: { description: 'The new flow', schema: FlowSummary },
        409: { description: 'A flow with this id exists' },
      },
      handler: async ({ body, c }) => {
        const flow = await flows.create(scopeOf(c), body);
        c.header('Location', `/api/v1/flows/${flow.id}`);
        return c.json(flow, 201);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/validate',
      operationId: 'validateFlow',
      summary: 'Check any definition and list every problem with its path',
      tag,
      access: 'owner',
      body: { schema: ValidateFlowRequest },
      responses: { 200: { description: 'The verdict', schema: FlowValidation } },
      handler: ({ body, c }) => c.json(flows.validate(body.definition), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId',
      operationId: 'getFlow',
      summary: 'A flow with its draft',
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: { 200: { description: 'The flow', schema: FlowSummary }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => c.json(await flows.get(scopeOf(c), params.flowId), 200),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/flows/:flowId',
      operationId: 'updateFlowDraft',
      summary: "Replace a flow's draft",
      tag,
      access: 'owner',
      params: FlowIdParams,
      body: { schema: FlowDraftRequest },
      responses: { 200: { description: 'The updated flow', schema: FlowSummary }, 404: { description: 'No such flow' } },
      handler: async ({ params, body, c }) => c.json(await flows.updateDraft(scopeOf(c), params.flowId, body.definition), 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:flowId/versions',
      operationId: 'publishFlow',
      summary: 'Publish the current draft as the next immutable version',
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: {
        201: { description: 'The new version', schema: PublishedFlow },
        404: { description: 'No such flow' },
        422: { description: 'The draft has problems (`invalid-flow`); each is an issue with its path' },
      },
      handler: async ({ params, c }) => {
        const published = await flows.publish(scopeOf(c), params.flowId);
        c.header('Location', `/api/v1/flows/${published.flowId}/versions/${published.version}`);
        return c.json(published, 201);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/versions',
      operationId: 'listFlowVersions',
      summary: "A flow's published versions, newest first",
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: { 200: { description: 'The versions', schema: FlowVersionList }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => c.json({ versions: await flows.versions(scopeOf(c), params.flowId) }, 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/versions/:version',
      operationId: 'getFlowVersion',
      summary: 'One published version',
      tag,
      access: 'owner',
      params: FlowVersionParams,
      responses: { 200: { description: 'The version', schema: PublishedFlow }, 404: { description: 'No such flow or version' } },
      handler: async ({ params, c }) => c.json(await flows.published(params.flowId, params.version, scopeOf(c)), 200),
    }),
  ];
}
