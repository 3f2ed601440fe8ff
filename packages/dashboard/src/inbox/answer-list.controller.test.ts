import { http, HttpResponse } from 'msw';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerItem } from '@reelback/shared';
import { ApiClient } from '../api/api-client.js';
import { startWorker, worker } from '../test-support/fake-api.js';
import { inboxItem } from '../test-support/fake-inbox.js';
import { AnswerListController } from './answer-list.controller.js';
import { type InboxFilters, NO_FILTERS } from './inbox-query.js';

/** `/api/v1/answers` answers each request only when the test releases it, in the order the test chooses. */
function gatedAnswers() {
  const waiting: { release: (answers: AnswerItem[], nextCursor?: string | null) => void }[] = [];
  worker.use(
    http.get('/api/v1/answers', () => new Promise<Response>((resolve) => {
      waiting.push({ release: (answers, nextCursor = null) => resolve(HttpResponse.json({ answers, nextCursor })) });
    })),
  );
  return {
    waiting,
    /** Resolves once `n` requests are waiting. */
    requests: (n: number) => expect.poll(() => waiting.length).toBe(n),
  };
}

function makeList(filters: InboxFilters = NO_FILTERS) {
  const said: string[] = [];
  const problems: string[] = [];
  let updates = 0;
  const list = new AnswerListController(
    { requestUpdate: () => void (updates += 1) },
    { api: () => new ApiClient(), filters: () => filters, say: (t) => said.push(t), problem: (t) => problems.push(t), loaded: () => undefined },
  );
  return { list, said, problems, updates: () => updates };
}

const older = inboxItem({ id: 'ans_old', submittedAt: '2025-05-01T10:00:00.000Z' });
const newer = inboxItem({ id: 'ans_new', submittedAt: '2025-05-02T10:00:00.000Z' });
const newest = inboxItem({ id: 'ans_newest', submittedAt: '2025-05-03T10:00:00.000Z' });

beforeAll(() => startWorker());
afterEach(() => worker.resetHandlers());

describe('AnswerListController', () => {
  it('merges answers that arrive live while the first page loads, once, and keeps the current row when one arrives after', async () => {
    const server = gatedAnswers();
    const { list, said } = makeList();
    const loading = list.load(true);
    await server.requests(1);
    list.addLive(newest);
    list.addLive(newer); // also on the page: listed once
    server.waiting[0]!.release([newer, older]);
    await loading;
    expect(list.items.map((a) => a.id)).toEqual(['ans_newest', 'ans_new', 'ans_old']);
    expect(list.status).toBe('ready');
    expect(said.at(-1)).toBe('3 answers shown.');

    expect(list.setActive(1)).toBe(true);
    const live = inboxItem({ id: 'ans_live', submittedAt: '2025-05-04T10:00:00.000Z' });
    list.addLive(live);
    expect(list.items[0]!.id).toBe('ans_live');
    expect(list.items[list.active]!.id).toBe('ans_new');
    expect(said.at(-1)).toBe('1 new answer.');
  });

  it('drops a first page that answers after a newer load, and shows the newer one', async () => {
    const server = gatedAnswers();
    const { list } = makeList();
    const first = list.load(true);
    await server.requests(1);
    const second = list.load(true);
    await server.requests(2);
    server.waiting[1]!.release([newest]);
    await second;
    server.waiting[0]!.release([older]);
    await first;
    expect(list.items.map((a) => a.id)).toEqual(['ans_newest']);
  });

  it('offers a reload instead of merging while searching, and leaves out live answers the filters exclude', async () => {
    const server = gatedAnswers();
    const searching = makeList({ ...NO_FILTERS, q: 'pricing' });
    const loading = searching.list.load(true);
    await server.requests(1);
    server.waiting[0]!.release([older]);
    await loading;
    searching.list.addLive(newest);
    expect(searching.list.items.map((a) => a.id)).toEqual(['ans_old']);
    expect(searching.list.pendingNew).toBe(1);

    const filtered = makeList({ ...NO_FILTERS, kind: 'text' });
    const loadingFiltered = filtered.list.load(true);
    await server.requests(2);
    server.waiting[1]!.release([]);
    await loadingFiltered;
    filtered.list.addLive(inboxItem({ id: 'ans_video_live', kind: 'video' }));
    expect(filtered.list.items).toEqual([]);
  });

  it('says why when a page cannot be loaded, and appends older pages without repeating rows', async () => {
    worker.use(http.get('/api/v1/answers', () => HttpResponse.json({ error: { code: 'boom', message: 'database away' } }, { status: 503 })));
    const failing = makeList();
    await failing.list.load(true);
    expect(failing.list.status).toBe('error');
    expect(failing.problems.at(-1)).toMatch(/^The answers could not be loaded: .*database away/);

    worker.resetHandlers();
    const server = gatedAnswers();
    const { list } = makeList();
    const first = list.load(true);
    await server.requests(1);
    server.waiting[0]!.release([newest, newer], 'cursor-1');
    await first;
    const more = list.load(false);
    await server.requests(2);
    server.waiting[1]!.release([newer, older]);
    await more;
    expect(list.items.map((a) => a.id)).toEqual(['ans_newest', 'ans_new', 'ans_old']);
    expect(list.nextCursor).toBeNull();
  });
});
