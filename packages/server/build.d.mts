// Types for build.mjs (the analytics benchmark and the e2e tests build the server before they run it).
export function externalPackages(): Promise<string[]>;
export function buildServer(): Promise<{ changed: string[]; metafile: import('esbuild').Metafile; outdir: string }>;
