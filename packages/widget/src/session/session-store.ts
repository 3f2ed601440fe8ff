import type { Answered } from '@reelback/shared/branching';
import { readJson, type KeyValueStore } from '../util/storage.js';

/** What a viewer's run through a flow has done so far, kept so a reload resumes it. */
export interface SessionState {
  sessionId: string;
  flowId: string;
  flowVersion: number;
  /** The step on screen. */
  stepId: string;
  /** Steps whose `reelback.step.viewed` was sent in this session, in order (a flow may loop). */
  viewed: string[];
  /** Video progress marks (25/50/75/100) already sent for the step on screen. */
  marks: number[];
  completed: boolean;
  /** The variables the session started with (fixed for its life, as the server keeps them). */
  vars?: Record<string, string>;
  /** Answers so far by step, for rules about earlier steps (kept only for flows with rules). */
  answers?: Record<string, Answered>;
  /**
   * The viewer left the page by a call to action in the same tab: the next page resumes this session even when it
   * completed (its end step was on screen for a moment only), once.
   */
  leftByLink?: boolean;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

/** An unfinished session idle for longer than this is not resumed: the viewer starts afresh. */
export const RESUME_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The storage key of a flow's session: per endpoint and flow id (the bubble keeps its own). */
export const sessionKey = (endpoint: string, flowId: string, embedMode?: string) =>
  `reelback:session:${endpoint}:${flowId}${embedMode === 'bubble' ? ':bubble' : ''}`;

const claimed = new Set<string>();

/**
 * Reserves a session key for one player on this page. A second player of the same flow (an inline
 * one and the bubble, say) must not share the first one's session: it gets `key:2`, and so on.
 * Returns the key and a function that gives it back.
 */
export function claimSessionKey(key: string): [string, () => void] {
  let claim = key;
  for (let n = 2; claimed.has(claim); n++) claim = `${key}:${n}`;
  claimed.add(claim);
  return [claim, () => claimed.delete(claim)];
}

/**
 * Keeps one session per flow id and endpoint in storage.
 * `resumable()` gives it back only when the page may continue it: not completed (a page loaded after
 * completion starts a new session) unless the viewer left by a call to action just then, the same published
 * version, and touched within RESUME_WINDOW_MS. The key does not depend on the page's URL: a reload with other
 * query parameters (UTM) resumes the same session.
 */
export class SessionStore {
  constructor(
    private readonly store: KeyValueStore,
    readonly key: string,
  ) {}

  load(): SessionState | null {
    const state = readJson<SessionState>(this.store, this.key);
    return state && typeof state.sessionId === 'string' && Array.isArray(state.viewed) ? state : null;
  }

  resumable(flowVersion: number, now = Date.now()): SessionState | null {
    const state = this.load();
    if (!state || (state.completed && !state.leftByLink) || state.flowVersion !== flowVersion) return null;
    if (now - state.updatedAt > RESUME_WINDOW_MS) return null;
    return state;
  }

  save(state: SessionState): void {
    this.store.set(this.key, JSON.stringify(state));
  }

  clear(): void {
    this.store.remove(this.key);
  }
}
