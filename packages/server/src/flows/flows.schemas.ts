import { FlowId, FlowListQuery } from '@reelback/shared';
import * as z from 'zod';

/** Server-side shapes the shared vocabulary does not name; all built from its schemas. */
export { CreateFlowRequest, FlowVersionInfo, FlowVersionList } from '@reelback/shared';

export const ValidateFlowRequest = z.object({
  definition: z.unknown().refine((value) => value !== undefined, { message: 'definition is required' }),
});

export const VersionNumber = z.coerce.number().int().positive();

export const FlowIdParams = z.object({ flowId: FlowId });
export const FlowVersionParams = z.object({ flowId: FlowId, version: VersionNumber });
export const PublishedQuery = z.object({ version: VersionNumber.optional() });
export { FlowListQuery };
