/**
 * The real widget, served by the server from packages/widget/dist. Loaded at run time by the pages that preview a
 * flow (never bundled into the dashboard): a variable, so neither esbuild nor Vite tries to resolve it.
 */
export const WIDGET_MODULE = '/widget/reelback-flow.js';

/**
 * Loads the widget's entry module and, through it, the player now. The entry alone waits until a `<reelback-flow>` of
 * the document nears the viewport (issue #16): a preview's player is made here, in a shadow root it cannot see.
 */
export async function loadWidgetPlayer(url: string = WIDGET_MODULE): Promise<void> {
  const entry = (await import(/* @vite-ignore */ url)) as { loadReelbackFlow?: () => Promise<unknown> };
  await entry.loadReelbackFlow?.();
  await customElements.whenDefined('reelback-flow');
}
