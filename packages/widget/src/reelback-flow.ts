// The player bundle's entry: `<script type="module" async src="…/widget/reelback-flow.js">`. One small file without
// Lit (built on its own, build.mjs): it holds each published player's place at once and loads the player chunk
// (boot/defer-player.ts) only when a `<reelback-flow>` nears the viewport, so a page whose player is far down
// evaluates none of it at load.
import { deferPlayer, type PlayerModule } from './boot/defer-player.js';
import { importWithRetry } from './util/lazy-import.js';

/** The player chunk's path from this file (`./chunks/player-HASH.js`), written in by the build. */
declare const __PLAYER_CHUNK__: string;

/**
 * Loads the player now and defines `<reelback-flow>` (whatever the viewport): for pages that make their players
 * themselves, in a shadow root of their own for instance, where the entry cannot see them. Resolves with the module.
 */
export const loadReelbackFlow: () => Promise<PlayerModule> = deferPlayer(() =>
  importWithRetry(() => import(__PLAYER_CHUNK__) as Promise<PlayerModule>, import.meta.url),
);
