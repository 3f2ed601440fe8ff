import type { FlowDefinition } from '@reelback/shared';
import { MEDIA_FILES_PATH } from '../media-library/media-library-settings.js';

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
