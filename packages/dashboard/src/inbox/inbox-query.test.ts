import { describe, expect, it } from 'vitest';
import { inboxItem } from '../test-support/fake-inbox.js';
import { filtersFromSearch, filtersToParams, matchesFilters, NO_FILTERS } from './inbox-query.js';

describe('inbox query', () => {
  it('reads only values the API accepts from the address, and writes back only what is set', () => {
    const filters = filtersFromSearch('?flowId=demo&kind=choice&status=reviewed&tag=%20Bug%20&starred=yes&sentiment=angry&from=2025-5-1&to=2025-05-31&q=%20refund%20&x=1');
    expect(filters).toEqual({ ...NO_FILTERS, flowId: 'demo', status: 'reviewed', tag: 'bug', to: '2025-05-31', q: 'refund' });
    expect(filtersToParams(filters).toString()).toBe('flowId=demo&status=reviewed&tag=bug&to=2025-05-31&q=refund');
    expect(filtersToParams(filtersFromSearch('?sentiment=negative')).toString()).toBe('sentiment=negative');
    expect(filtersToParams(NO_FILTERS).toString()).toBe('');
  });

  it('matches a live answer as the server would list it (to includes its whole day, UTC)', () => {
    const item = inboxItem({ flowId: 'demo', stepId: 'wish', kind: 'video', status: 'new', tags: ['bug'], starred: true, submittedAt: '2025-05-31T23:59:59.000Z' });
    const is = (change: Partial<typeof NO_FILTERS>) => matchesFilters(item, { ...NO_FILTERS, ...change });
    expect(is({})).toBe(true);
    expect(is({ flowId: 'demo', stepId: 'wish', kind: 'video', status: 'new', tag: 'bug', starred: 'true', from: '2025-05-31', to: '2025-05-31' })).toBe(true);
    expect(is({ flowId: 'other' })).toBe(false);
    expect(is({ stepId: 'other' })).toBe(false);
    expect(is({ kind: 'text' })).toBe(false);
    expect(is({ status: 'reviewed' })).toBe(false);
    expect(is({ tag: 'praise' })).toBe(false);
    expect(is({ starred: 'false' })).toBe(false);
    expect(is({ from: '2025-06-01' })).toBe(false);
    expect(is({ to: '2025-05-30' })).toBe(false);
    // The search is the server's to judge: the page offers a reload instead.
    expect(is({ q: 'anything' })).toBe(true);
  });

  it('matches a sentiment filter only with an analysed answer of that sentiment (a new answer waits for its analysis)', () => {
    const analysis = (state: 'analyzed' | 'pending', sentiment: 'negative' | 'positive' | null) => ({
      state,
      source: 'text' as const,
      language: 'en',
      sentiment,
      sentimentScore: sentiment === 'negative' ? -0.5 : sentiment ? 0.5 : null,
      keyPhrases: [],
      engine: state === 'analyzed' ? { kind: 'local' as const, name: 'wink-nlp' } : null,
      summary: null,
      summaryEngine: null,
      reason: null,
      analyzedAt: state === 'analyzed' ? '2025-05-01T10:00:00.000Z' : null,
    });
    const negative = inboxItem({ analysis: analysis('analyzed', 'negative') });
    const pending = inboxItem({ analysis: analysis('pending', null) });
    const filters = { ...NO_FILTERS, sentiment: 'negative' as const };
    expect(matchesFilters(negative, filters)).toBe(true);
    expect(matchesFilters(negative, { ...filters, sentiment: 'positive' })).toBe(false);
    expect(matchesFilters(pending, filters)).toBe(false);
    expect(matchesFilters(inboxItem({}), filters)).toBe(false);
    expect(matchesFilters(pending, NO_FILTERS)).toBe(true);
  });
});
