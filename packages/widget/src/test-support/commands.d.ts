// The custom commands vitest.config.ts gives the browser tests.
import 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulateReducedMotion: (reduce: boolean) => Promise<void>;
    /** Whether `pnpm --filter @reelback/widget build` has made dist/. */
    distBuilt: () => Promise<boolean>;
  }
}
