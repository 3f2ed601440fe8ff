import { describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../ports/answer-store.js';
import { toItem } from './answers.service.js';

const record = (transcriptText: string | null): AnswerRecord => ({
  id: 'ans_1',
  sessionId: '0190a000-0000-7000-8000-000000000001',
  flowId: 'demo',
  flowVersion: 1,
  stepId: 'ask',
  kind: 'video',
  value: { kind: 'video', clipId: 'clp_1' },
  text: null,
  clip: { id: 'clp_1', status: 'ready', durationSeconds: 3, hasPoster: false },
  transcriptText,
  status: 'new',
  starred: false,
  tags: [],
  note: null,
  submittedAt: '2026-01-01T00:00:00.000Z',
  backlogItem: null,
});

describe('toItem: transcript snippet', () => {
  it("is null while there is no ready transcript, and '' (no speech recognised) for a ready one with no words", () => {
    expect(toItem(record(null), undefined).transcriptSnippet).toBeNull();
    expect(toItem(record(''), undefined).transcriptSnippet).toBe('');
    expect(toItem(record('  \n '), undefined).transcriptSnippet).toBe('');
    expect(toItem(record(' hello there '), undefined).transcriptSnippet).toBe('hello there');
  });
});
