/** `navigator.connection` where the browser has it (Chromium-based browsers; Firefox and Safari do not). */
interface NetworkInformationLike {
  saveData?: boolean;
  effectiveType?: string;
}

/** Screens this narrow get the 640 rendition: the player is at most this wide there, so the 1280 one is mostly wasted bytes. */
export const SMALL_SCREEN_QUERY = '(max-width: 640px)';

/** The viewer asked to save data, or the network is measured slow (2G, 3G). Unknown: not constrained. */
export function constrainedNetwork(): boolean {
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection;
  return !!connection && (connection.saveData === true || /^(slow-2g|2g|3g)$/.test(connection.effectiveType ?? ''));
}

/**
 * Whether a prompt should play its small (640) rendition: on a small screen or a constrained network. Read when a
 * player first shows a step and kept for that step, so a video never switches files mid-play.
 */
export function prefersSmallRendition(): boolean {
  return (globalThis.matchMedia?.(SMALL_SCREEN_QUERY).matches ?? false) || constrainedNetwork();
}
