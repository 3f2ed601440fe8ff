import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FlowDefinition, FlowSummary } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { changedBy, draftConflictOf, etagOf, loadFlow, saveDraft } from './studio-api.js';

export type SaveState = 'saved' | 'pending' | 'saving' | 'held' | 'error' | 'conflict';

/** Someone else saved the draft since we loaded it (412): theirs, to reload, or to overwrite. */
export interface SaveConflict {
  by: string | null;
  at: string;
  /** Their draft, for Reload, with its own tag. */
  flow: FlowSummary;
  flowEtag: string | null;
  /** What Overwrite sends as `If-Match`: the revision the 412 said is stored. */
  etag: string | null;
}

export interface SaveOptions {
  api: () => ApiClient | undefined;
  flowId: () => string;
  /** The draft to save now. */
  current: () => FlowDefinition;
  /** Whether the server would take it: a draft may have graph problems, not invalid fields (it answers 400). */
  saveable: () => boolean;
  /** After each successful save, with the server's view of the flow. */
  saved?: (flow: FlowSummary) => void;
  delayMs?: number;
}

/**
 * Saves the draft as it is edited: `schedule()` after every change, one `PUT` once the edits pause for `delayMs`,
 * one request at a time (edits made meanwhile go in the next). Sends `If-Match` with the last `ETag`; a 412 becomes a
 * `conflict` the page offers to reload or overwrite. A draft with invalid fields is held back until they are fixed.
 */
export class SaveController implements ReactiveController {
  state: SaveState = 'saved';
  etag: string | null = null;
  error = '';
  conflict: SaveConflict | null = null;
  delayMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SaveOptions,
  ) {
    this.delayMs = options.delayMs ?? 800;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    // Leaving the page within the app: what was typed last still goes to the server.
    if (this.timer) void this.flush();
  }

  /** Closing or reloading the tab with edits the server does not have yet: the browser asks first. */
  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this.unsaved) event.preventDefault();
  };

  /** Whether the server lacks edits (typed, being sent, held back, refused or in conflict). */
  get unsaved(): boolean {
    return this.dirty || this.running !== null;
  }

  /** A fresh draft from the server: nothing to save. */
  loaded(etag: string | null): void {
    this.clearTimer();
    this.etag = etag;
    this.dirty = false;
    this.conflict = null;
    this.error = '';
    this.set('saved');
  }

  /** The draft changed: save it once the edits pause. */
  schedule(): void {
    this.dirty = true;
    if (this.state === 'conflict') return;
    this.clearTimer();
    this.set(this.running ? 'saving' : 'pending');
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Saves now (publish does this first); resolves when the server has the current draft, or it could not. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.running) await this.running;
    if (!this.dirty || this.state === 'conflict') return;
    if (!this.options.saveable()) {
      this.set('held');
      return;
    }
    this.running = this.put().finally(() => (this.running = null));
    await this.running;
    if (this.dirty && this.state === 'saved') await this.flush();
  }

  /** Keeps ours: saves over the other draft (its tag as `If-Match`). */
  async overwrite(): Promise<void> {
    if (!this.conflict) return;
    this.etag = this.conflict.etag;
    this.conflict = null;
    this.dirty = true;
    this.set('pending');
    await this.flush();
  }

  get busy(): boolean {
    return this.timer !== null || this.running !== null;
  }

  private async put(): Promise<void> {
    const api = this.options.api();
    if (!api) return;
    const flowId = this.options.flowId();
    const definition = this.options.current();
    this.dirty = false;
    this.set('saving');
    try {
      const { flow, etag } = await saveDraft(api, flowId, definition, this.etag);
      this.etag = etag;
      this.error = '';
      this.options.saved?.(flow);
      this.set(this.dirty ? 'pending' : 'saved');
    } catch (error) {
      this.dirty = true;
      if (error instanceof ApiProblem && error.status === 412) {
        await this.conflicted(api, flowId, error);
        return;
      }
      this.error = error instanceof Error ? error.message : String(error);
      this.set('error');
    }
  }

  /**
   * Someone saved since our tag: the 412's `DraftConflict` says who, when and the revision now stored (its tag is
   * what an overwrite sends); their draft is read too, for Reload (and for who/when if the body did not say).
   */
  private async conflicted(api: ApiClient, flowId: string, problem: ApiProblem): Promise<void> {
    const told = draftConflictOf(problem);
    try {
      const theirs = await loadFlow(api, flowId);
      this.conflict = {
        by: told ? (told.changedBy?.label ?? null) : changedBy(theirs.flow),
        at: told?.changedAt ?? theirs.flow.updatedAt,
        flow: theirs.flow,
        flowEtag: theirs.etag,
        etag: told ? etagOf(told.revision) : theirs.etag,
      };
      this.set('conflict');
    } catch (error) {
      this.error = `Someone else changed this draft, and it could not be read: ${(error as Error).message}`;
      this.set('error');
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(state: SaveState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
