import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { promptMediaIds, resolvePromptMedia, type FlowDefinition, type MediaAssetInfo } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../../api/api-client.js';
import type { StudioProblem } from '../problems-list.js';
import { AssetWatch } from './asset-watch.js';
import { getAsset } from './media-api.js';
import type { LibraryPurpose, MediaEventMap } from './media-events.js';
import { choosePromptMedia, setThemeAvatar } from './prompt-media-edits.js';

export interface StudioMediaOptions {
  api: () => ApiClient | undefined;
  /** The definitions on screen: the draft, and a published version being viewed. */
  flows: () => FlowDefinition[];
  /** Makes an edit of the draft. */
  apply: (flow: FlowDefinition) => void;
  editable: () => boolean;
  notify: (text: string) => void;
}

const isGone = (error: unknown) => error instanceof ApiProblem && error.status === 404;

/** The element focused now, looking into shadow roots (the button that opened the dialog). */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/**
 * The studio's library media: the assets the draft points at (read once, followed while they are processed, so the
 * preview plays them as soon as they are ready), the draft as the widget plays it (`resolvePromptMedia`), the steps
 * whose media is missing or not ready as problems, and the library dialog (`<rb-media-library>`) with what its
 * choice does: a step's prompt plays the asset, or the bubble's avatar is the picture made of a video's frame. The
 * dialog (with its editors and uploads) is its own chunk, loaded when it is first opened.
 */
export class StudioMediaController implements ReactiveController {
  /** The assets the studio knows; a new map at each change, so elements given it render again. */
  assets: ReadonlyMap<string, MediaAssetInfo> = new Map();
  /** Asset ids the library does not have (deleted, or never this workspace's). */
  private gone = new Set<string>();
  private readonly reading = new Set<string>();
  private memo = new WeakMap<FlowDefinition, { assets: ReadonlyMap<string, MediaAssetInfo>; gone: Set<string>; result: ReturnType<StudioMediaController['compute']> }>();
  /** Why the dialog is open; null while it is closed. */
  library: LibraryPurpose | null = null;
  private opener: HTMLElement | null = null;
  /** The dialog's module, once asked for; `<rb-media-library>` is rendered from then on. */
  private dialogModule: Promise<unknown> | null = null;
  private dialogLoaded = false;
  /** The recorder's module (camera, screen and the upload of a take): loaded when an owner first asks to record. */
  private recorderModule: Promise<unknown> | null = null;
  private recorderShown = false;

  private readonly watch = new AssetWatch({
    fetch: (id, signal) => getAsset(this.options.api()!, id, signal),
    onUpdate: (asset) => this.remember(asset),
    isGone,
    onGone: (id) => this.lost(id),
  });

  private readonly listeners: { [K in keyof MediaEventMap]?: (e: MediaEventMap[K]) => void } = {
    'rb-media-library-request': (e) => void this.openLibrary(e.detail),
    'rb-media-choose': (e) => this.chosen(e.detail.asset),
    'rb-media-library-close': () => void this.closeLibrary(),
    'rb-media-asset-changed': (e) => this.remember(e.detail.asset),
    'rb-media-asset-deleted': (e) => this.lost(e.detail.assetId),
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: StudioMediaOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const [type, listener] of Object.entries(this.listeners)) this.host.addEventListener(type, listener as EventListener);
  }

  hostDisconnected(): void {
    for (const [type, listener] of Object.entries(this.listeners)) this.host.removeEventListener(type, listener as EventListener);
    this.watch.stop();
  }

  /** Before each render: reads the assets the definitions on screen point at and the studio does not know. */
  hostUpdate(): void {
    const api = this.options.api();
    if (!api) return;
    for (const id of this.referenced()) {
      if (this.assets.has(id) || this.gone.has(id) || this.reading.has(id) || this.watch.isWatching(id)) continue;
      this.reading.add(id);
      getAsset(api, id).then(
        (asset) => {
          this.reading.delete(id);
          this.remember(asset);
        },
        (error: unknown) => {
          this.reading.delete(id);
          // Not found: a problem of its step. Anything else (the network): looked at again, backing off.
          if (isGone(error)) this.lost(id);
          else this.watch.watch(id);
        },
      );
    }
  }

  private referenced(): Set<string> {
    return new Set(this.options.flows().flatMap((flow) => promptMediaIds(flow)));
  }

  /** Whether some asset on screen has not been read yet: publishing waits for it. */
  get checking(): boolean {
    return [...this.referenced()].some((id) => !this.assets.has(id) && !this.gone.has(id));
  }

  remember(asset: MediaAssetInfo): void {
    this.assets = new Map(this.assets).set(asset.id, asset);
    if (this.gone.delete(asset.id)) this.gone = new Set(this.gone);
    if (this.referenced().has(asset.id)) this.watch.follow(asset);
    this.host.requestUpdate();
  }

  private lost(assetId: string): void {
    const assets = new Map(this.assets);
    assets.delete(assetId);
    this.assets = assets;
    this.gone = new Set(this.gone).add(assetId);
    this.watch.forget(assetId);
    this.host.requestUpdate();
  }

  /** `flow` as the widget plays it, and its steps whose media cannot play (pinned like `checkFlow`'s problems). */
  resolve(flow: FlowDefinition): { definition: FlowDefinition; problems: StudioProblem[] } {
    const memo = this.memo.get(flow);
    if (memo && memo.assets === this.assets && memo.gone === this.gone) return memo.result;
    const result = this.compute(flow);
    this.memo.set(flow, { assets: this.assets, gone: this.gone, result });
    return result;
  }

  private compute(flow: FlowDefinition) {
    const { definition, problems } = resolvePromptMedia(flow, (id) => this.assets.get(id));
    return {
      definition,
      problems: problems
        // An asset still being read is not a problem yet (`checking` holds the publish meanwhile).
        .filter((p) => p.reason === 'not-ready' || this.gone.has(p.assetId))
        .map((p): StudioProblem => {
          const index = flow.steps.findIndex((s) => s.id === p.stepId && s.prompt.media?.assetId === p.assetId);
          return { code: 'prompt-media', path: ['steps', index, 'prompt', 'media'], message: p.message };
        }),
    };
  }

  private async openLibrary(purpose: LibraryPurpose): Promise<void> {
    if (!this.options.editable()) return;
    this.opener = deepActiveElement();
    try {
      await (this.dialogModule ??= import('./media-library.component.js').then((m) => m.defineRbMediaLibrary()));
    } catch (error) {
      this.dialogModule = null;
      this.options.notify(`The media library could not be loaded: ${(error as Error).message}`);
      return;
    }
    this.dialogLoaded = true;
    this.library = purpose;
    this.host.requestUpdate();
  }

  private async closeLibrary(): Promise<void> {
    this.library = null;
    // The recorder leaves with the dialog, so the camera is off; a take not yet uploaded goes with it.
    this.recorderShown = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }

  private chosen(asset: MediaAssetInfo): void {
    const purpose = this.library;
    const flow = this.options.flows()[0];
    if (!purpose || !flow) return;
    if (purpose.purpose === 'prompt') {
      const step = flow.steps[purpose.index];
      this.options.apply(choosePromptMedia(flow, purpose.index, asset));
      this.options.notify(`Step ${purpose.index + 1}${step?.prompt.title ? ` (“${step.prompt.title}”)` : ''} plays “${asset.name}” from the library.`);
    } else {
      this.options.apply(setThemeAvatar(flow, asset));
      this.options.notify(`The bubble's avatar is now “${asset.name}”.`);
    }
    this.remember(asset);
    void this.closeLibrary();
  }

  private async showRecorder(): Promise<void> {
    try {
      await (this.recorderModule ??= import('../media-recorder/prompt-recorder.component.js').then((m) => m.definePromptRecorder()));
    } catch (error) {
      this.recorderModule = null;
      this.options.notify(`The recorder could not be loaded: ${(error as Error).message}`);
      return;
    }
    this.recorderShown = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    // The recorder's first control, so a keyboard user goes on from where they asked.
    const recorder = this.host.shadowRoot?.querySelector('rb-prompt-recorder');
    await (recorder as { updateComplete?: Promise<unknown> } | null)?.updateComplete;
    (recorder as HTMLElement | null)?.focus();
  }

  /** What the dialog's `record` slot holds: a button until the owner asks, then the recorder (prompts only). */
  private renderRecord(purpose: LibraryPurpose | null) {
    if (purpose?.purpose !== 'prompt') return nothing;
    if (!this.recorderShown) {
      return html`<button slot="record" type="button" class="secondary" @click=${() => void this.showRecorder()}>Record with the camera or the screen…</button>`;
    }
    return html`<rb-prompt-recorder slot="record" .api=${this.options.api()} tabindex="-1"></rb-prompt-recorder>`;
  }

  /**
   * The dialog, in the page from its first opening on (uploads go on while it is closed). The studio's recorder goes
   * in its `record` slot; its `prompt-media-added` reaches the dialog, which lists the take and follows it.
   */
  renderLibrary() {
    if (!this.dialogLoaded) return nothing;
    const purpose = this.library;
    const current = purpose?.purpose === 'prompt' ? (this.options.flows()[0]?.steps[purpose.index]?.prompt.media?.assetId ?? null) : null;
    return html`<rb-media-library .api=${this.options.api()} ?open=${purpose !== null} purpose=${purpose?.purpose ?? 'prompt'} .current=${current}
      >${this.renderRecord(purpose)}</rb-media-library
    >`;
  }
}
