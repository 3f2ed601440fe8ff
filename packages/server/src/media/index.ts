export { FfmpegMediaProcessor, type FfmpegMediaProcessorOptions } from './ffmpeg-media-processor.js';
export { measureMeanVolumeDb, type MeasureLoudnessOptions } from './loudness.js';
export { MediaToolError, type MediaToolFailure } from './media-tool-error.js';
