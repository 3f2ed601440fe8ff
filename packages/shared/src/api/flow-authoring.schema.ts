import * as z from 'zod';
import { FlowId } from '../events/viewer-event.schema.js';
import { FlowDefinition } from '../flow/flow.schema.js';
import { FlowTemplateId } from '../templates/flow-templates.js';
import { FlowSummary } from './api.schema.js';

/**
 * The studio's side of the owner API: drafts with revisions (ETag / If-Match), who changed what, archiving,
 * templates and version history.
 */

/** Who changed a draft or published a version, as they were called at the time. */
export const Editor = z.object({
  kind: z.enum(['user', 'api-key', 'admin-key']),
  /** The user's or the API key's id; null for the admin key. */
  id: z.string().nullable(),
  /** What to show: the user's name (else e-mail), `API key "CI"`, or `the admin key`. */
  label: z.string(),
});

/** A flow as its editors see it: the summary plus the draft's revision and who last touched it. */
export const EditableFlow = FlowSummary.extend({
  /** The draft's revision: 1 when made, one more at every save. Also the `ETag` (`"<revision>"`). */
  revision: z.number().int().positive(),
  /** Who saved the draft last (`updatedAt` says when); null for drafts saved before this was recorded. */
  draftUpdatedBy: Editor.nullable(),
  /** When the flow was archived; null while it is active. An archived flow is not served to widgets. */
  archivedAt: z.iso.datetime().nullable(),
  archivedBy: Editor.nullable(),
});

export const EditableFlowList = z.object({ flows: z.array(EditableFlow) });

export const FlowListQuery = z.object({
  /** `1`/`true`: only archived flows; `0`/`false` (the default): only active ones. */
  archived: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((value) => value === '1' || value === 'true'),
});

/** Either a definition, or a template (with an optional name); the id is made from the name when absent. */
export const CreateFlowRequest = z
  .object({
    /** Chosen by the owner (it appears in embed codes). */
    id: FlowId.optional(),
    definition: FlowDefinition.optional(),
    template: FlowTemplateId.optional(),
    /** With `template`: the new flow's name instead of the template's. */
    name: z.string().min(1).max(200).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.definition !== undefined && body.template !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'send either a definition or a template, not both' });
    } else if (body.definition === undefined && body.template === undefined) {
      ctx.addIssue({ code: 'custom', path: ['definition'], message: 'send a definition, or a template such as "blank" or "nps"' });
    }
    if (body.name !== undefined && body.template === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'name goes with a template; a definition carries its own name' });
    }
  });

export const FlowTemplateSummary = z.object({
  id: FlowTemplateId,
  name: z.string(),
  description: z.string(),
  definition: FlowDefinition,
});

export const FlowTemplateList = z.object({ templates: z.array(FlowTemplateSummary) });

export const FlowVersionInfo = z.object({
  flowId: FlowId,
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
  /** Null for versions published before this was recorded. */
  publishedBy: Editor.nullable(),
});

export const FlowVersionList = z.object({ versions: z.array(FlowVersionInfo) });

/**
 * 412 when `If-Match` names an older revision: the draft was saved by someone else meanwhile and nothing was
 * written. The client reloads, or sends its draft again with `If-Match: "<revision>"` to overwrite.
 */
export const DraftConflict = z.object({
  error: z.object({
    code: z.literal('draft-changed'),
    message: z.string(),
    /** The revision stored now; send it as `If-Match: "<revision>"` to overwrite. */
    revision: z.number().int().positive(),
    changedBy: Editor.nullable(),
    changedAt: z.iso.datetime(),
  }),
});

export type Editor = z.infer<typeof Editor>;
export type EditableFlow = z.infer<typeof EditableFlow>;
export type EditableFlowList = z.infer<typeof EditableFlowList>;
export type CreateFlowRequest = z.infer<typeof CreateFlowRequest>;
export type FlowTemplateSummary = z.infer<typeof FlowTemplateSummary>;
export type FlowVersionInfo = z.infer<typeof FlowVersionInfo>;
export type DraftConflict = z.infer<typeof DraftConflict>;
