import { signal } from '@preact/signals';
import type { OutboxStorage } from './outbox.ts';

/** "on" when the visitor turned the sound on; absent (the default) is muted. */
export const SOUND_KEY = 'parley:sound';
/** The id of the last message a chime was played for, so two tabs of the shop do not both ring. */
const CHIMED_KEY = 'parley:chimed';

/**
 * The optional sound for a reply that arrives while the chat is closed: a short two-note tone made with
 * WebAudio (no audio file to download). Muted until the visitor turns it on; the choice is remembered, and
 * followed by the shop's other tabs.
 */
export function createChime(storage: OutboxStorage | null) {
  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string): void => {
    try {
      storage?.setItem(key, value);
    } catch {}
  };
  const on = signal(read(SOUND_KEY) === 'on');
  let audio: AudioContext | null = null;

  window.addEventListener('storage', (e) => {
    if (e.key === SOUND_KEY) on.value = e.newValue === 'on';
  });

  const ring = (): void => {
    // Browsers let a page play sound only after the visitor interacted with it; the toggle's click counts.
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
  };

  return {
    on,
    toggle(): void {
      on.value = !on.value;
      write(SOUND_KEY, on.value ? 'on' : 'off');
      if (on.value) ring();
    },
    /** Rings once for message `id` across the shop's tabs (the first tab to claim it), when the sound is on. */
    play(id: string): void {
      if (!on.value) return;
      const claim = (): void => {
        if (read(CHIMED_KEY) === id) return;
        write(CHIMED_KEY, id);
        ring();
      };
      // A lock makes the claim one step across tabs; without the API a rare double ring is all that can happen.
      if (navigator.locks) void navigator.locks.request(CHIMED_KEY, claim);
      else claim();
    },
  };
}

export type Chime = ReturnType<typeof createChime>;
