import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaAssetInfo } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';
import { uploadAsset } from '../media-recorder/upload-asset.js';

/** One file on its way into the library, as the dialog shows it. */
export interface QueuedUpload {
  key: number;
  name: string;
  totalBytes: number;
  sentBytes: number;
  state: 'sending' | 'waiting' | 'failed';
  /** Why it failed, in the server's words when it refused the file. */
  error: string;
  cancel: () => void;
}

/**
 * The uploads started from the library dialog (button or drop): each file through `uploadAsset` (the one the
 * recorder sends its takes with) with its progress, a wait for the network, Cancel, and the server's refusal kept on
 * screen until dismissed. `uploaded` hears each asset once its bytes are in. Leaving the page cancels what is still
 * sending.
 */
export class UploadQueueController implements ReactiveController {
  items: QueuedUpload[] = [];
  private next = 1;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { api: () => ApiClient | undefined; uploaded: (asset: MediaAssetInfo) => void; announce: (text: string) => void },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const item of this.items) item.cancel();
  }

  get busy(): boolean {
    return this.items.some((item) => item.state !== 'failed');
  }

  add(files: Iterable<File>): void {
    for (const file of files) void this.send(file);
  }

  dismiss(key: number): void {
    this.items = this.items.filter((item) => item.key !== key);
    this.host.requestUpdate();
  }

  private change(key: number, patch: Partial<QueuedUpload>): void {
    this.items = this.items.map((item) => (item.key === key ? { ...item, ...patch } : item));
    this.host.requestUpdate();
  }

  private async send(file: File): Promise<void> {
    const api = this.options.api();
    if (!api) return;
    const key = this.next++;
    const controller = new AbortController();
    const name = file.name.trim() || 'Untitled';
    this.items = [...this.items, { key, name, totalBytes: file.size, sentBytes: 0, state: 'sending', error: '', cancel: () => controller.abort() }];
    this.host.requestUpdate();
    this.options.announce(`Uploading “${name}”.`);
    try {
      const asset = await uploadAsset(file, {
        api,
        name: name.slice(0, 200),
        signal: controller.signal,
        onProgress: ({ bytesSent, waiting }) => this.change(key, { sentBytes: bytesSent, state: waiting ? 'waiting' : 'sending' }),
      });
      this.dismiss(key);
      this.options.announce(`“${name}” is uploaded; it is being processed.`);
      this.options.uploaded(asset);
    } catch (error) {
      if (controller.signal.aborted) {
        this.dismiss(key);
        this.options.announce(`Upload of “${name}” cancelled.`);
        return;
      }
      // The server's words (an `UploadRefused`, or the ticket's `ApiProblem`: too large before a byte was sent).
      const reason = error instanceof Error ? error.message : String(error);
      this.change(key, { state: 'failed', error: reason });
    }
  }
}
