import type { Worker } from 'node:worker_threads';
import type { IntentPack } from '../intents/schema.ts';
import type { Logger } from '../log.ts';
import { startWorker } from '../worker-thread.ts';
import type { TrainedMatcher } from './matcher.ts';
import type { Bot, Decision, Turn } from './types.ts';

/**
 * The bot's decisions on a worker thread. Matching a message costs more than everything else a visitor
 * message asks of the event loop together (a third of its busy time at 300 messages/s, bench/load.ts):
 * on a thread of its own it runs on another core while the loop reads, stores and sends. The bot is
 * pure, so the thread holds its own copy and only turns and decisions cross.
 */
export interface BotThread {
  decide(turn: Turn): Promise<Decision>;
  /** A reloaded pack: turns posted from now on are decided by it. */
  use(pack: IntentPack, trained: TrainedMatcher): void;
  close(): Promise<void>;
}

export interface BotThreadStart {
  pack: IntentPack;
  trained: TrainedMatcher;
}
export type BotThreadRequest = { kind: 'decide'; id: number; turn: Turn } | ({ kind: 'use' } & BotThreadStart);
export type BotThreadReply = { id: number; decision: Decision } | { id: number; error: string };

export interface BotThreadDeps {
  /** The same bot on the event loop: it decides whatever the thread cannot, should the thread die. */
  fallback: () => Bot;
  log: Logger;
}

export function startBotThread(start: BotThreadStart, { fallback, log }: BotThreadDeps): BotThread {
  const pending = new Map<number, { turn: Turn; resolve: (d: Decision) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let worker: Worker | null = startWorker('bot-worker', start);
  // Idle, the thread keeps nothing alive; turns in flight hold the process through their sockets anyway.
  worker.unref();

  /** Every turn the thread still holds is decided on the event loop. */
  const handBack = () => {
    for (const [id, p] of pending) {
      pending.delete(id);
      try {
        p.resolve(fallback().decide(p.turn));
      } catch (err) {
        p.reject(err as Error);
      }
    }
  };
  /** The thread is gone: every turn it held, and every later one, is decided on the event loop. */
  const lose = (why: string) => {
    if (!worker) return;
    worker = null;
    log.error({ why, pending: pending.size }, 'bot thread lost; deciding on the event loop from now on');
    handBack();
  };
  worker.on('message', (reply: BotThreadReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if ('decision' in reply) p.resolve(reply.decision);
    else p.reject(new Error(`bot decision failed: ${reply.error}`));
  });
  worker.on('error', (err) => lose(err.message));
  worker.on('exit', (code) => lose(`exited with code ${code}`));

  return {
    decide(turn) {
      if (!worker) return Promise.resolve().then(() => fallback().decide(turn));
      const id = nextId++;
      const w = worker;
      return new Promise<Decision>((resolve, reject) => {
        pending.set(id, { turn, resolve, reject });
        const request: BotThreadRequest = { kind: 'decide', id, turn };
        w.postMessage(request);
      });
    },
    use(pack, trained) {
      const request: BotThreadRequest = { kind: 'use', pack, trained };
      worker?.postMessage(request);
    },
    async close() {
      const w = worker;
      // Closing is not losing: turns still pending are decided here rather than logged as a failure.
      worker = null;
      handBack();
      await w?.terminate();
    },
  };
}
