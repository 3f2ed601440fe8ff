// The library dialog's rows: a file on its way in (progress, Cancel, the server's refusal), and an asset (its
// picture, name, kind, length and state, and what can be done with it).
import { html, nothing } from 'lit';
import type { MediaAssetInfo, MediaAssetKind } from '@reelback/shared';
import { durationLabel, kindLabel, stateText, thumbnailOf } from './media-words.js';
import type { UploadQueueController } from './upload-queue.controller.js';

export function uploadRows(uploads: UploadQueueController) {
  const items = uploads.items;
  if (items.length === 0) return nothing;
  return html`<ul aria-label="Uploads">
    ${items.map(
      (item) => html`<li class="upload" data-state=${item.state}>
        <span class="thumb" aria-hidden="true">⇪</span>
        <div class="info">
          <span class="name">${item.name}</span>
          ${item.state === 'failed'
            ? html`<span class="error" role="alert">Not uploaded: ${item.error}</span>`
            : html`<progress max=${item.totalBytes || 1} .value=${item.sentBytes} aria-label="Uploading ${item.name}"></progress>
                <span class="muted">${item.state === 'waiting' ? 'Waiting for the network…' : `${Math.floor((item.sentBytes / (item.totalBytes || 1)) * 100)}% sent`}</span>`}
        </div>
        <div class="actions">
          ${item.state === 'failed'
            ? html`<button class="button quiet" type="button" @click=${() => uploads.dismiss(item.key)}>Dismiss<span class="visually-hidden"> ${item.name}</span></button>`
            : html`<button class="button quiet" type="button" @click=${() => item.cancel()}>Cancel<span class="visually-hidden"> upload of ${item.name}</span></button>`}
        </div>
      </li>`,
    )}
  </ul>`;
}

export interface AssetRowOptions {
  purpose: 'prompt' | 'avatar';
  /** The asset the step plays now. */
  current: boolean;
  /** Its delete is being confirmed. */
  confirming: boolean;
  busy: boolean;
  choose: () => void;
  edit: () => void;
  askDelete: () => void;
  confirmDelete: () => void;
  keep: () => void;
}

const ACCEPTS: Record<AssetRowOptions['purpose'], MediaAssetKind[]> = { prompt: ['video', 'audio', 'image'], avatar: ['video'] };

/**
 * Whether an asset can be chosen: not refused or failed, of a kind the purpose takes (a prompt takes one still on its
 * way, which is a problem of its step until it is ready; an avatar needs a ready video to take a frame of).
 */
export function choosable(asset: MediaAssetInfo, purpose: AssetRowOptions['purpose']): boolean {
  if (asset.status === 'rejected' || asset.status === 'failed') return false;
  if (purpose === 'avatar') return asset.kind === 'video' && asset.status === 'ready';
  return asset.kind === null || ACCEPTS.prompt.includes(asset.kind);
}

export function assetRow(asset: MediaAssetInfo, options: AssetRowOptions) {
  const thumb = thumbnailOf(asset);
  const { current, confirming } = options;
  return html`<li class="asset" data-id=${asset.id} data-status=${asset.status} ?data-current=${current}>
    ${thumb ? html`<img class="thumb" src=${thumb} alt="" />` : html`<span class="thumb" aria-hidden="true">${kindLabel(asset)}</span>`}
    <div class="info">
      <span class="name"><span class="title">${asset.name}</span>${current ? html` <span class="muted">(chosen now)</span>` : nothing}</span>
      <span class="muted">${kindLabel(asset)}${durationLabel(asset) ? ` · ${durationLabel(asset)}` : ''}</span>
      <span><span class="badge" data-status=${asset.status}>${stateText(asset)}</span></span>
    </div>
    <div class="actions">
      ${choosable(asset, options.purpose)
        ? html`<button class="button" type="button" data-action="choose" @click=${options.choose}>
            ${options.purpose === 'avatar' ? 'Pick a frame…' : 'Choose'}<span class="visually-hidden"> ${asset.name}</span>
          </button>`
        : nothing}
      <button class="button quiet" type="button" data-action="edit" @click=${options.edit}>Edit…<span class="visually-hidden"> ${asset.name}</span></button>
      <button class="button quiet" type="button" data-action="delete" ?disabled=${confirming} @click=${options.askDelete}>
        Delete<span class="visually-hidden"> ${asset.name}</span>
      </button>
    </div>
    ${confirming
      ? html`<div class="confirm" role="group" aria-label="Delete ${asset.name}?">
          <span>Delete “${asset.name}” and its files for good?</span>
          <button class="button" type="button" data-action="confirm-delete" ?disabled=${options.busy} @click=${options.confirmDelete}>Delete</button>
          <button class="button quiet" type="button" @click=${options.keep}>Keep</button>
        </div>`
      : nothing}
  </li>`;
}
