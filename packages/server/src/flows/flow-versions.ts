import type { FlowDefinition } from '@reelback/shared';
import type { FlowStore, FlowVersionRecord } from '../ports/flow-store.js';

/**
 * Published versions never change, so their definitions can be kept in memory once read:
 * every event is checked against one, and reading it per batch would double the queries.
 */
export class FlowVersionCache {
  private readonly cache = new Map<string, FlowVersionRecord>();

  constructor(
    private readonly flows: FlowStore,
    private readonly capacity = 1000,
  ) {}

  async get(flowId: string, version: number): Promise<FlowVersionRecord | undefined> {
    const key = `${flowId}\u0000${version}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const record = await this.flows.getVersion(flowId, version);
    if (record) {
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value ?? key);
      this.cache.set(key, record);
    }
    return record;
  }

  async definition(flowId: string, version: number): Promise<FlowDefinition | undefined> {
    return (await this.get(flowId, version))?.definition;
  }
}
