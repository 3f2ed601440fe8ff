import {
  type FlowDefinition,
  type FlowProblem,
  type MediaAssetInfo,
  promptMediaFlowProblems,
  promptMediaIds,
  type PublishedFlow,
  resolvePromptMedia,
} from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import type { Scope } from '../ports/store-types.js';

/** The media library as flows need it; the media library's store answers (`media-library/flow-media-lookup.ts`). */
export interface FlowMediaLookup {
  /** The scope's assets among `ids`, as the API shows them (file URLs), in one read; another workspace's are absent. */
  assets(scope: Scope, ids: readonly string[]): Promise<ReadonlyMap<string, MediaAssetInfo>>;
}

/** The assets some definitions point at, read once for all of them. */
export type FlowAssets = ReadonlyMap<string, MediaAssetInfo>;

/**
 * What flows do with the workspace's media library: a step's `prompt.media` resolved to the asset's current files
 * when a viewer reads the published flow, unknown assets refused when a draft is saved, and assets that cannot play
 * (gone, or not ready) listed as the draft's problems, which publishing refuses.
 */
export class FlowMedia {
  constructor(
    private readonly lookup: FlowMediaLookup,
    private readonly warn: (line: string) => void,
  ) {}

  /** One read of every asset the definitions point at (none when they point at none). */
  async assetsOf(scope: Scope, definitions: readonly Pick<FlowDefinition, 'steps'>[]): Promise<FlowAssets> {
    const ids = [...new Set(definitions.flatMap(promptMediaIds))];
    return ids.length === 0 ? new Map() : this.lookup.assets(scope, ids);
  }

  /** The steps whose asset cannot play, at their `prompt.media.assetId` (`media-missing`, `media-not-ready`). */
  problemsIn(definition: FlowDefinition, assets: FlowAssets): FlowProblem[] {
    if (!definition.steps.some((step) => step.prompt.media)) return [];
    return promptMediaFlowProblems(definition, resolvePromptMedia(definition, (id) => assets.get(id)).problems);
  }

  /**
   * Refuses (422 `unknown-media-asset`, each step and asset named) a definition pointing at an asset the workspace
   * does not have. Another workspace's id reads exactly like one that never existed. An asset the stored draft
   * already pointed at and that was deleted since (allowed while no published version used it) is not refused:
   * it stays a `media-missing` problem, so the studio can go on saving while its owner picks another.
   */
  async refuseUnknown(scope: Scope, definition: FlowDefinition, storedDraft: () => Promise<FlowDefinition | undefined>): Promise<FlowAssets> {
    const assets = await this.assetsOf(scope, [definition]);
    const missing = resolvePromptMedia(definition, (id) => assets.get(id)).problems.filter((problem) => problem.reason === 'missing');
    if (missing.length === 0) return assets;
    const stored = await storedDraft();
    const kept = new Set(stored ? promptMediaIds(stored) : []);
    const unknown = promptMediaFlowProblems(definition, missing.filter((problem) => !kept.has(problem.assetId)));
    if (unknown.length > 0) {
      throw new ServiceError(
        'unprocessable',
        'unknown-media-asset',
        unknown.length === 1 ? unknown[0]!.message : `${unknown.length} steps point at media this workspace's library does not have: ${unknown.map((p) => p.message).join('; ')}`,
        unknown.map((problem) => ({ path: ['definition', ...problem.path], message: problem.message, code: problem.code })),
      );
    }
    return assets;
  }

  /**
   * The published flow as viewers get it: each library reference resolved in the flow's own workspace, now (so
   * edited captions or a new poster show without publishing again), in one read. A step whose asset is gone or not
   * ready plays without media and the server says so: publishing refuses both and deleting a used asset is refused,
   * so this is a race or a hand-edited database, worth a look.
   */
  async forViewers(published: PublishedFlow, workspaceId: string | null): Promise<PublishedFlow> {
    if (!published.definition.steps.some((step) => step.prompt.media)) return published;
    const assets = await this.assetsOf({ workspaceId }, [published.definition]);
    const { definition, problems } = resolvePromptMedia(published.definition, (id) => assets.get(id));
    for (const problem of problems) {
      this.warn(`flow "${published.flowId}" version ${published.version}: ${problem.message}; the step plays without it`);
    }
    return { ...published, definition };
  }
}
