import { DraftConflict, EditableFlow, EditableFlowList, FlowDraftRequest, FlowTemplateList, FlowValidation, PublishedFlow } from '@reelback/shared';
import type { Context } from 'hono';
import { errorResponse } from '../http/api-error.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { FlowArchivedError } from './flow-errors.js';
import type { CreateFlowInput, FlowsService } from './flows.service.js';
import {
  CreateFlowRequest,
  FlowIdParams,
  FlowListQuery,
  FlowVersionList,
  FlowVersionParams,
  PublishedQuery,
  ValidateFlowRequest,
} from './flows.schemas.js';
import { expectedRevision, orPreconditionFailed, withEtag } from './if-match.js';

const tag = 'Flows';

const IF_MATCH =
  'Send the `ETag` of the flow you last read as `If-Match` (e.g. `If-Match: "7"`): if someone saved the draft since, ' +
  'nothing is written and the answer is 412 `draft-changed` naming who and when, with the current revision. ' +
  'Without If-Match (or with `*`) the write applies to whatever is stored.';

const ARCHIVED = { description: 'The flow is archived (`flow-archived`): unarchive it first' };
const UNKNOWN_MEDIA = {
  description:
    "A step's `prompt.media.assetId` is not an asset of this workspace's library (`unknown-media-asset`); each issue names the step and the asset. Nothing is saved.",
};
const STALE = { description: 'If-Match names an older revision (`draft-changed`): nothing was written', schema: DraftConflict };

/** An answer carrying one flow, with its draft's revision as the ETag. */
function flowResponse(c: Context, flow: EditableFlow, status: 200 | 201) {
  withEtag(c, flow);
  return c.json(flow, status);
}

/** The public read a widget makes, then the owner's flow editing and publishing. */
export function flowsRoutes(flows: FlowsService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/published',
      operationId: 'getPublishedFlow',
      summary: 'The published flow a widget plays',
      description:
        'The latest published version, or the one named by `version`. An archived flow is not served (410) until it is unarchived. ' +
        "A step whose prompt points at the media library (`prompt.media`) comes with the asset's files as they are now: `video` (`src` the 1280 rendition, " +
        '`small` the 640 one, `poster`, the captions to show) or `image` (`src`, `small`). Both reads are cached for 60 s: a version never changes, ' +
        'but what its media resolve to does (edited captions, a new poster), while the media files themselves are immutable and cached for a year.',
      tag,
      access: 'public',
      params: FlowIdParams,
      query: PublishedQuery,
      responses: {
        200: { description: 'The published flow', schema: PublishedFlow },
        404: { description: 'No such flow or version, or not published yet' },
        410: { description: 'The flow is archived (`flow-archived`)' },
      },
      handler: async ({ params, query, c }) => {
        try {
          const published = await flows.forViewers(params.flowId, query.version);
          // Short for a named version too: its definition never changes, but the files its library media resolve to
          // do (an owner edits captions or picks another poster, each a new URL) and should reach viewers soon.
          // The JSON is small; the media it points at is content-addressed and cached for a year.
          c.header('Cache-Control', 'public, max-age=60');
          return c.json(published, 200);
        } catch (error) {
          if (!(error instanceof FlowArchivedError)) throw error;
          // Short, so unarchiving serves the flow again soon.
          c.header('Cache-Control', 'public, max-age=60');
          return errorResponse(c, 410, 'flow-archived', `flow "${params.flowId}" is archived and no longer served`);
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows',
      operationId: 'listFlows',
      summary: 'The active flows, newest first; `archived=1` lists the archived ones instead',
      tag,
      access: 'owner',
      query: FlowListQuery,
      responses: { 200: { description: 'The flows', schema: EditableFlowList } },
      handler: async ({ query, c }) => c.json({ flows: await flows.list(scopeOf(c), { archived: query.archived }) }, 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flow-templates',
      operationId: 'listFlowTemplates',
      summary: 'The templates a new flow can start from',
      description: 'Blank first, then ready-made flows (NPS with a recorded reason, feature discovery, testimonial, churn exit interview). Each passes validation as it is. Create one with `POST /flows {"template": "<id>"}`.',
      tag,
      access: 'owner',
      responses: { 200: { description: 'The templates', schema: FlowTemplateList } },
      handler: ({ c }) => c.json({ templates: flows.templates() }, 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows',
      operationId: 'createFlow',
      summary: 'Create a flow from a draft definition or a template',
      description:
        'Send `definition`, or `template` (an id from `GET /flow-templates`, with an optional `name`). The definition must match the schema; graph problems (dead ends, unknown targets) are allowed in a draft and listed in `problems`. The draft starts at revision 1 (the `ETag`).',
      tag,
      access: 'owner',
      body: { schema: CreateFlowRequest },
      responses: {
        201: { description: 'The new flow', schema: EditableFlow },
        409: { description: 'A flow with this id exists' },
        422: UNKNOWN_MEDIA,
      },
      handler: async ({ body, c }) => {
        const id = body.id !== undefined ? { id: body.id } : {};
        const input: CreateFlowInput =
          body.template !== undefined
            ? { ...id, template: body.template, ...(body.name !== undefined ? { name: body.name } : {}) }
            : { ...id, definition: body.definition! };
        const flow = await flows.create(scopeOf(c), c.var.caller, input);
        c.header('Location', `/api/v1/flows/${flow.id}`);
        return flowResponse(c, flow, 201);
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
      summary: 'A flow with its draft; the `ETag` is the draft revision',
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: { 200: { description: 'The flow', schema: EditableFlow }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => flowResponse(c, await flows.get(scopeOf(c), params.flowId), 200),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/flows/:flowId',
      operationId: 'updateFlowDraft',
      summary: "Save a flow's draft (the studio saves as you type)",
      description:
        `Replaces the draft and makes the next revision. ${IF_MATCH} ` +
        "The answer's `problems` include the steps whose library media cannot play yet (`media-missing`: the asset was deleted since; " +
        '`media-not-ready`: still processing, rejected or failed), at `steps.<i>.prompt.media.assetId`; `GET` the flow again to see them change as assets become ready.',
      tag,
      access: 'owner',
      params: FlowIdParams,
      body: { schema: FlowDraftRequest },
      responses: {
        200: { description: 'The updated flow', schema: EditableFlow },
        404: { description: 'No such flow' },
        409: ARCHIVED,
        412: STALE,
        422: UNKNOWN_MEDIA,
      },
      handler: async ({ params, body, c }) => {
        const expected = expectedRevision(c);
        return orPreconditionFailed(c, async () =>
          flowResponse(c, await flows.updateDraft(scopeOf(c), c.var.caller, params.flowId, body.definition, expected), 200),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:flowId/duplicate',
      operationId: 'duplicateFlow',
      summary: 'Copy a flow: a new id, "Copy of …", the same draft, no versions',
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: { 201: { description: 'The copy', schema: EditableFlow }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => {
        const flow = await flows.duplicate(scopeOf(c), c.var.caller, params.flowId);
        c.header('Location', `/api/v1/flows/${flow.id}`);
        return flowResponse(c, flow, 201);
      },
    }),
    // Archive before unarchive: tenancy.test.ts calls the routes in this order on one flow, which must end active.
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:flowId/archive',
      operationId: 'archiveFlow',
      summary: 'Archive a flow: hidden from the list, read-only, and no longer served to widgets',
      description:
        'Its draft and versions are kept. Widgets get 410 `flow-archived` from `/published` and new sessions 409 `flow-archived`; sessions already started can still send their events. Archiving an archived flow changes nothing.',
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: { 200: { description: 'The archived flow', schema: EditableFlow }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => flowResponse(c, await flows.setArchived(scopeOf(c), c.var.caller, params.flowId, true), 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:flowId/unarchive',
      operationId: 'unarchiveFlow',
      summary: 'Bring an archived flow back: listed, editable, and its latest version served again',
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: { 200: { description: 'The flow', schema: EditableFlow }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => flowResponse(c, await flows.setArchived(scopeOf(c), c.var.caller, params.flowId, false), 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:flowId/versions',
      operationId: 'publishFlow',
      summary: 'Publish the current draft as the next immutable version',
      description: `${IF_MATCH} The version holds exactly the revision that was checked.`,
      tag,
      access: 'owner',
      params: FlowIdParams,
      responses: {
        201: { description: 'The new version', schema: PublishedFlow },
        404: { description: 'No such flow' },
        409: ARCHIVED,
        412: STALE,
        422: {
          description:
            'The draft has problems (`invalid-flow`); each is an issue with its path and code, among them every step whose library media is missing or not ready (`media-missing`, `media-not-ready`, naming the asset and its state). Nothing is published.',
        },
      },
      handler: async ({ params, c }) => {
        const expected = expectedRevision(c);
        return orPreconditionFailed(c, async () => {
          const published = await flows.publish(scopeOf(c), c.var.caller, params.flowId, expected);
          c.header('Location', `/api/v1/flows/${published.flowId}/versions/${published.version}`);
          return c.json(published, 201);
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/versions',
      operationId: 'listFlowVersions',
      summary: "A flow's published versions, newest first, with who published each",
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
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:flowId/versions/:version/restore',
      operationId: 'restoreFlowVersion',
      summary: "Restore as draft: the version's definition becomes the draft, as its next revision",
      description: `The version itself never changes. ${IF_MATCH}`,
      tag,
      access: 'owner',
      params: FlowVersionParams,
      responses: {
        200: { description: 'The flow with the restored draft', schema: EditableFlow },
        404: { description: 'No such flow or version' },
        409: ARCHIVED,
        412: STALE,
      },
      handler: async ({ params, c }) => {
        const expected = expectedRevision(c);
        return orPreconditionFailed(c, async () =>
          flowResponse(c, await flows.restore(scopeOf(c), c.var.caller, params.flowId, params.version, expected), 200),
        );
      },
    }),
  ];
}
