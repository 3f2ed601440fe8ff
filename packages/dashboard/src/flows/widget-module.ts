/**
 * The real widget, served by the server from packages/widget/dist. Loaded at run time by the pages that preview a
 * flow (never bundled into the dashboard): a variable, so neither esbuild nor Vite tries to resolve it.
 */
export const WIDGET_MODULE = '/widget/reelback-flow.js';
