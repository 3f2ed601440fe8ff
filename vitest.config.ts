import { defineConfig } from 'vitest/config';

// One root config; each package owns its project's settings beside its code.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'e2e/vitest.config.ts', 'e2e/vitest.postgres.config.ts'],
  },
});
