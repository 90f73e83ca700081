/**
 * Whether this node takes another visitor message now. Past capacity a message is refused at once with
 * `busy` (nothing stored; the widget sends it again a few seconds later, and a node behind a load balancer
 * sheds to its peers) instead of waiting in a queue until the sender's acknowledgement times out. Two
 * signs of overload, either one enough: too many messages in flight (received, not yet answered by the
 * bot), or an event loop running late on average over the last second. Draining (SIGTERM) refuses every
 * new message and tells when the last one in flight is done.
 */
export interface Admission {
  /** True if a message may go ahead; it then counts as in flight until leave(). */
  enter(): boolean;
  leave(): void;
  /** Refuses every new message from now on; resolves when none is in flight. */
  drain(): Promise<void>;
  readonly inFlight: number;
  stop(): void;
}

export interface AdmissionLimits {
  /** Messages in flight at most; Infinity = no limit. */
  maxTurns: number;
  /** Mean event-loop delay over the last second above which messages are refused; null = not watched. */
  maxLagMs: number | null;
}

/**
 * The delay is what an event arriving at a random moment of the last LAG_WINDOW_MS waited for the loop:
 * a TICK_MS timer that fires L ms late means the loop was busy for L ms, during which arrivals waited L/2
 * on average. (perf_hooks' monitorEventLoopDelay was tried first: on Node 20 its histogram did not show a
 * 300 ms block of the loop at all.)
 */
const TICK_MS = 50;
const LAG_WINDOW_MS = 1000;

export function createAdmission({ maxTurns, maxLagMs }: AdmissionLimits): Admission {
  let inFlight = 0;
  let lagging = false;
  let draining = false;
  let idle: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  if (maxLagMs !== null) {
    let last = performance.now();
    let windowStart = last;
    let waited = 0;
    timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - last - TICK_MS);
      waited += (late * late) / 2;
      last = now;
      if (now - windowStart < LAG_WINDOW_MS) return;
      lagging = waited / (now - windowStart) > maxLagMs;
      windowStart = now;
      waited = 0;
    }, TICK_MS);
    timer.unref();
  }
  return {
    enter() {
      if (draining || lagging || inFlight >= maxTurns) return false;
      inFlight++;
      return true;
    },
    leave() {
      inFlight--;
      if (inFlight === 0 && idle) idle();
    },
    drain() {
      draining = true;
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => (idle = resolve));
    },
    get inFlight() {
      return inFlight;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
