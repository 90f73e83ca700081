/** What bench/load.ts tells one load process (bench/load/visitors.ts). */
export interface LoaderJob {
  /** The nodes' base URLs; visitor i talks to urls[i % urls.length]. */
  urls: string[];
  visitors: number;
  /** This process's first visitor number (spreads visitors over nodes and question order). */
  offset: number;
  seconds: number;
  periodMs: number;
}

/** What one load process reports after its run. Latencies in milliseconds. */
export interface LoaderReport {
  sent: number;
  ack: number[];
  reply: number[];
  /** No acknowledgement within 10 s. */
  unacked: number;
  /** Acknowledged, but no bot reply within 10 s of the run's end (conversations with a person excluded). */
  unanswered: number;
  /** Error acknowledgements by code (rate_limited, busy, …). */
  refused: Record<string, number>;
  handedOff: number;
  connected: number;
  connectFailures: number;
  /** This process's CPU over the run, in % of one core. */
  cpuPercent: number;
}
