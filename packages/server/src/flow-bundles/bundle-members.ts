import { FLOW_BUNDLE_MANIFEST, FlowBundleAsset, FlowBundleManifest } from '@reelback/shared';
import type * as z from 'zod';
import { type Issue, ServiceError } from '../errors/service-error.js';
import type { ArchiveAsset, BundleArchive } from './bundle-archive-reader.js';
import { bundleError } from './bundle-archive-reader.js';

/** A JSON member against its schema; problems are 422s whose issues start with the member's name. */
function parseMember<S extends z.ZodType>(schema: S, member: { member: string; bytes: Buffer }, code: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(member.bytes.toString('utf8'));
  } catch (error) {
    throw bundleError('unprocessable', code, `${member.member} is not JSON: ${error instanceof Error ? error.message : String(error)}`, member.member);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = parsed.error.issues.map((issue) => ({
    path: [member.member, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))],
    message: issue.message,
    code: issue.code,
  }));
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new ServiceError('unprocessable', code, `${first.path.join('.')}: ${first.message}${more}`, issues);
}

export function parseManifest(archive: BundleArchive): FlowBundleManifest {
  if (!archive.manifest) {
    throw bundleError('unprocessable', 'bundle-manifest-missing', `the archive has no ${FLOW_BUNDLE_MANIFEST}: it is not a flow bundle (export the flow with GET /api/v1/flows/:flowId/bundle)`);
  }
  return parseMember(FlowBundleManifest, archive.manifest, 'bundle-manifest-invalid');
}

/** An asset's `asset.json`, which must describe the asset of its own folder. */
export function parseAssetJson(id: string, folder: ArchiveAsset & { json: NonNullable<ArchiveAsset['json']> }): FlowBundleAsset {
  const asset = parseMember(FlowBundleAsset, folder.json, 'bundle-asset-invalid');
  if (asset.id !== id) {
    throw bundleError('unprocessable', 'bundle-asset-invalid', `${folder.json.member} describes ${asset.id}, not the asset of its folder (${id})`, folder.json.member);
  }
  return asset;
}
