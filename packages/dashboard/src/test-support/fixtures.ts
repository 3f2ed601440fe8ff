// Sessions, clips and transcripts as the owner API gives them.
import type { AnswerValue, ClipInfo, SessionRecord, StoredEvent, TranscriptInfo } from '@reelback/shared';

let counter = 0;
/** A UUIDv7-shaped id whose order follows creation. */
function id(): string {
  counter++;
  return `0190f5e0-0000-7000-8000-${counter.toString(16).padStart(12, '0')}`;
}

const ctx = { embedMode: 'inline' as const, pageUrl: 'https://acme.example/pricing' };

function stored(event: Record<string, unknown>): StoredEvent {
  return { event: event as StoredEvent['event'], receivedAt: event.time as string };
}

/** A session of flow `demo` with one answer per entry, at the given times. */
export function session(answers: { stepId: string; time: string; answer?: AnswerValue; choice?: string }[], pageUrl = ctx.pageUrl): SessionRecord {
  const sessionId = id();
  const ref = { sessionId, flowId: 'demo', flowVersion: 1 };
  const envelope = (time: string) => ({ specversion: '1.0', id: id(), source: '/widget', time });
  const events: StoredEvent[] = [stored({ ...envelope(answers[0]!.time), type: 'reelback.session.started', data: { ...ref, context: { ...ctx, pageUrl } } })];
  for (const a of answers) {
    events.push(
      a.choice
        ? stored({ ...envelope(a.time), type: 'reelback.choice.selected', data: { ...ref, stepId: a.stepId, optionId: a.choice, nextStepId: null } })
        : stored({ ...envelope(a.time), type: 'reelback.answer.submitted', data: { ...ref, stepId: a.stepId, answer: a.answer, nextStepId: null } }),
    );
  }
  return { id: sessionId, flowId: 'demo', flowVersion: 1, startedAt: answers[0]!.time, completedAt: null, context: { ...ctx, pageUrl }, vars: {}, events };
}

export function clip(clipId: string, sessionId: string, stepId: string, status: ClipInfo['status'] = 'ready', reason: string | null = null): ClipInfo {
  return {
    id: clipId,
    sessionId,
    stepId,
    kind: 'video',
    status,
    reason,
    sizeBytes: 59091,
    durationSeconds: 5.32,
    width: 640,
    height: 360,
    media: [],
    createdAt: '2025-05-01T10:00:00.000Z',
    updatedAt: '2025-05-01T10:00:05.000Z',
  };
}

export function transcript(clipId: string, segments: { start: number; end: number; text: string }[]): TranscriptInfo {
  return {
    clipId,
    status: 'ready',
    engine: 'pocketsphinx',
    accuracyNote: null,
    model: 'en-us (pocketsphinx)',
    language: 'en',
    durationSeconds: 5.32,
    processingSeconds: 0.4,
    text: segments.map((s) => s.text).join(' '),
    segments,
    editedAt: null,
    original: null,
    error: null,
    job: null,
  };
}

export const XSS = '<img src=x onerror=alert(1)>';
export const CLIP_ID = 'clp_welcomeclip0000001';
export const FAILED_CLIP_ID = 'clp_failedclip00000001';

/** Three sessions: a text answer (the XSS string), a ready video with a choice before it, a failed video; newest last. */
export function inboxData() {
  const text = session([{ stepId: 'wish', time: '2025-05-01T09:00:00.000Z', answer: { kind: 'text', text: XSS } }], 'javascript:alert(1)');
  const video = session([
    { stepId: 'welcome', time: '2025-05-01T09:59:00.000Z', choice: 'pricing' },
    { stepId: 'wish', time: '2025-05-01T10:00:00.000Z', answer: { kind: 'video', clipId: CLIP_ID, durationSeconds: 5.3 } },
  ]);
  const failed = session([{ stepId: 'wish', time: '2025-05-01T11:00:00.000Z', answer: { kind: 'video', clipId: FAILED_CLIP_ID } }]);
  const clips = [clip(CLIP_ID, video.id, 'wish'), clip(FAILED_CLIP_ID, failed.id, 'wish', 'rejected', 'The recording has no picture or sound.')];
  const transcripts = [
    transcript(CLIP_ID, [
      { start: 0.2, end: 1.5, text: "Hi, I'm Maya" },
      { start: 1.5, end: 2.8, text: 'from Acme Boards.' },
      { start: 3.0, end: 5.0, text: 'What brings you here today?' },
    ]),
  ];
  // The API lists sessions newest first (by start).
  return { sessions: [failed, video, text], clips, transcripts };
}
