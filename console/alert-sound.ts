// Alert sounds are synthesised (WebAudio oscillators): no audio files to load, cache or license.

type Tone = { freq: number; at: number; length: number; wave: OscillatorType };

/** Two soft rising notes for a new chat or message; an urgent handoff has three sharp, high pulses. */
const TUNES: Record<'normal' | 'urgent', Tone[]> = {
  normal: [
    { freq: 660, at: 0, length: 0.12, wave: 'sine' },
    { freq: 880, at: 0.14, length: 0.16, wave: 'sine' },
  ],
  urgent: [0, 0.18, 0.36].map((at) => ({ freq: 1046, at, length: 0.12, wave: 'square' as const })),
};

let audio: AudioContext | null = null;

/**
 * Browsers start audio only after the user touched the page: the first click or key press in the console
 * creates the context, so that alerts arriving later can sound.
 */
export function unlockAudioOnFirstGesture(): void {
  const unlock = () => {
    if (typeof AudioContext === 'undefined') return;
    audio ??= new AudioContext();
    void audio.resume().catch(() => undefined);
  };
  for (const type of ['pointerdown', 'keydown'] as const) addEventListener(type, unlock, { once: true, capture: true });
}

export function playAlertSound(kind: 'normal' | 'urgent'): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime + 0.01;
  for (const tone of TUNES[kind]) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = tone.wave;
    osc.frequency.value = tone.freq;
    // A short fade in and out: an abrupt start or stop clicks.
    gain.gain.setValueAtTime(0, start + tone.at);
    gain.gain.linearRampToValueAtTime(kind === 'urgent' ? 0.12 : 0.2, start + tone.at + 0.02);
    gain.gain.linearRampToValueAtTime(0, start + tone.at + tone.length);
    osc.connect(gain).connect(audio.destination);
    osc.start(start + tone.at);
    osc.stop(start + tone.at + tone.length + 0.02);
  }
}
