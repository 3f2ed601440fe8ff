import { resolve } from 'node:path';
import { DEFAULT_MODELS_URL } from './catalogue.js';

/**
 * The environment variables model management reads. Pure helpers (no I/O) that follow `config/config.ts`'s
 * rules: a blank value counts as unset, relative paths are resolved against the working directory, and the data
 * folder defaults to `./data`, as `parseConfig` resolves `REELBACK_DATA_DIR`.
 *
 * - `REELBACK_MODELS_DIR`  cache folder (default `<REELBACK_DATA_DIR>/models`)
 * - `REELBACK_MODELS_URL`  base URL the `ggml-<name>.bin` files are fetched from (a mirror; tests)
 * - `WHISPER_MODEL`        a model file anywhere: used as is, wins over the cache
 * - `WHISPER_MODEL_NAME`   a model name to take from the cache (e.g. `small.en`), instead of the automatic choice
 */
export type Env = Record<string, string | undefined>;

export function envValue(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

export function resolveModelsDir(env: Env, cwd = process.cwd()): string {
  const explicit = envValue(env, 'REELBACK_MODELS_DIR');
  if (explicit !== undefined) return resolve(cwd, explicit);
  // Same default and resolution as parseConfig's `dataDir`.
  return resolve(cwd, envValue(env, 'REELBACK_DATA_DIR') ?? './data', 'models');
}

export function resolveModelsUrl(env: Env): string {
  return (envValue(env, 'REELBACK_MODELS_URL') ?? DEFAULT_MODELS_URL).replace(/\/+$/, '');
}
