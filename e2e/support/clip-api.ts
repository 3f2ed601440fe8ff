import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type ClipInfo, type FlowDefinitionInput, type ReelbackEvent, type UploadTicket, uuidv7 } from '@reelback/shared';
import type { RunningServer } from './reelback-server.js';

/** What the e2e tests need of the API around recorded answers, through HTTP as any client would. */
export function clipApi(server: () => RunningServer) {
  const owner = () => ({ authorization: `Bearer ${server().adminKey}`, 'content-type': 'application/json' });
  const json = async <T>(res: Response, what: string): Promise<T> => {
    if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    async publishFlow(id: string, definition: FlowDefinitionInput): Promise<void> {
      await json(await fetch(`${server().url}/api/v1/flows`, { method: 'POST', headers: owner(), body: JSON.stringify({ id, definition }) }), 'create flow');
      await json(await fetch(`${server().url}/api/v1/flows/${id}/versions`, { method: 'POST', headers: owner() }), 'publish flow');
    },
    async startSession(flowId: string): Promise<string> {
      const sessionId = uuidv7();
      await json(
        await fetch(`${server().url}/api/v1/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ flowId, sessionId, context: { embedMode: 'inline' } }),
        }),
        'start session',
      );
      return sessionId;
    },
    async ticket(sessionId: string, stepId: string, kind: 'video' | 'audio' = 'video'): Promise<UploadTicket> {
      return json(
        await fetch(`${server().url}/api/v1/sessions/${sessionId}/clips`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ stepId, kind }),
        }),
        'upload ticket',
      );
    },
    async clip(clipId: string): Promise<ClipInfo> {
      return json(await fetch(`${server().url}/api/v1/clips/${clipId}`, { headers: owner() }), 'get clip');
    },
    async clips(sessionId: string): Promise<ClipInfo[]> {
      return (await json<{ clips: ClipInfo[] }>(await fetch(`${server().url}/api/v1/sessions/${sessionId}/clips`, { headers: owner() }), 'list clips')).clips;
    },
    async media(clipId: string, rendition: string): Promise<Buffer> {
      const res = await fetch(`${server().url}/api/v1/clips/${clipId}/media/${rendition}`, { headers: owner() });
      if (!res.ok) throw new Error(`media ${rendition}: ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
    async events(sessionId: string): Promise<ReelbackEvent[]> {
      const session = await json<{ events: { event: ReelbackEvent }[] }>(
        await fetch(`${server().url}/api/v1/sessions/${sessionId}`, { headers: owner() }),
        'get session',
      );
      return session.events.map((e) => e.event);
    },
    /** Polls until the clip leaves `uploading`/`uploaded` (or `until` says so). */
    async settle(clipId: string, until: (clip: ClipInfo) => boolean = (c) => c.status !== 'uploading' && c.status !== 'uploaded', timeoutMs = 60_000): Promise<ClipInfo> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const clip = await this.clip(clipId).catch(() => undefined);
        if (clip && until(clip)) return clip;
        if (Date.now() > deadline) throw new Error(`clip ${clipId} did not settle: ${JSON.stringify(clip)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const sha256OfFile = async (path: string) => sha256(await readFile(path));
