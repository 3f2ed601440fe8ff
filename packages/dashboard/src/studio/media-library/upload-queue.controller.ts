import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../../api/api-client.js';
import { uploadAsset, UploadRefused } from './upload-asset.js';

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
 * The uploads started from the library dialog (button or drop): each file through `uploadAsset` with its progress,
 * a wait for the network, Cancel, and the server's refusal kept on screen until dismissed. `uploaded` hears each
 * asset id once its bytes are in. Leaving the page cancels what is still sending.
 */
export class UploadQueueController implements ReactiveController {
  items: QueuedUpload[] = [];
  private next = 1;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { api: () => ApiClient | undefined; uploaded: (assetId: string) => void; announce: (text: string) => void },
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
      const assetId = await uploadAsset(file, {
        api,
        name: name.slice(0, 200),
        signal: controller.signal,
        onProgress: (sentBytes) => this.change(key, { sentBytes }),
        onWaiting: (waiting) => this.change(key, { state: waiting ? 'waiting' : 'sending' }),
      });
      this.dismiss(key);
      this.options.announce(`“${name}” is uploaded; it is being processed.`);
      this.options.uploaded(assetId);
    } catch (error) {
      if (controller.signal.aborted) {
        this.dismiss(key);
        this.options.announce(`Upload of “${name}” cancelled.`);
        return;
      }
      const reason = error instanceof UploadRefused || error instanceof Error ? error.message : String(error);
      this.change(key, { state: 'failed', error: reason });
    }
  }
}
