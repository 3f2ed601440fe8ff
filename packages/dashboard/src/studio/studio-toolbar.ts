// The studio's toolbar: Add step, Undo, Redo, Publish (held while there are problems or media being checked), and
// where the draft's saving stands.
import { html, nothing } from 'lit';
import type { SaveController, SaveState } from './save.controller.js';

export const SAVE_TEXT: Record<SaveState, string> = {
  saved: 'All changes saved',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  held: 'Not saved: fix the invalid fields first',
  error: 'Not saved',
  conflict: 'Not saved: someone else changed this draft',
};

export interface StudioToolbarState {
  save: SaveController;
  canUndo: boolean;
  canRedo: boolean;
  problemCount: number;
  /** Library media of the draft not read yet: publishing waits. */
  checkingMedia: boolean;
  publishing: boolean;
  latest: number | null;
  addStep: () => void;
  undo: () => void;
  redo: () => void;
  publish: () => void;
}

function publishWhy({ problemCount, checkingMedia, latest }: StudioToolbarState): string {
  if (problemCount > 0) return `Fix ${problemCount === 1 ? 'the problem' : `the ${problemCount} problems`} to publish.`;
  if (checkingMedia) return 'Checking the media…';
  return `Publishing makes version ${(latest ?? 0) + 1}.`;
}

export function studioToolbar(state: StudioToolbarState) {
  const { save } = state;
  const blocked = state.problemCount > 0 || state.checkingMedia || save.state === 'conflict';
  return html`<div class="toolbar" role="toolbar" aria-label="Studio">
    <button class="button" type="button" @click=${state.addStep}>Add step</button>
    <button class="button quiet" type="button" ?disabled=${!state.canUndo} aria-keyshortcuts="Control+Z Meta+Z" @click=${state.undo}>Undo</button>
    <button class="button quiet" type="button" ?disabled=${!state.canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z" @click=${state.redo}>Redo</button>
    <button class="button publish" type="button" ?disabled=${blocked || state.publishing} aria-describedby="publish-why" @click=${state.publish}>
      ${state.publishing ? 'Publishing…' : 'Publish'}
    </button>
    <span id="publish-why" class="muted">${publishWhy(state)}</span>
    <span class="save" role="status" data-state=${save.state}>${SAVE_TEXT[save.state]}${save.state === 'error' ? `: ${save.error}` : ''}</span>
    ${save.state === 'error' ? html`<button class="button quiet" type="button" @click=${() => save.flush()}>Try again</button>` : nothing}
  </div>`;
}
