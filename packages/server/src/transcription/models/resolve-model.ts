import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  CATALOGUE,
  type CatalogueEntry,
  isValidModelName,
  modelFileName,
  modelNameFromFile,
  preferenceRank,
} from './catalogue.js';
import { type Env, envValue, resolveModelsDir } from './models-env.js';

export interface ResolvedModel {
  path: string;
  /** `env`: `WHISPER_MODEL` names the file; `cache`: a model in the models folder. */
  source: 'env' | 'cache';
  /** The model name (`base.en`), or the file name for a `WHISPER_MODEL` file not named `ggml-<name>.bin`. */
  name: string;
}

export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

function nonEmptyFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return stats.isFile() && stats.size > 0;
  } catch {
    return false;
  }
}

/** Names of the `ggml-<name>.bin` files in the folder (not `.part`s), best first. */
export function cachedModelNames(dir: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .map((file) => modelNameFromFile(file))
    .filter((name): name is string => name !== null && nonEmptyFile(join(dir, modelFileName(name))))
    .sort((a, b) => preferenceRank(a, catalogue) - preferenceRank(b, catalogue) || a.localeCompare(b));
}

/**
 * Which whisper model the server should use, without reading more than directory entries:
 *
 * 1. `WHISPER_MODEL`: that file, whatever its name or place, even when missing (an explicit choice is reported
 *    as missing by `checkModelFile`, never silently replaced);
 * 2. `WHISPER_MODEL_NAME`: `ggml-<name>.bin` in the models folder, even when missing, for the same reason;
 * 3. otherwise the best non-empty `ggml-*.bin` in the models folder (`PREFERENCE`: base.en, base, small.en, …);
 * 4. `null` when there is none.
 *
 * Check the file with `checkModelFile` before use. Throws `ModelConfigError` for a malformed `WHISPER_MODEL_NAME`.
 */
export function resolveWhisperModel(
  env: Env,
  options: { cwd?: string; catalogue?: readonly CatalogueEntry[] } = {},
): ResolvedModel | null {
  const cwd = options.cwd ?? process.cwd();
  const explicitFile = envValue(env, 'WHISPER_MODEL');
  if (explicitFile !== undefined) {
    const path = resolve(cwd, explicitFile);
    return { path, source: 'env', name: modelNameFromFile(basename(path)) ?? basename(path) };
  }
  const dir = resolveModelsDir(env, cwd);
  const explicitName = envValue(env, 'WHISPER_MODEL_NAME');
  if (explicitName !== undefined) {
    if (!isValidModelName(explicitName)) {
      throw new ModelConfigError(
        `WHISPER_MODEL_NAME must be a model name such as base.en or small-q5_1, got '${explicitName}'`,
      );
    }
    return { path: join(dir, modelFileName(explicitName)), source: 'cache', name: explicitName };
  }
  const best = cachedModelNames(dir, options.catalogue)[0];
  return best === undefined ? null : { path: join(dir, modelFileName(best)), source: 'cache', name: best };
}
