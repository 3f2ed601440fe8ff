// The microphone's level for <rb-prompt-recorder>'s meter, so an owner sees the microphone hears them before a
// take (as the widget's recorder shows viewers). Drawn outside Lit: it changes every frame. It reads the analyser of
// the microphone's tap (`tapMicrophone`), the one audio graph that also feeds MP4 takes.

/** Calls `onLevel` (0–1, the peak of the last frame) on every animation frame; returns what stops it. */
export function watchLevel(analyser: AnalyserNode, onLevel: (level: number) => void): () => void {
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
  return () => cancelAnimationFrame(frame);
}
