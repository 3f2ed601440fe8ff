/**
 * The microphone's sound through one Web Audio graph: it feeds the recorder's level meter and, for MP4 recorders,
 * the recording itself, through a gain that can silence the take from the Stop press on (`hush`).
 *
 * Why not `track.enabled = false`: an MP4 recorder has to run on after the press until the fragment holding the
 * press is written (recorder.component.ts `_stop`), and WebKitGTK's MediaRecorder (GStreamer) fills a disabled
 * audio track with silence as fast as it can, not in real time: about 800 s of silence per second of waiting,
 * measured. A 3 s take came out as a 5 MB, 400 s file that the server refused as too long. A muted gain in a
 * running audio context keeps the sound card's pace, so the wait adds only that much silence.
 */
export interface MicrophoneTap {
  /** What the level meter reads. */
  readonly analyser: AnalyserNode;
  /**
   * What an MP4 recorder records: the stream's video tracks with the tapped sound; null while the audio context
   * does not run (a browser may hold it suspended), as its destination would then record nothing at all.
   */
  recordable(): MediaStream | null;
  /** Silence in the tapped sound from now on (the level meter still moves). */
  hush(): void;
  /** Resumes the audio context: call it on the viewer's press, which lets a suspended context start. */
  wake(): void;
  close(): void;
}

export function tapMicrophone(stream: MediaStream): MicrophoneTap | null {
  if (!stream.getAudioTracks().length || typeof AudioContext !== 'function') return null;
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 256;
  source.connect(analyser);
  const gain = context.createGain();
  const destination = context.createMediaStreamDestination();
  source.connect(gain).connect(destination);
  const wake = () => void context.resume().catch(() => undefined);
  wake();
  return {
    analyser,
    recordable: () => {
      if (context.state !== 'running') return null;
      gain.gain.value = 1;
      return new MediaStream([...stream.getVideoTracks(), ...destination.stream.getAudioTracks()]);
    },
    hush: () => (gain.gain.value = 0),
    wake,
    close: () => void context.close().catch(() => undefined),
  };
}
