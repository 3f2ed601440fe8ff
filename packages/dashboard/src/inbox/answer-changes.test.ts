import { describe, expect, it } from 'vitest';
import type { AnswerItem, AnswerPatch } from '@reelback/shared';
import { inboxItem } from '../test-support/fake-inbox.js';
import { AnswerChanges } from './answer-changes.js';

/** A server whose replies the test sends, in the order it chooses. */
function setup(start: AnswerItem) {
  let shown = start;
  const replies: { patch: AnswerPatch; resolve: (item: AnswerItem) => void; reject: (error: Error) => void }[] = [];
  const changes = new AnswerChanges({
    send: (_id, patch) => new Promise((resolve, reject) => replies.push({ patch, resolve, reject })),
    current: () => shown,
    show: (item) => void (shown = item),
  });
  return { changes, replies, shown: () => shown };
}

describe('AnswerChanges', () => {
  it('shows a change at once, then what the server stored', async () => {
    const { changes, replies, shown } = setup(inboxItem({ id: 'a', starred: false, note: null }));
    const done = changes.apply(shown(), { starred: true });
    expect(shown().starred).toBe(true);
    replies[0]!.resolve({ ...shown(), starred: true, note: 'stored by the server' });
    await done;
    expect(shown().note).toBe('stored by the server');
  });

  it('rolls back only the refused fields, keeping a change made meanwhile', async () => {
    const { changes, replies, shown } = setup(inboxItem({ id: 'a', starred: false, status: 'new' }));
    const star = changes.apply(shown(), { starred: true });
    const review = changes.apply(shown(), { status: 'reviewed' });
    replies[0]!.reject(new Error('refused'));
    await expect(star).rejects.toThrow('refused');
    expect(shown()).toMatchObject({ starred: false, status: 'reviewed' });
    replies[1]!.resolve({ ...shown() });
    await review;
    expect(shown()).toMatchObject({ starred: false, status: 'reviewed' });
  });

  it('shows the server\'s reply only when the last change to the answer is back, so an older reply never undoes a newer click', async () => {
    const { changes, replies, shown } = setup(inboxItem({ id: 'a', starred: false }));
    const first = changes.apply(shown(), { starred: true });
    const second = changes.apply(shown(), { starred: false });
    replies[0]!.resolve({ ...shown(), starred: true });
    await first;
    expect(shown().starred, 'the first reply came back while the second click was on its way').toBe(false);
    replies[1]!.resolve({ ...shown(), starred: false });
    await second;
    expect(shown().starred).toBe(false);
  });
});
