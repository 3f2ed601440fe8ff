import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FlowDefinition, FlowSummary } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import type { SaveController } from './save.controller.js';
import { loadVersion, restoreVersion } from './studio-api.js';

export interface VersionsOptions {
  api: () => ApiClient | undefined;
  flowId: () => string;
  save: SaveController;
  /** The restored draft from the server, with its tag: the page starts over from it. */
  restored: (flow: FlowSummary, etag: string | null) => void;
  /** What to tell the person (a `role="status"` line). */
  notify: (text: string) => void;
}

/**
 * The version history's actions: a published version shown read-only in the preview (`viewing`), and *Restore as
 * draft* — what is pending is saved first, then `POST …/versions/:v/restore` with the draft's `If-Match`, so a
 * restore over someone else's newer draft is refused (412) like a save.
 */
export class VersionsController implements ReactiveController {
  viewing: { version: number; definition: FlowDefinition } | null = null;
  busy = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: VersionsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async view(version: number): Promise<void> {
    const api = this.options.api();
    if (!api) return;
    try {
      const published = await loadVersion(api, this.options.flowId(), version);
      this.viewing = { version, definition: published.definition };
      this.options.notify(`The preview plays version ${version}.`);
    } catch (error) {
      this.options.notify(`Version ${version} could not be loaded: ${(error as Error).message}`);
    }
    this.host.requestUpdate();
  }

  back(): void {
    this.viewing = null;
    this.host.requestUpdate();
  }

  async restore(version: number): Promise<void> {
    const api = this.options.api();
    if (!api || this.busy) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      const save = this.options.save;
      await save.flush();
      if (save.state === 'conflict') throw new Error('someone else changed this draft: reload it or overwrite it first');
      const { flow, etag } = await restoreVersion(api, this.options.flowId(), version, save.etag);
      this.viewing = null;
      this.options.restored(flow, etag);
      this.options.notify(`Version ${version} is the draft now. Publish to serve it again.`);
    } catch (error) {
      const why = error instanceof ApiProblem && error.status === 412 ? 'someone else changed this draft meanwhile; reload it first' : (error as Error).message;
      this.options.notify(`Version ${version} was not restored: ${why}`);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
