import {
  checkFlow,
  type FlowDefinition,
  type FlowSummary,
  type FlowValidation,
  graphProblems,
  type PublishedFlow,
} from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { FlowRecord, FlowStore, FlowVersionInfo, FlowVersionRecord, Scope } from '../ports/storage.js';
import { makeFlowId } from './flow-ids.js';

const toSummary = (flow: FlowRecord): FlowSummary => ({
  id: flow.id,
  name: flow.name,
  draft: flow.draft,
  latestVersion: flow.latestVersion,
  createdAt: flow.createdAt,
  updatedAt: flow.updatedAt,
  // A draft may be unfinished; the owner sees what to fix, and publishing refuses until it is fixed.
  problems: graphProblems(flow.draft),
});

const toPublished = (v: FlowVersionRecord): PublishedFlow => ({
  flowId: v.flowId,
  version: v.version,
  publishedAt: v.publishedAt,
  definition: v.definition,
});

const unknownFlow = (id: string) => notFound('unknown-flow', `there is no flow "${id}"`);

export class FlowsService {
  constructor(
    private readonly flows: FlowStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Owner operations take the caller's scope: a flow of another workspace is answered exactly like a missing one.
   * `published` is the widgets' public read and takes none.
   */
  async list(scope: Scope): Promise<FlowSummary[]> {
    return (await this.flows.list(scope)).map(toSummary);
  }

  async get(scope: Scope, id: string): Promise<FlowSummary> {
    const flow = await this.flows.get(id, scope);
    if (!flow) throw unknownFlow(id);
    return toSummary(flow);
  }

  /**
   * The flow belongs to the scope's workspace. Flow ids are global (widgets name flows by id alone), so an id taken
   * in another workspace is a 409 too.
   */
  async create(scope: Scope, input: { id?: string; definition: FlowDefinition }): Promise<FlowSummary> {
    const at = this.clock.now().toISOString();
    const workspaceId = scope.workspaceId;
    if (input.id !== undefined) {
      if (!(await this.flows.insert({ id: input.id, draft: input.definition, at, workspaceId }))) {
        throw new ServiceError('conflict', 'flow-exists', `a flow with id "${input.id}" exists already`, [
          { path: ['id'], message: 'already in use' },
        ]);
      }
      return this.get(scope, input.id);
    }
    for (;;) {
      const id = makeFlowId(input.definition.name);
      if (await this.flows.insert({ id, draft: input.definition, at, workspaceId })) return this.get(scope, id);
    }
  }

  async updateDraft(scope: Scope, id: string, definition: FlowDefinition): Promise<FlowSummary> {
    const flow = await this.flows.updateDraft(scope, id, definition, this.clock.now().toISOString());
    if (!flow) throw unknownFlow(id);
    return toSummary(flow);
  }

  validate(definition: unknown): FlowValidation {
    const check = checkFlow(definition);
    return { valid: check.ok, problems: check.problems };
  }

  /** Freezes the current draft as the next version, if it has no problems at all. */
  async publish(scope: Scope, id: string): Promise<PublishedFlow> {
    const flow = await this.flows.get(id, scope);
    if (!flow) throw unknownFlow(id);
    const check = checkFlow(flow.draft);
    if (!check.ok) {
      throw new ServiceError(
        'unprocessable',
        'invalid-flow',
        `the draft of "${id}" has ${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}: fix ${check.problems.length === 1 ? 'it' : 'them'} before publishing`,
        check.problems.map((p) => ({ path: ['draft', ...p.path], message: p.message, code: p.code })),
      );
    }
    const published = await this.flows.publish(scope, id, check.flow, this.clock.now().toISOString());
    if (!published) throw unknownFlow(id);
    return toPublished(published);
  }

  /** The given version, or the latest one: of any workspace's flow (the public read), or only the scope's. */
  async published(id: string, version?: number, scope?: Scope): Promise<PublishedFlow> {
    const record = await this.flows.getVersion(id, version, scope);
    if (record) return toPublished(record);
    const flow = await this.flows.get(id, scope);
    if (!flow) throw unknownFlow(id);
    if (version !== undefined) {
      throw notFound('unknown-version', `flow "${id}" has no version ${version}`, [{ path: ['version'], message: 'no such version' }]);
    }
    throw notFound('not-published', `flow "${id}" has not been published yet`);
  }

  async versions(scope: Scope, id: string): Promise<FlowVersionInfo[]> {
    const versions = await this.flows.listVersions(scope, id);
    if (versions.length === 0 && !(await this.flows.get(id, scope))) throw unknownFlow(id);
    return versions;
  }
}
