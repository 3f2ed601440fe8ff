// The flow edits of library media: a step's prompt pointing at an asset (`prompt.media`), the picture's description,
// and the theme's avatar from a picture asset. Pure: each returns the new flow.
import type { FlowDefinition, MediaAssetInfo, Prompt, PromptImage } from '@reelback/shared';
import { replaceStep } from '../flow-edits.js';
import { fileUrl } from './media-words.js';

function setPrompt(flow: FlowDefinition, index: number, prompt: Prompt): FlowDefinition {
  const step = flow.steps[index];
  return step ? replaceStep(flow, index, { ...step, prompt }) : flow;
}

/**
 * Step `index` plays `asset` from the library: `prompt.media = { assetId }`, and a hand-written video or image goes
 * (the library's files take their place). A picture keeps the description the step had for its old picture.
 */
export function choosePromptMedia(flow: FlowDefinition, index: number, asset: MediaAssetInfo): FlowDefinition {
  const prompt = flow.steps[index]?.prompt;
  if (!prompt) return flow;
  const { video: _video, image, media: _media, ...rest } = prompt;
  const alt = asset.kind === 'image' ? image?.alt : undefined;
  const described = alt ? withAlt(asset, alt) : undefined;
  return setPrompt(flow, index, { ...rest, media: { assetId: asset.id }, ...(described ? { image: described } : {}) });
}

/** Step `index` shows no library media any more (nor the picture description that went with it). */
export function removePromptMedia(flow: FlowDefinition, index: number): FlowDefinition {
  const prompt = flow.steps[index]?.prompt;
  if (!prompt?.media) return flow;
  const { media: _media, image: _image, ...rest } = prompt;
  return setPrompt(flow, index, rest);
}

/**
 * The description of a library picture lives in `prompt.image.alt` (the published flow takes the files from the
 * library and keeps it); `src` carries the picture's own URL, so the schema's rules hold. Undefined until the
 * picture is ready (it has no URL before).
 */
function withAlt(asset: MediaAssetInfo, alt: string): PromptImage | undefined {
  const src = fileUrl(asset, 'image-1280');
  return src ? { src, alt } : undefined;
}

export function setImageAlt(flow: FlowDefinition, index: number, asset: MediaAssetInfo, alt: string): FlowDefinition {
  const prompt = flow.steps[index]?.prompt;
  if (!prompt || prompt.media?.assetId !== asset.id) return flow;
  const { image: _image, ...rest } = prompt;
  const image = alt ? withAlt(asset, alt) : undefined;
  return setPrompt(flow, index, image ? { ...rest, image } : rest);
}

/** The bubble's avatar: a picture asset's small rendition (its URL is immutable, so the theme can hold it). */
export function setThemeAvatar(flow: FlowDefinition, picture: MediaAssetInfo): FlowDefinition {
  const src = fileUrl(picture, 'image-640') ?? fileUrl(picture, 'image-1280');
  if (!src) return flow;
  return { ...flow, theme: { ...flow.theme, avatar: src } };
}
