import type { DeskContext } from './context.ts';
import type { Notifier } from './notifier.ts';
import { drainQueue, offerContact } from './routing.ts';
import { agentState } from './views.ts';
import { logFailure } from '../log.ts';

/** How often a node tells the store its consoles are still there. */
export const PRESENCE_HEARTBEAT_MS = 5_000;
/** A console not heard from for this long stops counting (a node that died without cleaning up). */
export const PRESENCE_TTL_MS = 20_000;

/**
 * Everything the queue needs that no single event triggers: assign waiting conversations when an agent
 * has room, offer the leave-a-message form when nobody is available, the hours closed or the queue
 * timeout passed. Runs after the events that change it (an agent leaving, going away, resolving) and on
 * a timer for what happens silently (a node's death, time passing). Safe on every node at once: each
 * step is a conditional write in the store.
 */
export async function sweepQueue(ctx: DeskContext): Promise<void> {
  await drainQueue(ctx);
  await offerContact(ctx);
}

export interface QueueWatch {
  stop(): Promise<void>;
}

/**
 * This node's clock for the desk: touches the presence rows of its consoles, tells consoles when someone
 * went offline without a disconnect (their node died), and sweeps the queue. The sweep interval follows the
 * queue timeout (a quarter of it, between 0.25 s and 5 s), so a timeout is noticed promptly.
 *
 * Every node notices the same presence and hours changes from the same store, so each tells only its own
 * consoles (`here`: this node's sockets): through the adapter each console would hear it once per node.
 * What the sweep changes goes through ctx.notify to every node: only the node whose write won tells.
 */
export function startQueueWatch(ctx: DeskContext, nodeId: string, here: Notifier = ctx.notify): QueueWatch {
  const everyMs = Math.min(PRESENCE_HEARTBEAT_MS, Math.max(250, Math.floor(ctx.settings.queueTimeoutMs / 4)));
  let lastTouch = 0;
  // Only to notice changes worth telling consoles about; nothing is decided from them.
  let lastOnline = new Map<string, boolean>();
  let lastOpen = ctx.settings.hours.isOpen(ctx.now());
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const tick = async () => {
    const now = ctx.now();
    if (now - lastTouch >= PRESENCE_HEARTBEAT_MS) {
      lastTouch = now;
      await ctx.store.touchPresence(nodeId, now);
    }
    const states = await ctx.store.listAgentStates(ctx.seenSince());
    const online = new Map(states.map((s) => [s.id, s.online]));
    for (const s of states) {
      if (lastOnline.has(s.id) && lastOnline.get(s.id) !== s.online) here.toAgents('agent:update', agentState(s));
    }
    lastOnline = online;
    const desk = ctx.settingsView();
    if (desk.open !== lastOpen) {
      lastOpen = desk.open;
      here.toAgents('desk:settings', desk);
    }
    await sweepQueue(ctx);
  };

  // A tick slower than the interval (a busy store) is followed by one more, never run twice at once.
  const run = () => {
    if (stopped) return;
    if (running) return void (again = true);
    running = tick()
      .catch((err) => logFailure(ctx.log, err, {}, 'queue sweep failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };

  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
