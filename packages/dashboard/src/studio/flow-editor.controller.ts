import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkFlow, type FlowDefinition, type FlowProblem } from '@reelback/shared';

/** Typing into one field within this long is one step of undo, not one per key. */
const COALESCE_MS = 1000;

interface Entry {
  flow: FlowDefinition;
  /** What the edit changed (a field's path), so the next keystroke in the same field joins it. */
  key: string | null;
  at: number;
}

/**
 * The flow being edited, its undo/redo history and its problems (`checkFlow` from @reelback/shared, the same rules
 * the server publishes by), as a reactive controller: every change re-renders the host and calls `onChange`.
 */
export class FlowEditorController implements ReactiveController {
  private history: Entry[] = [];
  private index = -1;
  private checked: { flow: FlowDefinition; problems: FlowProblem[] } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called after every edit, undo and redo (not after `reset`): the draft changed. */
    private readonly onChange: (flow: FlowDefinition) => void = () => undefined,
    private readonly now: () => number = () => Date.now(),
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get loaded(): boolean {
    return this.index >= 0;
  }

  get flow(): FlowDefinition {
    const entry = this.history[this.index];
    if (!entry) throw new Error('no flow loaded');
    return entry.flow;
  }

  /** Every problem of the current flow, each with its path (memoised per state). */
  get problems(): FlowProblem[] {
    const flow = this.flow;
    if (this.checked?.flow !== flow) this.checked = { flow, problems: checkFlow(flow).problems };
    return this.checked.problems;
  }

  get canUndo(): boolean {
    return this.index > 0;
  }

  get canRedo(): boolean {
    return this.index < this.history.length - 1;
  }

  /** A fresh start (a loaded or reloaded draft): no history. */
  reset(flow: FlowDefinition): void {
    this.history = [{ flow, key: null, at: 0 }];
    this.index = 0;
    this.host.requestUpdate();
  }

  /**
   * Makes `flow` the current state. With a `key`, an edit of the same field right after the last one replaces it in
   * the history (one undo step per burst of typing).
   */
  apply(flow: FlowDefinition, key: string | null = null): void {
    if (!this.loaded || flow === this.flow) return;
    const at = this.now();
    const last = this.history[this.index]!;
    this.history.length = this.index + 1;
    if (key !== null && last.key === key && at - last.at < COALESCE_MS && this.index > 0) {
      this.history[this.index] = { flow, key, at };
    } else {
      this.history.push({ flow, key, at });
      this.index++;
    }
    this.changed();
  }

  undo(): void {
    if (!this.canUndo) return;
    this.index--;
    this.moved();
  }

  redo(): void {
    if (!this.canRedo) return;
    this.index++;
    this.moved();
  }

  private moved(): void {
    // The next edit after an undo or redo starts its own step, whatever its field.
    this.history[this.index] = { ...this.history[this.index]!, key: null };
    this.changed();
  }

  private changed(): void {
    this.host.requestUpdate();
    this.onChange(this.flow);
  }
}
