import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FLOW_BUNDLE_ASSET_JSON,
  type FlowBundleAsset,
  type FlowBundleImportResult,
  type FlowBundleManifest,
  flowBundleAssetDir,
} from '@reelback/shared';
import type { AuditLog } from '../audit/audit-log.js';
import { type Issue, ServiceError } from '../errors/service-error.js';
import type { Actor } from '../flows/editors.js';
import type { FlowsService } from '../flows/flows.service.js';
import type { AssetImports, CheckedImport } from '../media-library/asset-imports.js';
import type { Scope } from '../ports/store-types.js';
import { type BundleArchive, bundleError, readBundleArchive } from './bundle-archive-reader.js';
import { parseAssetJson, parseManifest } from './bundle-members.js';
import type { FlowBundleSettings } from './flow-bundle-settings.js';
import { firstUses, libraryFileLinks, remapPromptMedia } from './remap-prompt-media.js';

export interface FlowBundleImportDeps {
  /** Names taken, and the new flow (made as `POST /flows` makes one). */
  flows: Pick<FlowsService, 'list' | 'create'>;
  imports: AssetImports;
  /** Scratch space: each import unpacks into a folder of its own here, removed when it ends. */
  workDir: string;
  settings: FlowBundleSettings;
  /** Imports are in the workspace's audit log (a flow that appears in bulk, with its media). */
  audit: Pick<AuditLog, 'record'>;
}

/** An asset of the bundle that passed every check, waiting to be added. */
interface CheckedAsset {
  bundleId: string;
  description: FlowBundleAsset;
  file: CheckedImport;
}

const MAX_NAME = 200;

/** Each asset the manifest's definitions use, with the path of its first use. */
const usedAssets = (manifest: FlowBundleManifest) =>
  firstUses([
    { path: ['manifest.json', 'draft'], definition: manifest.draft },
    ...(manifest.published ? [{ path: ['manifest.json', 'published', 'definition'], definition: manifest.published.definition }] : []),
  ]);

/** `name`, or `name (imported)`, `name (imported 2)`… whichever no flow of the workspace has. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (imported)' : ` (imported ${n})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Imports a flow bundle as a new flow of the caller's workspace. Everything is checked before anything is stored:
 * the archive (reader), the manifest and each asset.json against their schemas, every asset the definitions use
 * present, each source file through the upload's gate (size, header check, the kind it claims), the captions as an
 * owner's edit. Then the assets are added (new ids), the flow is created with the draft pointing at them, and only
 * then is their processing queued, as an upload's would be. A failure while storing removes what was stored.
 */
export class FlowBundleImporter {
  constructor(private readonly deps: FlowBundleImportDeps) {}

  get maxBytes(): number {
    return this.deps.settings.maxBytes;
  }

  async import(scope: Scope, actor: Actor, body: AsyncIterable<Uint8Array>): Promise<FlowBundleImportResult> {
    const dir = join(this.deps.workDir, `bundle-import-${randomUUID()}`);
    try {
      const archive = await readBundleArchive(body, dir, { ...this.deps.settings, maxSourceBytes: this.deps.imports.maxBytes });
      const manifest = parseManifest(archive);
      const assets = await this.checkAssets(manifest, archive);
      return await this.store(scope, actor, manifest, archive, assets);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async checkAssets(manifest: FlowBundleManifest, archive: BundleArchive): Promise<CheckedAsset[]> {
    const checked: CheckedAsset[] = [];
    for (const [id, usedAt] of usedAssets(manifest)) {
      const folder = archive.assets.get(id);
      const dir = flowBundleAssetDir(id);
      if (!folder?.json) {
        throw new ServiceError('unprocessable', 'bundle-asset-missing', `the flow uses media ${id}, but the bundle has no ${dir}/${FLOW_BUNDLE_ASSET_JSON}`, [
          { path: usedAt, message: `not in the bundle (${dir}/ is missing)` },
        ]);
      }
      const description = parseAssetJson(id, { ...folder, json: folder.json });
      const member = `${dir}/${description.source.file}`;
      if (folder.source?.member !== member) {
        throw bundleError('unprocessable', 'bundle-asset-missing', `the bundle has no ${member}: the file of media "${description.name}" (${id})`, member);
      }
      const verdict = await this.deps.imports.check(folder.source.path);
      if (!verdict.ok) throw bundleError('unprocessable', 'media-rejected', `${member} cannot be used: ${verdict.reason}`, member);
      const { facts } = verdict.checked;
      if (facts.kind !== description.kind) {
        throw bundleError('unprocessable', 'bundle-asset-invalid', `${member} is ${facts.kind === 'image' ? 'a picture' : `a ${facts.kind}`} by its content, but asset.json says ${description.kind}`, member);
      }
      if (description.captions) await this.checkCaptions(description, facts.durationSeconds, folder.json.member);
      checked.push({ bundleId: id, description, file: verdict.checked });
    }
    return checked;
  }

  private async checkCaptions(description: FlowBundleAsset, durationSeconds: number | null, member: string): Promise<void> {
    try {
      await this.deps.imports.checkCaptions(description.kind, durationSeconds, description.captions!);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const issues: Issue[] = error.issues.map((issue) => ({ ...issue, path: [member, 'captions', ...issue.path] }));
      throw new ServiceError('unprocessable', error.code, `${member}: ${error.message}`, issues.length > 0 ? issues : [{ path: [member, 'captions'], message: error.message }]);
    }
  }

  private async store(scope: Scope, actor: Actor, manifest: FlowBundleManifest, archive: BundleArchive, checked: CheckedAsset[]): Promise<FlowBundleImportResult> {
    const { flows, imports } = this.deps;
    const added: { bundleId: string; id: string; name: string }[] = [];
    const ids = new Map<string, string>();
    const taken = new Set([...(await flows.list(scope)), ...(await flows.list(scope, { archived: true }))].map((f) => f.name));
    const name = freeName(manifest.name, taken);
    let flow: FlowBundleImportResult['flow'];
    try {
      for (const { bundleId, description, file } of checked) {
        const record = await imports.add(scope, { name: description.name, posterAtSeconds: description.posterAtSeconds, captions: description.captions }, file);
        added.push({ bundleId, id: record.id, name: record.name });
        ids.set(bundleId, record.id);
      }
      flow = await flows.create(scope, actor, { definition: { ...remapPromptMedia(manifest.draft, ids), name } });
    } catch (error) {
      await Promise.allSettled(added.map((asset) => imports.discard(scope, asset.id)));
      throw error;
    }
    await this.deps.audit.record(scope, actor, 'flow.imported', { type: 'flow', id: flow.id, label: flow.name }, {
      bundleName: manifest.name,
      assets: added.length,
      bundlePublishedVersion: manifest.published?.version ?? null,
    });
    // Queued once nothing can fail any more: no job may work on an asset the cleanup above could still remove.
    for (const asset of added) await imports.process(asset.id);

    return {
      flow,
      assets: added.map((a) => ({ bundleAssetId: a.bundleId, assetId: a.id, name: a.name, status: 'uploading' as const })),
      bundlePublished: manifest.published ? { ...manifest.published, definition: remapPromptMedia(manifest.published.definition, ids) } : null,
      notes: this.notes(manifest, archive, name, added.length),
    };
  }

  private notes(manifest: FlowBundleManifest, archive: BundleArchive, name: string, assets: number): string[] {
    const notes: string[] = [];
    if (manifest.published) {
      const same = JSON.stringify({ ...manifest.published.definition, name: '' }) === JSON.stringify({ ...manifest.draft, name: '' });
      notes.push(
        `Not published: the bundle's published version ${manifest.published.version} was not published here, so the new flow has a draft only. ` +
          (same
            ? 'That version is the same as the draft: publish the draft once its media is ready.'
            : 'That version differs from the draft: `bundlePublished.definition` holds it (with the new media ids) if you want it as the draft.'),
      );
    }
    if (name !== manifest.name) notes.push(`A flow named "${manifest.name}" exists in this workspace: the imported one is named "${name}".`);
    if (assets > 0) {
      notes.push(`${assets} media file${assets === 1 ? ' is' : 's are'} being checked and converted as uploads are: the flow can be published once ${assets === 1 ? 'it is' : 'they are'} ready.`);
    }
    const used = usedAssets(manifest);
    const unused = [...archive.assets.keys()].filter((id) => !used.has(id));
    if (unused.length > 0) notes.push(`Not imported: ${unused.map((id) => flowBundleAssetDir(id)).join(', ')} (no step of the definitions uses ${unused.length === 1 ? 'it' : 'them'}).`);
    const links = [...new Set([...libraryFileLinks(manifest.draft), ...(manifest.published ? libraryFileLinks(manifest.published.definition) : [])])];
    if (links.length > 0) {
      notes.push(`The definitions link to media files of the server the bundle came from (${links.join(', ')}): those links do not load here; choose the media again from this library.`);
    }
    return notes;
  }
}
