import type { CaptionTrack, FlowDefinition, Prompt, PromptImage, PromptVideo, Step } from '../flow/flow.schema.js';
import type { MediaAssetFile, MediaAssetInfo, MediaAssetRendition } from './media-asset.schema.js';

/** Why a step's library media cannot be played: the asset is gone (or another workspace's), or not ready yet. */
export interface PromptMediaProblem {
  stepId: string;
  assetId: string;
  /** `missing`: no such asset in this workspace; `not-ready`: still uploading or processing, rejected or failed. */
  reason: 'missing' | 'not-ready';
  message: string;
}

/** The library assets a definition points at, each once, in step order. */
export function promptMediaIds(definition: Pick<FlowDefinition, 'steps'>): string[] {
  const ids = definition.steps.flatMap((step) => (step.prompt.media ? [step.prompt.media.assetId] : []));
  return [...new Set(ids)];
}

const fileOf = (asset: MediaAssetInfo, rendition: MediaAssetRendition): MediaAssetFile | undefined =>
  asset.files.find((file) => file.rendition === rendition);

/** The name of a language in that language ("Deutsch" for `de`), or the code when the platform does not know it. */
function languageLabel(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function captionsOf(asset: MediaAssetInfo): CaptionTrack[] {
  const { url, language } = asset.captions;
  if (!url) return [];
  const srclang = language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : 'en';
  return [{ src: url, srclang, label: languageLabel(srclang) }];
}

/**
 * What a ready asset plays as in the widget: a video (1280 and 640 renditions, poster, the captions to show — the
 * owner's edited or uploaded ones when there are any), an audio prompt (the same player; no poster), or an image.
 * Undefined when the asset has nothing playable (not ready, or its files are missing).
 */
export function playableMedia(asset: MediaAssetInfo, alt = ''): { video: PromptVideo } | { image: PromptImage } | undefined {
  if (asset.status !== 'ready') return undefined;
  if (asset.kind === 'video') {
    const large = fileOf(asset, 'video-1280');
    if (!large) return undefined;
    const small = fileOf(asset, 'video-640');
    const poster = fileOf(asset, 'poster');
    return {
      video: {
        src: large.url,
        ...(small && small.url !== large.url ? { small: small.url } : {}),
        ...(poster ? { poster: poster.url } : {}),
        captions: captionsOf(asset),
      },
    };
  }
  if (asset.kind === 'audio') {
    const audio = fileOf(asset, 'audio');
    return audio ? { video: { src: audio.url, captions: captionsOf(asset) } } : undefined;
  }
  if (asset.kind === 'image') {
    const large = fileOf(asset, 'image-1280');
    if (!large) return undefined;
    const small = fileOf(asset, 'image-640');
    return { image: { src: large.url, ...(small && small.url !== large.url ? { small: small.url } : {}), alt } };
  }
  return undefined;
}

function resolvePrompt(prompt: Prompt, asset: MediaAssetInfo): Prompt {
  // The owner's description of an image stays with the step; the files come from the library.
  const playable = playableMedia(asset, prompt.image?.alt);
  const { video: _video, image: _image, ...rest } = prompt;
  return playable ? { ...rest, ...playable } : prompt;
}

/**
 * The definition as a widget plays it: each step whose prompt points at the library (`prompt.media`) gets the
 * asset's `video` or `image` in place of whatever it held, so the files an owner re-edits (captions, poster) show
 * at once. `lookup` answers for the flow's own workspace only. A step whose asset is missing or not ready keeps its
 * prompt without library media and is reported, so a caller can refuse to publish or show what is wrong.
 */
export function resolvePromptMedia(
  definition: FlowDefinition,
  lookup: (assetId: string) => MediaAssetInfo | undefined,
): { definition: FlowDefinition; problems: PromptMediaProblem[] } {
  const problems: PromptMediaProblem[] = [];
  const steps = definition.steps.map((step): Step => {
    const ref = step.prompt.media;
    if (!ref) return step;
    const asset = lookup(ref.assetId);
    if (!asset) {
      problems.push({ stepId: step.id, assetId: ref.assetId, reason: 'missing', message: `step "${step.id}": media ${ref.assetId} is not in this workspace's library` });
      return step;
    }
    if (!playableMedia(asset)) {
      problems.push({
        stepId: step.id,
        assetId: ref.assetId,
        reason: 'not-ready',
        message: `step "${step.id}": media "${asset.name}" (${ref.assetId}) is ${asset.status === 'ready' ? 'missing its files' : asset.status}${asset.reason ? `: ${asset.reason}` : ''}`,
      });
      return step;
    }
    return { ...step, prompt: resolvePrompt(step.prompt, asset) };
  });
  return { definition: { ...definition, steps }, problems };
}
