// The step panel's media part: the library asset a prompt plays (its picture, name, kind and state, *Change…* and
// *Remove*, a picture's description), or *Choose media…*; and, folded away, the URL fields for a file the owner hosts.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { MediaAssetInfo, Prompt } from '@reelback/shared';
import { type FieldContext, textField } from '../form-fields.js';
import { durationLabel, kindLabel, stateText, thumbnailOf } from './media-words.js';

export const promptMediaStyles = css`
  .media {
    display: grid;
    grid-template-columns: 96px 1fr;
    gap: 0.25rem 0.75rem;
    align-items: center;
    margin: 0 0 0.5rem;
  }
  .media .thumb {
    width: 96px;
    height: 54px;
    object-fit: cover;
    border-radius: 3px;
    background: var(--rb-code-bg, #f0f2f6);
    display: grid;
    place-items: center;
    font-size: 0.75rem;
  }
  .media .what {
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .media .buttons {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  details {
    margin: 0.5rem 0;
  }
  summary {
    cursor: pointer;
  }
`;

export interface PromptMediaFieldsOptions {
  prompt: Prompt;
  /** The library asset `prompt.media` names, when the studio has read it. */
  asset: MediaAssetInfo | undefined;
  /** The library has no such asset. */
  gone: boolean;
  choose: () => void;
  remove: () => void;
  describe: (alt: string) => void;
  /** The URL fields (video, poster, captions) for a file the owner hosts elsewhere. */
  hosted: TemplateResult;
}

export function promptMediaFields(ctx: FieldContext, options: PromptMediaFieldsOptions) {
  const { prompt, asset } = options;
  const ref = prompt.media;
  const thumb = asset && thumbnailOf(asset);
  const chosen = ref
    ? html`${thumb ? html`<img class="thumb" src=${thumb} alt="" />` : html`<span class="thumb" aria-hidden="true">${asset ? kindLabel(asset) : '?'}</span>`}
        <div class="what">
          <strong>${asset?.name ?? ref.assetId}</strong>
          ${asset
            ? html`<span class="muted">${kindLabel(asset)}${durationLabel(asset) ? ` · ${durationLabel(asset)}` : ''}</span>
                <span><span class="badge" data-status=${asset.status}>${stateText(asset)}</span></span>`
            : html`<span class="muted">${options.gone ? 'Not in the library any more: choose another.' : 'Reading…'}</span>`}
        </div>`
    : html`<span class="thumb" aria-hidden="true">—</span><span class="muted">No media from the library.</span>`;
  return html`<div class="media" role="group" aria-labelledby="${ctx.idPrefix}-media-label">
      <span class="visually-hidden" id="${ctx.idPrefix}-media-label">Media</span>
      ${chosen}
      ${ctx.readonly
        ? nothing
        : html`<div class="buttons">
            <button class="button quiet" type="button" data-action="choose-media" @click=${options.choose}>${ref ? 'Change media…' : 'Choose media…'}</button>
            ${ref ? html`<button class="button quiet" type="button" data-action="remove-media" @click=${options.remove}>Remove media</button>` : nothing}
          </div>`}
    </div>
    ${asset?.kind === 'image'
      ? textField({ ...ctx, readonly: ctx.readonly || asset.status !== 'ready' }, 'image-alt', 'Describe the picture', prompt.image?.alt, options.describe, {
          hint: asset.status === 'ready' ? 'For people who cannot see it; empty when it is decoration.' : 'The description can be written once the picture is ready.',
        })
      : nothing}
    <details>
      <summary>Advanced: host the file yourself</summary>
      ${ref ? html`<p class="muted">This step plays media from the library. Remove it to play a file hosted elsewhere.</p>` : options.hosted}
    </details>`;
}
