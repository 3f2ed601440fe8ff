/** How large a flow bundle an import reads. */
export interface FlowBundleSettings {
  /**
   * The whole request, and everything a gzip-compressed one unpacks to. Default: four assets at the library's upload
   * limit (4 GB with the default 1 GB), plus room for the JSON.
   */
  maxBytes: number;
  /** Members of the archive, folders included (default 2048: two definitions of 200 steps, three files an asset). */
  maxEntries: number;
  /** `manifest.json` and each `asset.json` (default 32 MB: thousands of caption cues with their words). */
  maxJsonBytes: number;
  /** Each `captions.vtt` (default 8 MB). */
  maxCaptionsBytes: number;
}

const MB = 1_000_000;

export function defaultFlowBundleSettings(libraryMaxUploadBytes: number): FlowBundleSettings {
  return { maxBytes: 4 * libraryMaxUploadBytes + 64 * MB, maxEntries: 2048, maxJsonBytes: 32 * MB, maxCaptionsBytes: 8 * MB };
}
