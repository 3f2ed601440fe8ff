// The custom commands vitest.config.ts gives the browser tests.
import 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulateReducedMotion: (reduce: boolean) => Promise<void>;
    /** A slow network (effectiveType "3g") and/or save-data, as Chromium reports them in `navigator.connection`; null lifts both. */
    emulateConstrainedNetwork: (network: { slow: boolean; saveData: boolean } | null) => Promise<void>;
    /** Whether `pnpm --filter @reelback/widget build` has made dist/. */
    distBuilt: () => Promise<boolean>;
  }
}
