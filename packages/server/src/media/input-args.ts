import { resolve } from 'node:path';

/**
 * Demuxers an uploaded file may be read with. Without a list, ffmpeg picks a demuxer from the content, and
 * some follow references inside the file: a text file holding an HLS playlist or an ffconcat list makes
 * ffmpeg open other local files or URLs (the classic upload-transcoder hole). So only containers that
 * browsers record into or people export from, plus single-image demuxers, which are harmless and let
 * `inspect` say "this is a picture" instead of "unknown format".
 */
const ALLOWED_DEMUXERS = [
  'matroska',
  'webm',
  'mov',
  'mp4',
  'm4a',
  '3gp',
  'ogg',
  'wav',
  'mp3',
  'flac',
  'aac',
  'avi',
  'mpegts',
  'png_pipe',
  'jpeg_pipe',
  'bmp_pipe',
  'webp_pipe',
  'tiff_pipe',
  'gif',
  'apng',
];

/**
 * Input options and the input for an untrusted file, for ffmpeg and ffprobe alike. The `file:` prefix keeps a name like `x:y` or one
 * starting with `-` from being read as a protocol or an option.
 */
export function safeInputArgs(path: string): string[] {
  return [
    '-format_whitelist',
    ALLOWED_DEMUXERS.join(','),
    '-protocol_whitelist',
    'file',
    '-i',
    `file:${resolve(path)}`,
  ];
}
