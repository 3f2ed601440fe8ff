import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Each test file opens its own SQLite folder and PostgreSQL schema, so files can run in parallel.
    fileParallelism: true,
    // Limits that catch a hang, not a slow machine: on two cores shared with other suites (or `stress-ng --cpu 2`)
    // a test that takes 3 s when quiet was seen to take over 20 s (scrypt hashes per login, ffmpeg, migrations per
    // file). Tests wait for conditions, never for time, so a generous limit costs nothing when all is well.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
