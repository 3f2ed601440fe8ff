import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.test.ts'],
    environment: 'node',
    // A real server and a real browser per file: give them room on a shared 2-core machine.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The server runs from its build, as `npm start` runs it (support/reelback-server.ts).
    globalSetup: ['./support/build-server.ts'],
    // Every file: a failing test prints its servers' logs and its upload requests (support/failure-report.ts).
    setupFiles: ['./support/failure-hooks.ts'],
  },
});
