// Whisper model management: the catalogue, the cache folder, resumable downloads, checks, and the choice of model.
export {
  CATALOGUE,
  DEFAULT_MODELS_URL,
  PREFERENCE,
  type CatalogueEntry,
  findModel,
  isValidModelName,
  modelFileName,
  modelNameFromFile,
  modelUrl,
} from './catalogue.js';
export { checkModelFile, GGML_MAGIC, type ModelFileCheck } from './check-model-file.js';
export { sha1File } from './checksum.js';
export { DownloadError, type DownloadErrorKind, type DownloadEvent, type DownloadRequest, type DownloadResult, downloadModel, partPathOf } from './download.js';
export { resolveModelsDir, resolveModelsUrl } from './models-env.js';
export { EXIT, MODELS_USAGE, type ModelsCommandIO, runModelsCommand } from './models-command.js';
export { cachedModelNames, ModelConfigError, type ResolvedModel, resolveWhisperModel } from './resolve-model.js';
export { type VerifyResult, verifyModelFile } from './verify.js';
