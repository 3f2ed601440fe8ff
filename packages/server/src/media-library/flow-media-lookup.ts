import type { MediaAssetInfo } from '@reelback/shared';
import type { FlowMediaLookup } from '../flows/flow-media.js';
import type { Scope } from '../ports/store-types.js';
import { toAssetInfo } from './asset-info.js';
import type { MediaAssetStore } from '../ports/media-asset-store.js';

/** Flows read the library through its store: one query for all the assets a flow points at, in its workspace only. */
export function flowMediaLookup(assets: Pick<MediaAssetStore, 'getMany'>): FlowMediaLookup {
  return {
    async assets(scope: Scope, ids: readonly string[]): Promise<ReadonlyMap<string, MediaAssetInfo>> {
      const rows = await assets.getMany(scope, ids);
      return new Map(rows.map((row) => [row.id, toAssetInfo(row)]));
    },
  };
}
