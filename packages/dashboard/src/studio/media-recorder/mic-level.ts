// The microphone's level for <rb-prompt-recorder>'s meter, so an owner sees the microphone hears them before a
// take (as the widget's recorder shows viewers). Drawn outside Lit: it changes every frame.

/** Calls `onLevel` (0–1, the peak of the last frame) on every animation frame; returns what stops it. */
export function watchLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  if (!stream.getAudioTracks().length || typeof AudioContext !== 'function') return () => undefined;
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 256;
  context.createMediaStreamSource(stream).connect(analyser);
  void context.resume().catch(() => undefined);
  const samples = new Uint8Array(analyser.fftSize);
  let frame = 0;
  const draw = () => {
    analyser.getByteTimeDomainData(samples);
    let peak = 0;
    for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
    onLevel(Math.min(1, peak / 64));
    frame = requestAnimationFrame(draw);
  };
  draw();
  return () => {
    cancelAnimationFrame(frame);
    void context.close().catch(() => undefined);
  };
}
