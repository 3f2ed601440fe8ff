import {
  checkFlow,
  type EditableFlow,
  type FlowDefinition,
  type FlowProblem,
  type FlowTemplateId,
  type FlowTemplateSummary,
  type FlowValidation,
  FLOW_TEMPLATES,
  flowTemplate,
  graphProblems,
  type PublishedFlow,
} from '@reelback/shared';
import type { AuditLog } from '../audit/audit-log.js';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { DraftRefusal, DraftWrite, FlowPublish, FlowRecord, FlowStore, FlowVersionInfo, FlowVersionRecord } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';
import type { Actor, EditorNames } from './editors.js';
import type { FlowAssets, FlowMedia } from './flow-media.js';
import { DraftChangedError, FlowArchivedError, unknownFlow, unknownVersion } from './flow-errors.js';
import { makeFlowId } from './flow-ids.js';

/** `mediaProblems`: the draft's steps whose library asset cannot play (`FlowMedia.problemsIn`). */
const toEditable = (flow: FlowRecord, mediaProblems: FlowProblem[]): EditableFlow => ({
  id: flow.id,
  name: flow.name,
  draft: flow.draft,
  latestVersion: flow.latestVersion,
  createdAt: flow.createdAt,
  updatedAt: flow.updatedAt,
  // A draft may be unfinished; the owner sees what to fix, and publishing refuses until it is fixed.
  problems: [...graphProblems(flow.draft), ...mediaProblems],
  revision: flow.revision,
  draftUpdatedBy: flow.draftUpdatedBy,
  archivedAt: flow.archivedAt,
  archivedBy: flow.archivedBy,
});

const toPublished = (v: FlowVersionRecord): PublishedFlow => ({
  flowId: v.flowId,
  version: v.version,
  publishedAt: v.publishedAt,
  definition: v.definition,
});

const flowTarget = (flow: { id: string; name: string }) => ({ type: 'flow' as const, id: flow.id, label: flow.name });

const MAX_NAME = 200;
const copyName = (name: string) => `Copy of ${name}`.slice(0, MAX_NAME);

export type CreateFlowInput = { id?: string } & ({ definition: FlowDefinition } | { template: FlowTemplateId; name?: string });

const refused = (write: { outcome: string }): write is DraftRefusal => ['missing', 'archived', 'stale'].includes(write.outcome);

/** What was written, or the reason a conditional write refused as the error the routes turn into a status. */
function unlessRefused<T extends DraftWrite | FlowPublish>(write: T, id: string, sentRevision: number): Exclude<T, DraftRefusal> {
  if (refused(write)) {
    if (write.outcome === 'missing') throw unknownFlow(id);
    if (write.outcome === 'archived') throw new FlowArchivedError(id);
    throw new DraftChangedError(write.flow, sentRevision);
  }
  return write as Exclude<T, DraftRefusal>;
}

export class FlowsService {
  constructor(
    private readonly flows: FlowStore,
    private readonly clock: Clock,
    private readonly editors: EditorNames,
    /** Publishing and archiving are audited in their own transaction; restoring a version right after it. */
    private readonly audit: AuditLog,
    private readonly media: FlowMedia,
  ) {}

  /**
   * Owner operations take the caller's scope: a flow of another workspace is answered exactly like a missing one.
   * `published` is the widgets' public read and takes none. Writes of a draft take the revision the editor last
   * saw (If-Match) when it sent one: a draft saved by someone else since is refused, never overwritten unseen.
   */
  async list(scope: Scope, options: { archived?: boolean } = {}): Promise<EditableFlow[]> {
    const flows = await this.flows.list(scope, options);
    // One read of the library for every listed draft.
    const assets = await this.media.assetsOf(scope, flows.map((flow) => flow.draft));
    return flows.map((flow) => toEditable(flow, this.media.problemsIn(flow.draft, assets)));
  }

  async get(scope: Scope, id: string): Promise<EditableFlow> {
    return this.editable(scope, await this.record(scope, id));
  }

  /** The flow as editors see it, with its media problems (read now: an asset may have become ready since). */
  private async editable(scope: Scope, flow: FlowRecord, assets?: FlowAssets): Promise<EditableFlow> {
    return toEditable(flow, this.media.problemsIn(flow.draft, assets ?? (await this.media.assetsOf(scope, [flow.draft]))));
  }

  templates(): FlowTemplateSummary[] {
    return FLOW_TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description, definition: t.definition }));
  }

  /**
   * The flow belongs to the scope's workspace. Flow ids are global (widgets name flows by id alone), so an id taken
   * in another workspace is a 409 too.
   */
  async create(scope: Scope, actor: Actor, input: CreateFlowInput): Promise<EditableFlow> {
    let definition: FlowDefinition;
    if ('template' in input) {
      definition = structuredClone(flowTemplate(input.template).definition);
      if (input.name !== undefined) definition.name = input.name;
    } else {
      definition = input.definition;
      await this.media.refuseUnknown(scope, definition, async () => undefined);
    }
    return this.insert(scope, actor, definition, input.id);
  }

  /** A new flow with the source's draft (not its versions), named "Copy of …", in the caller's workspace. */
  async duplicate(scope: Scope, actor: Actor, id: string): Promise<EditableFlow> {
    const source = await this.record(scope, id);
    return this.insert(scope, actor, { ...structuredClone(source.draft), name: copyName(source.draft.name) });
  }

  private async insert(scope: Scope, actor: Actor, draft: FlowDefinition, id?: string): Promise<EditableFlow> {
    const at = this.clock.now().toISOString();
    const flow = { draft, at, workspaceId: scope.workspaceId, by: await this.editors.of(actor) };
    if (id !== undefined) {
      if (!(await this.flows.insert({ ...flow, id }))) {
        throw new ServiceError('conflict', 'flow-exists', `a flow with id "${id}" exists already`, [{ path: ['id'], message: 'already in use' }]);
      }
      return this.get(scope, id);
    }
    for (;;) {
      const made = makeFlowId(draft.name);
      if (await this.flows.insert({ ...flow, id: made })) return this.get(scope, made);
    }
  }

  async updateDraft(scope: Scope, actor: Actor, id: string, definition: FlowDefinition, expectedRevision?: number): Promise<EditableFlow> {
    // Read only when an asset is missing; a missing or archived flow says so before any asset does.
    const stored = async () => {
      const flow = await this.record(scope, id);
      if (flow.archivedAt !== null) throw new FlowArchivedError(id);
      return flow.draft;
    };
    const assets = await this.media.refuseUnknown(scope, definition, stored);
    const write = await this.flows.updateDraft(scope, id, definition, {
      at: this.clock.now().toISOString(),
      by: await this.editors.of(actor),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    });
    // Without If-Match only a missing or archived flow refuses, so the revision sent matters only with one.
    return this.editable(scope, unlessRefused(write, id, expectedRevision ?? 0).flow, assets);
  }

  /** "Restore as draft": the version's definition becomes the draft, as a new revision (versions never change). */
  async restore(scope: Scope, actor: Actor, id: string, version: number, expectedRevision?: number): Promise<EditableFlow> {
    const record = await this.flows.getVersion(id, version, scope);
    if (!record) {
      await this.record(scope, id);
      throw unknownVersion(id, version);
    }
    const restored = await this.updateDraft(scope, actor, id, record.definition, expectedRevision);
    await this.audit.record(scope, actor, 'flow.version-restored', flowTarget(restored), { version, revision: restored.revision });
    return restored;
  }

  async setArchived(scope: Scope, actor: Actor, id: string, archived: boolean): Promise<EditableFlow> {
    const current = await this.record(scope, id);
    const entry = await this.audit.entry(scope, actor, archived ? 'flow.archived' : 'flow.unarchived', flowTarget(current));
    const archive = archived ? { at: entry.at, by: entry.actor } : null;
    const flow = await this.flows.setArchived(scope, id, archive, entry);
    if (!flow) throw unknownFlow(id);
    return this.editable(scope, flow);
  }

  validate(definition: unknown): FlowValidation {
    const check = checkFlow(definition);
    return { valid: check.ok, problems: check.problems };
  }

  /**
   * Freezes the current draft as the next version, if it has no problems at all. With `expectedRevision` (If-Match)
   * only the draft the editor saw is published; either way the version holds exactly the revision that was checked.
   */
  async publish(scope: Scope, actor: Actor, id: string, expectedRevision?: number): Promise<PublishedFlow> {
    const by = await this.editors.of(actor);
    for (let attempt = 1; ; attempt++) {
      const flow = await this.record(scope, id);
      const entry = await this.audit.entry(scope, by, 'flow.published', flowTarget(flow));
      if (flow.archivedAt !== null) throw new FlowArchivedError(id);
      if (expectedRevision !== undefined && expectedRevision !== flow.revision) throw new DraftChangedError(flow, expectedRevision);
      const check = checkFlow(flow.draft);
      // Every step's library media must play: none gone, none still processing, rejected or failed.
      const problems = [...check.problems, ...this.media.problemsIn(flow.draft, await this.media.assetsOf(scope, [flow.draft]))];
      if (!check.ok || problems.length > 0) {
        throw new ServiceError(
          'unprocessable',
          'invalid-flow',
          `the draft of "${id}" has ${problems.length} problem${problems.length === 1 ? '' : 's'}: fix ${problems.length === 1 ? 'it' : 'them'} before publishing`,
          problems.map((p) => ({ path: ['draft', ...p.path], message: p.message, code: p.code })),
        );
      }
      const audit = (version: number) => ({ ...entry, detail: { version, draftRevision: flow.revision } });
      const write = await this.flows.publish(scope, id, check.flow, { at: this.clock.now().toISOString(), by, draftRevision: flow.revision }, audit);
      // Saved by someone between the read and the publish, so what was checked is no longer the draft. Without
      // If-Match the caller asked for the current draft: check that one (a few times; saves are debounced).
      if (write.outcome === 'stale' && expectedRevision === undefined && attempt < 3) continue;
      return toPublished(unlessRefused(write, id, expectedRevision ?? flow.revision).version);
    }
  }

  /**
   * The given version, or the latest one: of any workspace's flow (the public read), or only the scope's.
   * The public read refuses an archived flow (FlowArchivedError); owners still read its versions.
   */
  async published(id: string, version?: number, scope?: Scope): Promise<PublishedFlow> {
    return toPublished(await this.versionRecord(id, version, scope));
  }

  /**
   * What a widget plays: the public read of `published`, with each step's library media resolved to the asset's
   * files as they are now (in the flow's own workspace), so edited captions and a new poster show without
   * publishing again. Owners' reads of a version (and "restore as draft") keep the stored references.
   */
  async forViewers(id: string, version?: number): Promise<PublishedFlow> {
    const record = await this.versionRecord(id, version);
    return this.media.forViewers(toPublished(record), record.workspaceId);
  }

  private async versionRecord(id: string, version?: number, scope?: Scope): Promise<FlowVersionRecord> {
    const record = await this.flows.getVersion(id, version, scope);
    if (record) {
      if (scope === undefined && record.flowArchivedAt !== null) throw new FlowArchivedError(id);
      return record;
    }
    const flow = await this.flows.get(id, scope);
    if (!flow) throw unknownFlow(id);
    if (scope === undefined && flow.archivedAt !== null) throw new FlowArchivedError(id);
    if (version !== undefined) throw unknownVersion(id, version);
    throw notFound('not-published', `flow "${id}" has not been published yet`);
  }

  async versions(scope: Scope, id: string): Promise<FlowVersionInfo[]> {
    const versions = await this.flows.listVersions(scope, id);
    if (versions.length === 0) await this.record(scope, id);
    return versions;
  }

  private async record(scope: Scope, id: string): Promise<FlowRecord> {
    const flow = await this.flows.get(id, scope);
    if (!flow) throw unknownFlow(id);
    return flow;
  }
}
