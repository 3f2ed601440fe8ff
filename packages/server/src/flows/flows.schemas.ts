import { FlowDraftRequest, FlowId } from '@reelback/shared';
import * as z from 'zod';

/** Server-side shapes the shared vocabulary does not name; all built from its schemas. */
export const CreateFlowRequest = FlowDraftRequest.extend({
  /** Chosen by the owner (it appears in embed codes); made from the name when absent. */
  id: FlowId.optional(),
});

export const ValidateFlowRequest = z.object({
  definition: z.unknown().refine((value) => value !== undefined, { message: 'definition is required' }),
});

export const FlowVersionInfo = z.object({
  flowId: FlowId,
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
});

export const FlowVersionList = z.object({ versions: z.array(FlowVersionInfo) });

export const VersionNumber = z.coerce.number().int().positive();

export const FlowIdParams = z.object({ flowId: FlowId });
export const FlowVersionParams = z.object({ flowId: FlowId, version: VersionNumber });
export const PublishedQuery = z.object({ version: VersionNumber.optional() });
