import { configDefaults, defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    // Run alone, after the rest (the root config's `server-alone` project says why).
    exclude: [...configDefaults.exclude, 'src/transcription/transcription.flow.test.ts'],
    environment: 'node',
    // Each test file opens its own SQLite folder and PostgreSQL schema, so files can run in parallel.
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
