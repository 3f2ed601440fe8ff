import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MediaAssetInfo, MediaAssetUploadTicket } from '@reelback/shared';
import { expect } from 'vitest';
import type { TestApp } from './test-app.js';
import { tusClient } from './tus-client.js';

const run = promisify(execFile);

/** A spoken prompt: espeak-ng speech over a test picture of `size`, as an owner's exported MP4 (moov at the end). */
export async function spokenVideo(dir: string, name: string, sentence: string, size: string): Promise<string> {
  const wav = join(dir, `${name}.wav`);
  const mp4 = join(dir, `${name}.mp4`);
  await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, sentence]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=15`, '-i', wav, '-shortest',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4', mp4]);
  return mp4;
}

/**
 * An upload as the tus endpoint makes it, without tus (the lead wires tus to these hooks): the ticket from the
 * owner route, the bytes where the tus FileStore writes them, then the two hooks tus calls.
 */
/** What the tus endpoint answered when it refused an upload: its status and its plain-text reason. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export function libraryClient(t: TestApp) {
  const uploadsDir = () => t.media.media.uploadsDir;

  async function ticket(name: string, sizeBytes?: number): Promise<MediaAssetUploadTicket> {
    const res = await t.request('POST', '/api/v1/media-assets', { owner: true, body: { name, ...(sizeBytes !== undefined ? { sizeBytes } : {}) } });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as MediaAssetUploadTicket;
  }

  /**
   * Sends the file through the tus endpoint, as the studio does (declared length, 64 KiB chunks); resolves the asset
   * id. A refusal (the 413/422 of the request that ended the upload) is thrown as an `UploadRefused`.
   */
  async function upload(name: string, bytes: Uint8Array): Promise<string> {
    const issued = await ticket(name);
    const last = await tusClient(t, issued).upload(bytes);
    if (last.status !== 204 && last.status !== 201) throw new UploadRefused(last.status, (await last.text()).trim());
    return issued.assetId;
  }

  async function get(id: string): Promise<MediaAssetInfo> {
    const res = await t.request('GET', `/api/v1/media-assets/${id}`, { owner: true });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as MediaAssetInfo;
  }

  /** Polls until `done` holds (deadline 90 s: ffmpeg and PocketSphinx share two cores with other work). */
  async function until(id: string, done: (asset: MediaAssetInfo) => boolean, what: string): Promise<MediaAssetInfo> {
    const deadline = Date.now() + 90_000;
    let asset = await get(id);
    while (!done(asset)) {
      if (Date.now() > deadline) throw new Error(`asset ${id} never became ${what}: ${JSON.stringify(asset, null, 1)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      asset = await get(id);
    }
    return asset;
  }

  const settled = (id: string) => until(id, (a) => a.status !== 'uploading' && a.status !== 'processing', 'settled');
  const captioned = (id: string) => until(id, (a) => a.status !== 'ready' || a.captions.status !== 'queued', 'captioned');

  /** The file behind a URL, as a page on another origin would fetch it. */
  const fetchFile = (url: string, headers: Record<string, string> = {}) =>
    t.reelback.app.request(url, { headers: { origin: 'https://customer.example', ...headers } });

  return { ticket, upload, get, until, settled, captioned, fetchFile };
}
