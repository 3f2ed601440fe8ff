// How one answer reads in the inbox: its kind, what the viewer said in a line, where it stands.
// Everything here is plain text for Lit text bindings: viewer text never becomes markup or a link.
import type { AnswerItem, AnswerKind } from '@reelback/shared';

export const KIND_LABELS: Record<AnswerKind, string> = {
  video: 'Video',
  audio: 'Audio',
  text: 'Text',
  rating: 'Rating',
  nps: 'NPS',
  contact: 'Contact',
};

/** The line the row shows: the transcript's start, the typed text, the score, or what a contact gave. */
export function snippetOf(item: AnswerItem): string {
  const value = item.value;
  switch (value.kind) {
    case 'text':
      return item.text ?? value.text;
    case 'rating':
      return `Rated ${value.value}`;
    case 'nps':
      return `Scored ${value.value} of 10`;
    case 'contact':
      if (!value.consent) return 'Contact details (no consent: withheld)';
      return `Contact details: ${Object.keys(value.fields).join(', ') || 'none'}`;
    case 'video':
    case 'audio': {
      if (item.transcriptSnippet) return item.transcriptSnippet;
      const what = value.kind === 'video' ? 'Video answer' : 'Audio answer';
      // '' is a ready transcript with nothing in it (silence, or nothing the engine could make out): it will not change.
      if (item.transcriptSnippet === '') return `${what} (no speech recognised)`;
      const status = item.clip?.status;
      if (status === 'rejected' || status === 'failed') return `${what} (the clip ${status === 'failed' ? 'failed to process' : 'was rejected'})`;
      if (status && status !== 'ready') return `${what} (processing)`;
      return `${what} (no transcript yet)`;
    }
  }
}

/** The clip's state when it is worth a badge (anything but ready). */
export function clipProblem(item: AnswerItem): string | null {
  const status = item.clip?.status;
  return status && status !== 'ready' ? status : null;
}

/** Only recorded answers go into a highlight reel. */
export function canReel(item: AnswerItem): boolean {
  return item.clip !== null && (item.kind === 'video' || item.kind === 'audio');
}
