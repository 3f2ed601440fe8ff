// A setup file of the e2e project (vitest.config.ts): every e2e file gets these hooks. A failing test prints its
// servers' logs and its browsers' upload requests (support/failure-report.ts) beside the assertion that failed.
import { beforeEach } from 'vitest';
import { failureReport, markTestStart } from './failure-report.js';

beforeEach(({ onTestFailed, task }) => {
  markTestStart();
  onTestFailed(() => {
    const report = failureReport();
    if (report) console.error(`\n══ what the servers and browsers did during "${task.name}" ══\n${report}\n`);
  });
});
