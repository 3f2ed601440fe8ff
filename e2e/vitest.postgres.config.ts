import { defineProject, mergeConfig } from 'vitest/config';
import e2e from './vitest.config.js';

// The same end-to-end tests with every server on PostgreSQL (a database of its own each: support/e2e-database.ts).
// Run after every other project (groupOrder), so the two e2e runs never share the machine with each other.
export default mergeConfig(
  e2e,
  defineProject({
    test: {
      name: 'e2e-postgres',
      env: { REELBACK_E2E_DATABASE: 'postgres' },
      sequence: { groupOrder: 1 },
    },
  }),
);
