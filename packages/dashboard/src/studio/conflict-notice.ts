import { html, nothing } from 'lit';
import { formatTime } from '../util/format.js';
import type { SaveConflict } from './save.controller.js';

/** Someone else saved the draft: who and when (local time), and the two ways on — theirs, or ours over it. */
export function conflictNotice(conflict: SaveConflict | null, reload: (conflict: SaveConflict) => void, overwrite: () => void) {
  if (!conflict) return nothing;
  return html`<div class="conflict" role="alert">
    <p>
      This draft was changed by <strong>${conflict.by ?? 'someone else'}</strong> at
      <time datetime=${conflict.at}>${formatTime(conflict.at)}</time> — reload theirs or overwrite it with yours.
    </p>
    <button class="button" type="button" @click=${() => reload(conflict)}>Reload</button>
    <button class="button quiet" type="button" @click=${overwrite}>Overwrite</button>
  </div>`;
}
