import { http, HttpResponse } from 'msw';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.js';
import { startWorker, worker } from '../test-support/fake-api.js';
import { parseTag, TagEditorController } from './tag-editor.controller.js';

beforeAll(() => startWorker());
afterEach(() => worker.resetHandlers());

describe('parseTag', () => {
  it('trims and lower-cases, refuses long tags, knows tags already there, and ignores empty entries', () => {
    expect(parseTag('  Pricing ', [])).toEqual({ tag: 'pricing' });
    expect(parseTag('x'.repeat(41), [])).toEqual({ problem: 'A tag is at most 40 characters.' });
    expect(parseTag('x'.repeat(40), [])).toEqual({ tag: 'x'.repeat(40) });
    expect(parseTag('BUG', ['bug'])).toEqual({ already: 'bug' });
    expect(parseTag('   ', [])).toBeNull();
  });
});

describe('TagEditorController', () => {
  it('keeps the suggestions of the latest prefix when an older request answers last', async () => {
    const waiting = new Map<string, (tags: string[]) => void>();
    worker.use(
      http.get('/api/v1/answer-tags', ({ request }) => {
        const prefix = new URL(request.url).searchParams.get('prefix') ?? '';
        return new Promise<Response>((resolve) => waiting.set(prefix, (tags) => resolve(HttpResponse.json({ tags }))));
      }),
    );
    let updates = 0;
    const tags = new TagEditorController({ requestUpdate: () => void (updates += 1) }, () => new ApiClient());
    const first = tags.suggest('');
    const typed = tags.suggest('Pr');
    await expect.poll(() => [...waiting.keys()].sort()).toEqual(['', 'pr']);
    waiting.get('pr')!(['praise', 'pricing']);
    await typed;
    waiting.get('')!(['bug', 'praise', 'pricing']);
    await first;
    expect(tags.options).toEqual(['praise', 'pricing']);
    expect(updates).toBe(1);
    tags.open('ans_1');
    expect(tags.editing).toBe('ans_1');
    tags.close();
    expect(tags.editing).toBeNull();
  });
});
