import { readFile } from 'node:fs/promises';
import { FlowDefinition } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import type { Actor } from '../flows/editors.js';
import type { FlowsService } from '../flows/flows.service.js';
import type { Scope } from '../ports/store-types.js';

export const DEMO_FLOW_ID = 'demo';

export type SeedResult = 'created' | 'published' | 'present';

/**
 * Makes the demo page work on a fresh install: creates flow `demo` from `flowFile` and publishes it as
 * version 1. Safe at every start: an existing demo flow (perhaps edited by its owner) is left alone.
 * `scope` is the admin key's: no workspace before the bootstrap (which then claims the flow), the bootstrap
 * workspace after it.
 */
export async function seedDemoFlow(flows: FlowsService, flowFile: string, scope: Scope = { workspaceId: null }): Promise<SeedResult> {
  const existing = await flows.get(scope, DEMO_FLOW_ID).catch((error: unknown) => {
    if (error instanceof ServiceError && error.kind === 'not-found') return undefined;
    throw error;
  });
  if (existing?.latestVersion != null) return 'present';
  const actor: Actor = { via: 'admin-key', userId: null, workspaceId: scope.workspaceId };
  if (!existing) {
    const parsed = FlowDefinition.safeParse(JSON.parse(await readFile(flowFile, 'utf8')));
    if (!parsed.success) throw new Error(`${flowFile} is not a valid flow: ${parsed.error.message}`);
    try {
      await flows.create(scope, actor, { id: DEMO_FLOW_ID, definition: parsed.data });
    } catch (error) {
      // Another process seeding the same database at the same moment got there first.
      if (!(error instanceof ServiceError && error.kind === 'conflict')) throw error;
    }
  }
  await flows.publish(scope, actor, DEMO_FLOW_ID);
  return existing ? 'published' : 'created';
}
