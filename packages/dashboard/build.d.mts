// Types for build.mjs (vitest.config.ts uses buildFfmpegAssets to serve the reel's video tools in tests).
export function buildDashboard(): Promise<{ metafile: import('esbuild').Metafile; outdir: string }>;
export function buildFfmpegAssets(dir: string): Promise<void>;
