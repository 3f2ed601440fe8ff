// What ffmpeg is told to do, and what is read back from its log: pure, so the command lines are tested
// without the 32 MB core.

/** What `ffmpeg -i file` printed about one input. */
export interface MediaProbe {
  hasVideo: boolean;
  hasAudio: boolean;
  /** Displayed size (after the rotation a phone recorded), when there is a picture. */
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

/** Reads `ffmpeg -hide_banner -i file`'s log lines (it exits with "At least one output file must be specified"). */
export function probeFromLog(lines: readonly string[]): MediaProbe {
  const probe: MediaProbe = { hasVideo: false, hasAudio: false, width: null, height: null, durationSeconds: null };
  let rotated = false;
  for (const line of lines) {
    const duration = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
    if (duration && probe.durationSeconds === null) {
      probe.durationSeconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
    }
    // Cover art in an audio file is a "Video: mjpeg … (attached pic)": no picture to play.
    if (/Stream #\d+:\d+.*: Video: /.test(line) && !/attached pic/.test(line) && !probe.hasVideo) {
      probe.hasVideo = true;
      const size = /, (\d{2,5})x(\d{2,5})[ ,[]/.exec(line);
      if (size) {
        probe.width = Number(size[1]);
        probe.height = Number(size[2]);
      }
    }
    if (/Stream #\d+:\d+.*: Audio: /.test(line)) probe.hasAudio = true;
    if (/rotation of -?(90|270)(\.0+)? degrees/.test(line)) rotated = true;
  }
  if (rotated && probe.width !== null && probe.height !== null) [probe.width, probe.height] = [probe.height, probe.width];
  return probe;
}

export interface FrameSize {
  width: number;
  height: number;
}

/**
 * The reel's frame: the first picture's shape, no larger than 1280×720 (720×1280 standing), even sides for
 * yuv420p. Every other part is scaled into it and padded. A reel of audio answers only is 640×360.
 */
export function reelFrameSize(probes: readonly MediaProbe[]): FrameSize {
  const first = probes.find((p) => p.hasVideo && p.width && p.height);
  if (!first) return { width: 640, height: 360 };
  const [w, h] = [first.width!, first.height!];
  const [boxW, boxH] = w >= h ? [1280, 720] : [720, 1280];
  const scale = Math.min(1, boxW / w, boxH / h);
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(w), height: even(h) };
}

export interface ReelInput {
  /** The file's name in ffmpeg's memory file system. */
  file: string;
  /** Seconds into the clip. */
  start: number;
  /** Seconds of it on the reel. */
  duration: number;
  /** From the probe: a part without picture plays over a plain frame, one without sound gets silence. */
  hasVideo: boolean;
  hasAudio: boolean;
}

export interface ReelCommand {
  inputs: readonly ReelInput[];
  size: FrameSize;
  /** A WebVTT file in the file system to mux as a `mov_text` subtitle stream, or null. */
  subtitles: string | null;
  output: string;
}

export const REEL_FPS = 30;
/** The plain frame behind an audio answer: the dashboard's dark text colour. */
const AUDIO_BACKGROUND = '0x1c1e24';

/** `1.5`, not `1.5000000000000002`: ffmpeg reads these as text. */
function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * One ffmpeg run: each input read only for its range (`-ss`/`-t` before `-i` seek without decoding the rest),
 * every part made the same shape (frame size, 30 fps, yuv420p, 48 kHz stereo, exactly its length: the picture
 * held on its last frame and the sound padded with silence), then joined by the concat filter into one
 * H.264/AAC MP4 that starts playing before it has all loaded. `ultrafast` because the single-thread wasm x264
 * is slow.
 */
export function buildReelArgs(command: ReelCommand): string[] {
  const { inputs, size, subtitles, output } = command;
  if (inputs.length === 0) throw new Error('a reel needs at least one part');
  const { width: W, height: H } = size;
  const args = ['-hide_banner'];
  for (const input of inputs) args.push('-ss', num(input.start), '-t', num(input.duration), '-i', input.file);
  if (subtitles) args.push('-i', subtitles);

  const graph: string[] = [];
  inputs.forEach((input, i) => {
    const d = num(input.duration);
    graph.push(
      input.hasVideo
        ? `[${i}:v:0]setpts=PTS-STARTPTS,scale=${W}:${H}:force_original_aspect_ratio=decrease,` +
            `pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=${REEL_FPS},format=yuv420p,` +
            `tpad=stop_mode=clone:stop_duration=${d},trim=duration=${d}[v${i}]`
        : `color=c=${AUDIO_BACKGROUND}:s=${W}x${H}:r=${REEL_FPS}:d=${d},setsar=1,format=yuv420p[v${i}]`,
    );
    graph.push(
      input.hasAudio
        ? `[${i}:a:0]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,` +
            `apad,atrim=duration=${d}[a${i}]`
        : `anullsrc=r=48000:cl=stereo,atrim=duration=${d},aformat=sample_fmts=fltp[a${i}]`,
    );
  });
  graph.push(`${inputs.map((_, i) => `[v${i}][a${i}]`).join('')}concat=n=${inputs.length}:v=1:a=1[vout][aout]`);

  args.push('-filter_complex', graph.join(';'), '-map', '[vout]', '-map', '[aout]');
  if (subtitles) {
    args.push('-map', `${inputs.length}:s:0`, '-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng', '-metadata:s:s:0', 'handler_name=Transcript');
  }
  args.push(
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26', '-pix_fmt', 'yuv420p', '-r', String(REEL_FPS),
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
    '-movflags', '+faststart', output,
  );
  return args;
}

/** The output time in a progress line (`… time=00:00:03.46 bitrate=…`), in seconds; null for other lines. */
export function logTimeSeconds(message: string): number | null {
  const match = /time=(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(message);
  if (!match) return null;
  if (match[1] === '-') return 0;
  return Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
}
