import type { FlowStore } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';

/**
 * The variables an export gets a `vars.<name>` column for: those the flow declares (its draft and every published
 * version, since sessions of older versions kept what those declared), or, for a whole-workspace export, every
 * flow's. In the order first declared; sessions keep nothing else (`sessionVars`), so nothing else can have a value.
 */
export async function declaredVariables(flows: FlowStore, scope: Scope, flowId: string | undefined): Promise<string[]> {
  const records = flowId === undefined ? [...(await flows.list(scope)), ...(await flows.list(scope, { archived: true }))] : [await flows.get(flowId, scope)];
  const names = new Set<string>();
  for (const flow of records) {
    if (!flow) continue;
    for (const v of flow.draft.variables ?? []) names.add(v.name);
    for (const info of await flows.listVersions(scope, flow.id)) {
      const version = await flows.getVersion(flow.id, info.version, scope);
      for (const v of version?.definition.variables ?? []) names.add(v.name);
    }
  }
  return [...names];
}
