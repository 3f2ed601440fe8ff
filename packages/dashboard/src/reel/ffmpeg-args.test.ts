import { describe, expect, it } from 'vitest';
import { buildReelArgs, logTimeSeconds, probeFromLog, reelFrameSize, type MediaProbe } from './ffmpeg-args.js';

// What @ffmpeg/core 0.12.10 logged for `-hide_banner -i` on fixtures/clip-a.mp4 (a copy of its lines); the
// other two are in the same format, for cases the fixtures do not have (cover art, a phone's rotation).
const VIDEO_WITH_SOUND = [
  "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'part1.mp4':",
  '  Metadata:',
  '    major_brand     : isom',
  '  Duration: 00:00:02.00, start: 0.000000, bitrate: 182 kb/s',
  '  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 320x240 [SAR 1:1 DAR 4:3], 135 kb/s, 30 fps, 30 tbr, 15360 tbn (default)',
  '    Metadata:',
  '      handler_name    : VideoHandler',
  '  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 32 kb/s (default)',
  'At least one output file must be specified',
  'Aborted()',
];
const AUDIO_WITH_COVER = [
  '  Duration: 00:01:05.50, start: 0.000000, bitrate: 129 kb/s',
  '  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)',
  '  Stream #0:1[0x0]: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600, 90k tbr, 90k tbn (attached pic)',
];
const PHONE_PORTRAIT = [
  '  Duration: 00:00:04.00, start: 0.000000, bitrate: 2000 kb/s',
  '  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080, 1900 kb/s, 29.97 fps (default)',
  '      displaymatrix: rotation of -90.00 degrees',
];

const probe = (p: Partial<MediaProbe>): MediaProbe => ({ hasVideo: true, hasAudio: true, width: 320, height: 240, durationSeconds: 2, ...p });

describe('ffmpeg log reading', () => {
  it('finds the streams, the picture size and the length', () => {
    expect(probeFromLog(VIDEO_WITH_SOUND)).toEqual({ hasVideo: true, hasAudio: true, width: 320, height: 240, durationSeconds: 2 });
    expect(probeFromLog(AUDIO_WITH_COVER)).toEqual({ hasVideo: false, hasAudio: true, width: null, height: null, durationSeconds: 65.5 });
    expect(probeFromLog(PHONE_PORTRAIT)).toEqual({ hasVideo: true, hasAudio: false, width: 1080, height: 1920, durationSeconds: 4 });
    expect(probeFromLog(['part0.mp4: Invalid data found when processing input'])).toEqual({
      hasVideo: false,
      hasAudio: false,
      width: null,
      height: null,
      durationSeconds: null,
    });
  });

  it('reads the output time of progress lines', () => {
    expect(logTimeSeconds('frame=   45 fps= 12 q=-1.0 size=     256kB time=00:00:01.50 bitrate=1398.1kbits/s speed=0.4x')).toBe(1.5);
    expect(logTimeSeconds('size=N/A time=01:02:03.25 bitrate=N/A')).toBe(3723.25);
    expect(logTimeSeconds('size=       0kB time=-00:00:00.03 bitrate=N/A')).toBe(0);
    expect(logTimeSeconds('size=N/A time=N/A bitrate=N/A')).toBeNull();
    expect(logTimeSeconds('Stream mapping:')).toBeNull();
  });
});

describe('the reel frame', () => {
  it('takes the first picture, no larger than 720p, with even sides', () => {
    expect(reelFrameSize([probe({})])).toEqual({ width: 320, height: 240 });
    expect(reelFrameSize([probe({ hasVideo: false, width: null, height: null }), probe({ width: 1920, height: 1080 })])).toEqual({ width: 1280, height: 720 });
    expect(reelFrameSize([probe({ width: 1080, height: 1920 })])).toEqual({ width: 720, height: 1280 });
    expect(reelFrameSize([probe({ width: 333, height: 187 })])).toEqual({ width: 334, height: 188 });
    expect(reelFrameSize([probe({ width: 4000, height: 1000 })])).toEqual({ width: 1280, height: 320 });
    expect(reelFrameSize([probe({ hasVideo: false, width: null, height: null })])).toEqual({ width: 640, height: 360 });
  });
});

describe('the reel command', () => {
  it('trims, evens out and joins the parts, with silence and a plain frame where a part has none', () => {
    const args = buildReelArgs({
      inputs: [
        { file: 'part0.mp4', start: 0.5, duration: 1, hasVideo: true, hasAudio: true },
        { file: 'part1.mp4', start: 0, duration: 1.2000000000000002, hasVideo: true, hasAudio: false },
        { file: 'part2.mp4', start: 2, duration: 3, hasVideo: false, hasAudio: true },
      ],
      size: { width: 320, height: 240 },
      subtitles: 'reel.vtt',
      output: 'reel.mp4',
    });
    const at = (flag: string, from = 0) => args.indexOf(flag, from);
    expect(args.slice(0, 17)).toEqual([
      '-hide_banner',
      '-ss', '0.5', '-t', '1', '-i', 'part0.mp4',
      '-ss', '0', '-t', '1.2', '-i', 'part1.mp4',
      '-ss', '2', '-t', '3',
    ]);
    expect(args.slice(17, 21)).toEqual(['-i', 'part2.mp4', '-i', 'reel.vtt']);
    const graph = args[at('-filter_complex') + 1]!.split(';');
    expect(graph).toEqual([
      '[0:v:0]setpts=PTS-STARTPTS,scale=320:240:force_original_aspect_ratio=decrease,pad=320:240:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=30,format=yuv420p,tpad=stop_mode=clone:stop_duration=1,trim=duration=1[v0]',
      '[0:a:0]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,apad,atrim=duration=1[a0]',
      '[1:v:0]setpts=PTS-STARTPTS,scale=320:240:force_original_aspect_ratio=decrease,pad=320:240:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=30,format=yuv420p,tpad=stop_mode=clone:stop_duration=1.2,trim=duration=1.2[v1]',
      'anullsrc=r=48000:cl=stereo,atrim=duration=1.2,aformat=sample_fmts=fltp[a1]',
      'color=c=0x1c1e24:s=320x240:r=30:d=3,setsar=1,format=yuv420p[v2]',
      '[2:a:0]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,apad,atrim=duration=3[a2]',
      '[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[vout][aout]',
    ]);
    const rest = args.slice(at('-filter_complex') + 2);
    expect(rest).toEqual([
      '-map', '[vout]', '-map', '[aout]',
      '-map', '3:s:0', '-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng', '-metadata:s:s:0', 'handler_name=Transcript',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26', '-pix_fmt', 'yuv420p', '-r', '30',
      '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
      '-movflags', '+faststart', 'reel.mp4',
    ]);
  });

  it('leaves the subtitle stream out when there are no captions, and refuses an empty reel', () => {
    const args = buildReelArgs({
      inputs: [{ file: 'part0.mp4', start: 0, duration: 2, hasVideo: true, hasAudio: true }],
      size: { width: 640, height: 360 },
      subtitles: null,
      output: 'reel.mp4',
    });
    expect(args).not.toContain('mov_text');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args[args.indexOf('-filter_complex') + 1]).toContain('[v0][a0]concat=n=1:v=1:a=1[vout][aout]');
    expect(() => buildReelArgs({ inputs: [], size: { width: 640, height: 360 }, subtitles: null, output: 'reel.mp4' })).toThrow();
  });
});
