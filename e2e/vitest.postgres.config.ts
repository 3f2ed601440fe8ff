import { defineProject, mergeConfig } from 'vitest/config';
import e2e from './vitest.config.js';

// The same end-to-end tests with every server on PostgreSQL (a database of its own each: support/e2e-database.ts).
// Run after every other project (groupOrder), so the two e2e runs never share the machine with each other.
// Not the browser-engine files (viewer-chromium/-firefox/-webkit: what they test is the browsers, ≈ 7 min) nor the
// host page's layout and byte counts: the database changes nothing there, and CI must stay under 30 minutes.
export default mergeConfig(
  e2e,
  defineProject({
    test: {
      name: 'e2e-postgres',
      exclude: ['**/node_modules/**', 'viewer-*.e2e.test.ts', 'host-page.e2e.test.ts'],
      env: { REELBACK_E2E_DATABASE: 'postgres' },
      sequence: { groupOrder: 1 },
    },
  }),
);
