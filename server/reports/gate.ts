/** How many reports (figures or CSV) one process builds at once: each reads up to a year of rows. */
export const MAX_REPORTS_AT_ONCE = 2;

export interface Gate {
  /** A slot, or null when all are taken; release it exactly once when done (a second call does nothing). */
  enter(): (() => void) | null;
  readonly busy: number;
}

/**
 * A counter of work in progress with a ceiling: a lead's year-long report takes CPU and a connection for
 * seconds, so a few leads pressing "Show" together get `busy` (503, try again) instead of slowing every
 * visitor's chat on the node.
 */
export function createGate(max = MAX_REPORTS_AT_ONCE): Gate {
  let busy = 0;
  return {
    enter() {
      if (busy >= max) return null;
      busy++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        busy--;
      };
    },
    get busy() {
      return busy;
    },
  };
}
