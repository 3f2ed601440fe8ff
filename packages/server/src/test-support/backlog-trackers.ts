import { expect } from 'vitest';
import { BacklogError, type BacklogItem } from '../backlog/backlog-tracker.js';

/** An item as `buildBacklogItem` makes it. */
export const ITEM: BacklogItem = {
  title: 'The board view is too slow',
  body: [
    '> The board view is too slow\\. Please add a &lt;b&gt;dark mode&lt;/b&gt; \\[now\\]\\(javascript:alert\\(1\\)\\)',
    '',
    '- **Flow:** Onboarding',
    '- **Step:** What slowed you down?',
    '- **Tags:** performance, dark mode',
    '- **In Reelback:** [Open the answer](https://reelback.test/app/answers/ans_1?t=12)',
    '',
  ].join('\n'),
  link: 'https://reelback.test/app/answers/ans_1?t=12',
  tags: ['performance', 'dark mode'],
};

/** Awaits a rejection and checks it is a `BacklogError` of that kind. */
export async function expectBacklogError(
  promise: Promise<unknown>,
  expected: { retryable: boolean; message: RegExp; retryAfterMs?: number | null; status?: number | null; detail?: RegExp },
): Promise<BacklogError> {
  const error = await promise.then(
    () => expect.fail('expected a BacklogError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BacklogError);
  const backlogError = error as BacklogError;
  expect(backlogError.message).toMatch(expected.message);
  expect(backlogError.retryable).toBe(expected.retryable);
  if (expected.retryAfterMs !== undefined) expect(backlogError.retryAfterMs).toBe(expected.retryAfterMs);
  if (expected.status !== undefined) expect(backlogError.status).toBe(expected.status);
  // The tracker's own words are for the server log (`detail`), never in the message an API caller sees.
  if (expected.detail !== undefined) expect(backlogError.detail ?? '').toMatch(expected.detail);
  return backlogError;
}

/** Headers as a plain object, names in lower case. */
export function headersOf(request: Request): Record<string, string> {
  return Object.fromEntries([...request.headers.entries()]);
}
