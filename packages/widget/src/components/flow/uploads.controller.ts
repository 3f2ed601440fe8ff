import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { addEnglish, type Translate } from '../../util/i18n/catalogue.js';
import type { UploadStatus, UploadStatusModule } from './recorder-contract.js';

/**
 * How recorded answers' uploads go (the status line under the player), and carrying on with those a previous
 * page left. The feed is loaded in a chunk of its own once a flow has loaded; none when it cannot be loaded.
 */
export class UploadsController implements ReactiveController {
  /** The uploads of this page and earlier ones, as the feed last said. */
  statuses: UploadStatus[] = [];
  private stop: (() => void) | null = null;
  /** The feed's module, once loaded (it says each upload's state in words too). */
  private feed: UploadStatusModule | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<UploadStatusModule | null>,
  ) {
    host.addController(this);
  }

  /** Starts watching (once `current()` still says this load is the one on screen). */
  async watch(endpoint: string, current: () => boolean): Promise<void> {
    const uploads = await this.load().catch(() => null);
    if (!uploads || !current()) return;
    this.feed = uploads;
    if (uploads.enUploads) addEnglish(uploads.enUploads);
    this.stop?.();
    try {
      this.stop = uploads.watchUploads((statuses) => {
        this.statuses = statuses;
        this.host.requestUpdate();
      });
      await uploads.resumePendingUploads(endpoint);
    } catch (error) {
      console.warn('[reelback] could not resume unfinished uploads', error);
    }
  }

  /** The status line: every upload not done yet, in the viewer's language. */
  render(t: Translate): TemplateResult {
    return html`<p class="upload-status" part="upload-status" role="status">${this.statuses
      .filter((upload) => upload.state !== 'done')
      .map((upload) => html`<span>${this.feed?.uploadText?.(upload, t)}</span>`)}</p>`;
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = null;
  }
}
