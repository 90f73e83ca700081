import { signal } from '@preact/signals';
import type { OutboxStorage } from './outbox.ts';
import { load, save } from './saved.ts';

/** "on" when the visitor turned the sound on; absent (the default) is muted. */
export const SOUND_KEY = 'parley:sound';
/** The id of the last message a chime was played for, so two tabs of the shop do not both ring. */
const CHIMED_KEY = 'parley:chimed';

/**
 * The optional sound for a reply the visitor is not looking at (the chat closed, or the tab hidden). Muted
 * until the visitor turns it on; the choice is remembered, and followed by the shop's other tabs.
 */
export function createChime(storage: OutboxStorage | null) {
  const on = signal(load(storage, SOUND_KEY) === 'on');
  window.addEventListener('storage', (e) => {
    if (e.key === SOUND_KEY) on.value = e.newValue === 'on';
  });
  // The WebAudio code waits in its own chunk until a chime plays (most visitors never turn it on).
  const ring = (): void => void import('./tone.ts').then((tone) => tone.ring());

  return {
    on,
    toggle(): void {
      on.value = !on.value;
      save(storage, SOUND_KEY, on.value ? 'on' : 'off');
      // Turning it on plays it once: the visitor hears what it sounds like, and the click unlocks audio.
      if (on.value) ring();
    },
    /** Rings once for message `id` across the shop's tabs (the first tab to claim it), when the sound is on. */
    play(id: string): void {
      if (!on.value) return;
      const claim = (): void => {
        if (load(storage, CHIMED_KEY) === id) return;
        save(storage, CHIMED_KEY, id);
        ring();
      };
      // A lock makes the claim one step across tabs; without the API a rare double ring is all that can happen.
      if (navigator.locks) void navigator.locks.request(CHIMED_KEY, claim);
      else claim();
    },
  };
}

export type Chime = ReturnType<typeof createChime>;
