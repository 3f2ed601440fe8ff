import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { AnswerItem } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { answerTags } from './answers-api.js';

/** What typing `raw` as a new tag of an answer tagged `existing` comes to. */
export type TagEntry = { tag: string } | { problem: string } | { already: string } | null;

/** Tags are trimmed and lower-cased, at most 40 characters; an empty entry is nothing. */
export function parseTag(raw: string, existing: readonly string[]): TagEntry {
  const tag = raw.trim().toLowerCase();
  if (!tag) return null;
  if (tag.length > 40) return { problem: 'A tag is at most 40 characters.' };
  if (existing.includes(tag)) return { already: tag };
  return { tag };
}

/**
 * Which answer's tag editor is open, and the workspace's tags offered as suggestions (shared with the tag filter's
 * list). A suggestion request that answers after a newer one is dropped.
 */
export class TagEditorController {
  /** The answer whose editor is open. */
  editing: string | null = null;
  options: string[] = [];
  private token = 0;

  constructor(
    /** Re-renders the host when the state changes (no lifecycle of its own to hook into). */
    private readonly host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    private readonly api: () => ApiClient | undefined,
  ) {}

  async suggest(prefix: string): Promise<void> {
    const api = this.api();
    if (!api) return;
    const token = ++this.token;
    try {
      const tags = await answerTags(api, prefix);
      if (token !== this.token) return;
      this.options = tags;
      this.host.requestUpdate();
    } catch {
      // No suggestions is fine: tags can still be typed.
    }
  }

  open(answerId: string): void {
    this.editing = answerId;
    this.host.requestUpdate();
    void this.suggest('');
  }

  close(): void {
    this.editing = null;
    this.host.requestUpdate();
  }
}

/** The editor under an answer's row: Enter adds what is typed, Escape or Done closes. */
export function renderTagEditor(item: AnswerItem, tags: TagEditorController, on: { add(item: AnswerItem, raw: string): void; close(): void }) {
  if (tags.editing !== item.id) return nothing;
  const onKeyDown = (event: KeyboardEvent) => {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter') {
      event.preventDefault();
      on.add(item, input.value);
      input.value = '';
    } else if (event.key === 'Escape') {
      event.preventDefault();
      on.close();
    }
  };
  return html`<div class="tag-editor">
    <label for="tag-new">Add a tag</label>
    <input
      id="tag-new"
      type="text"
      list="tag-options"
      autocomplete="off"
      maxlength="40"
      @input=${(e: Event) => void tags.suggest((e.target as HTMLInputElement).value)}
      @keydown=${onKeyDown}
    />
    <button class="button quiet" type="button" @click=${() => on.close()}>Done</button>
  </div>`;
}
