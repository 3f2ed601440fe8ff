// Types for whisper.mjs, so the server's TypeScript tests can build `main` with the bootstrap's own code.
export declare const WHISPER_CACHE_DIR: string;
export declare const WHISPER_BINARY: string;
export declare const WHISPER_STAMP: string;
export interface WhisperStamp {
  whisperNode: string;
  sources: string;
  compiler: string;
  arch: string;
  cpu: string;
}
export declare function whisperSourceDir(root: string): string;
export declare function whisperStamp(sourceDir: string): WhisperStamp;
export declare function whisperBuildReason(root: string, stamp: WhisperStamp): string | null;
export declare function ensureWhisper(
  root: string,
  options?: { force?: boolean; optional?: boolean },
): Promise<{ binary: string; built: boolean; reason: string | null; error?: string }>;
