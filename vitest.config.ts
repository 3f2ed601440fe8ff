import { defineConfig } from 'vitest/config';

// One root config; each package owns its project's settings beside its code.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'e2e/vitest.config.ts',
      // Runs after every other project, alone: on PostgreSQL its clip jobs have stalled (a pg-boss claim aborted as a
      // deadlock, then the job never ran) whenever another PostgreSQL-heavy test file ran beside it — a job queue bug
      // seen since before #6 and not yet understood (see the session note of 2026-11-29). Alone it passes.
      {
        root: './packages/server',
        test: {
          name: 'server-alone',
          include: ['src/transcription/transcription.flow.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
