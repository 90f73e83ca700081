// The chime itself, loaded the first time one plays (chime.ts): two short notes made with WebAudio, so
// there is no audio file to download.

let audio: AudioContext | null = null;

export function ring(): void {
  // Browsers let a frame play sound only after the visitor interacted with it or (allow="autoplay") the shop.
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
  const t = audio.currentTime;
  const gain = audio.createGain();
  gain.connect(audio.destination);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.4);
  [660, 880].forEach((hz, i) => {
    const osc = audio!.createOscillator();
    osc.frequency.value = hz;
    osc.connect(gain);
    osc.start(t + i * 0.12);
    osc.stop(t + 0.4);
  });
}
