import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { FLOW_BUNDLE_ASSET_JSON, FLOW_BUNDLE_CAPTIONS, FLOW_BUNDLE_MANIFEST, FLOW_BUNDLE_SOURCE_FILES } from '@reelback/shared';
import { extract, type Header } from 'tar-stream';
import { type Issue, ServiceError, type ServiceErrorKind } from '../errors/service-error.js';
import type { FlowBundleSettings } from './flow-bundle-settings.js';

/** A member written to the scratch folder under a name of ours (never the archive's). */
export interface ExtractedFile {
  member: string;
  path: string;
  sizeBytes: number;
}

/** What one `assets/<id>/` folder held. */
export interface ArchiveAsset {
  json?: { member: string; bytes: Buffer };
  source?: ExtractedFile;
  hasCaptionsFile: boolean;
}

export interface BundleArchive {
  manifest?: { member: string; bytes: Buffer };
  assets: Map<string, ArchiveAsset>;
}

export interface ArchiveLimits extends FlowBundleSettings {
  /** Each asset's source file: the library's upload limit. */
  maxSourceBytes: number;
}

const SOURCE_NAMES: readonly string[] = Object.values(FLOW_BUNDLE_SOURCE_FILES);
const ASSET_MEMBER = /^assets\/(mda_[A-Za-z0-9_-]{16,64})\/([^/]+)$/;
const ASSET_FOLDER = /^assets(\/mda_[A-Za-z0-9_-]{16,64})?$/;

export const bundleError = (kind: ServiceErrorKind, code: string, message: string, member?: string) =>
  new ServiceError(kind, code, message, member === undefined ? [] : [{ path: [member], message } satisfies Issue]);

/**
 * The member's name as this reader trusts it, or why not: relative, inside the archive, plain characters. A leading
 * `./` (what `tar -C dir .` writes) is dropped.
 */
function safeName(raw: string): { ok: true; name: string } | { ok: false; reason: string } {
  let name = raw;
  while (name.startsWith('./')) name = name.slice(2);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { ok: false, reason: 'is an absolute path' };
  if (name.includes('\\')) return { ok: false, reason: 'contains a backslash' };
  if (name.split('/').some((part) => part === '..')) return { ok: false, reason: 'climbs out of the archive with ".."' };
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: 'contains control characters' };
  return { ok: true, name: name.replace(/\/+$/, '') };
}

/** Counts the body's bytes as they pass, refusing past the limit whatever Content-Length said. */
async function* limited(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw bundleError('too-large', 'bundle-too-large', `the bundle is larger than the limit of ${maxBytes} bytes`);
    yield chunk;
  }
}

/** The body as a stream, unzipped when it starts with gzip's magic bytes; `undefined` when it is empty. */
async function openArchive(body: AsyncIterable<Uint8Array>): Promise<{ input: Readable; streams: Readable[] } | undefined> {
  const chunks = body[Symbol.asyncIterator]();
  let first = await chunks.next();
  while (!first.done && first.value.byteLength === 0) first = await chunks.next();
  if (first.done) return undefined;
  const head = first.value;
  const rest = async function* () {
    yield head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  };
  const raw = Readable.from(rest(), { objectMode: false });
  if (!(head[0] === 0x1f && head[1] === 0x8b)) return { input: raw, streams: [raw] };
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  return { input: raw.pipe(gunzip), streams: [raw, gunzip] };
}

/** What a parser error means for the person who sent the file. */
function archiveProblem(error: unknown, entries: number): ServiceError {
  if (error instanceof ServiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (/unexpected end/i.test(message) || code === 'Z_BUF_ERROR') {
    return bundleError('invalid', 'bundle-truncated', `the archive is cut short after ${entries} complete member${entries === 1 ? '' : 's'}: download or copy the bundle again`);
  }
  if (code?.startsWith('Z_') || code === 'ERR_ZLIB') {
    return bundleError('invalid', 'bundle-not-an-archive', `the body starts like gzip but does not unpack (${message}): send the .tar (or .tar.gz) a flow export made`);
  }
  return bundleError(
    'invalid',
    'bundle-not-an-archive',
    entries === 0
      ? 'the body is not a tar archive: send the .tar (or .tar.gz) a flow export made'
      : `the archive is damaged after ${entries} member${entries === 1 ? '' : 's'} (${message})`,
  );
}

/**
 * Reads a flow bundle as it arrives, writing its media files into `dir` (under names of ours) and keeping its small
 * JSON members in memory, each within its limit. Refuses, before writing any of its bytes, a member that is not a
 * plain file or folder (links, devices), whose path is absolute or climbs out with `..`, that is not part of the
 * bundle format, that comes twice, or that is over its size; and the whole past its byte or entry count. The caller
 * removes `dir` whatever happens.
 */
export async function readBundleArchive(body: AsyncIterable<Uint8Array>, dir: string, limits: ArchiveLimits): Promise<BundleArchive> {
  await mkdir(dir, { recursive: true });
  const opened = await openArchive(limited(body, limits.maxBytes));
  if (!opened) throw bundleError('invalid', 'bundle-empty', 'the body is empty: send the .tar (or .tar.gz) a flow export made');
  const parser = extract();
  opened.input.on('error', (error) => parser.destroy(error));
  opened.input.pipe(parser as unknown as NodeJS.WritableStream);

  const archive: BundleArchive = { assets: new Map() };
  const seen = new Set<string>();
  let entries = 0;
  let unpackedBytes = 0;
  try {
    for await (const entry of parser) {
      await readMember(entry.header, entry);
      entries++;
    }
  } catch (error) {
    throw archiveProblem(error, entries);
  } finally {
    for (const stream of opened.streams) stream.destroy();
  }
  return archive;

  async function readMember(header: Header, content: AsyncIterable<unknown>): Promise<void> {
    if (entries + 1 > limits.maxEntries) {
      throw bundleError('invalid', 'bundle-too-many-entries', `the archive has more than ${limits.maxEntries} members; a flow bundle has far fewer`);
    }
    const checked = safeName(header.name);
    if (!checked.ok) throw bundleError('invalid', 'bundle-unsafe-entry', `the member "${header.name}" ${checked.reason}: nothing was imported`, header.name);
    const { name } = checked;
    unpackedBytes += 512 + header.size;
    if (unpackedBytes > limits.maxBytes) throw bundleError('too-large', 'bundle-too-large', `the bundle unpacks to more than the limit of ${limits.maxBytes} bytes`);

    if (header.type === 'directory') {
      if (name !== '' && !ASSET_FOLDER.test(name)) throw unexpected(name);
      return drain(content);
    }
    if (header.type !== 'file') {
      throw bundleError('invalid', 'bundle-unsafe-entry', `the member "${name}" is a ${header.type}, not a file: a flow bundle holds files only; nothing was imported`, name);
    }
    if (seen.has(name)) throw bundleError('invalid', 'bundle-duplicate-entry', `the member "${name}" appears twice in the archive`, name);
    seen.add(name);

    if (name === FLOW_BUNDLE_MANIFEST) {
      archive.manifest = { member: name, bytes: await collect(content, name, header.size, limits.maxJsonBytes) };
      return;
    }
    const asset = ASSET_MEMBER.exec(name);
    if (!asset) throw unexpected(name);
    const [, id, file] = asset as unknown as [string, string, string];
    const folder = archive.assets.get(id) ?? { hasCaptionsFile: false };
    archive.assets.set(id, folder);
    if (file === FLOW_BUNDLE_ASSET_JSON) {
      folder.json = { member: name, bytes: await collect(content, name, header.size, limits.maxJsonBytes) };
    } else if (file === FLOW_BUNDLE_CAPTIONS) {
      // The cues in asset.json are what is restored; the WebVTT beside them is for people and other tools.
      within(name, header.size, limits.maxCaptionsBytes);
      folder.hasCaptionsFile = true;
      await drain(content);
    } else if (SOURCE_NAMES.includes(file)) {
      if (folder.source) throw bundleError('invalid', 'bundle-duplicate-entry', `the asset ${id} has two source files ("${folder.source.member}" and "${name}")`, name);
      within(name, header.size, limits.maxSourceBytes);
      const path = join(dir, `source-${entries}`);
      await pipeline(content, createWriteStream(path, { flags: 'wx' }));
      folder.source = { member: name, path, sizeBytes: header.size };
    } else {
      throw unexpected(name);
    }
  }
}

function unexpected(name: string): ServiceError {
  return bundleError(
    'invalid',
    'bundle-unexpected-entry',
    `the member "${name}" is not part of a flow bundle (manifest.json, assets/<assetId>/asset.json, source.mp4|m4a|jpg, captions.vtt); nothing was imported`,
    name,
  );
}

function within(name: string, size: number, max: number): void {
  if (size > max) {
    throw bundleError('too-large', 'bundle-member-too-large', `the member "${name}" is ${size} bytes, over the limit of ${max} bytes for it; nothing was imported`, name);
  }
}

async function collect(content: AsyncIterable<unknown>, name: string, size: number, max: number): Promise<Buffer> {
  within(name, size, max);
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function drain(content: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of content) {
    // skipped
  }
}
