import type { FlowDefinition } from '@reelback/shared';
import { MEDIA_FILES_PATH } from '../media-library/media-library-settings.js';

/** Each library asset the definitions' steps use, once, with the path of its first use (problems point there). */
export function firstUses(definitions: readonly { path: (string | number)[]; definition: FlowDefinition }[]): Map<string, (string | number)[]> {
  const uses = new Map<string, (string | number)[]>();
  for (const { path, definition } of definitions) {
    definition.steps.forEach((step, i) => {
      const id = step.prompt.media?.assetId;
      if (id !== undefined && !uses.has(id)) uses.set(id, [...path, 'steps', i, 'prompt', 'media', 'assetId']);
    });
  }
  return uses;
}

/** The definition with each step's library media (`prompt.media.assetId`) renamed by `ids`; other steps as they were. */
export function remapPromptMedia(definition: FlowDefinition, ids: ReadonlyMap<string, string>): FlowDefinition {
  return {
    ...definition,
    steps: definition.steps.map((step) => {
      const from = step.prompt.media?.assetId;
      const to = from === undefined ? undefined : ids.get(from);
      if (to === undefined) return step;
      return { ...step, prompt: { ...step.prompt, media: { assetId: to } } };
    }),
  };
}

const escaped = MEDIA_FILES_PATH.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const FILE_LINK = new RegExp(`${escaped}/mda_[A-Za-z0-9_-]{16,64}/[A-Za-z0-9_.-]+`, 'g');

/**
 * Links to library files written into a definition as URLs (a theme avatar, a hand-written video): unlike
 * `prompt.media` they name one server's content-addressed files, which an id map cannot carry over.
 */
export function libraryFileLinks(definition: FlowDefinition): string[] {
  return [...new Set(JSON.stringify(definition).match(FILE_LINK) ?? [])];
}
