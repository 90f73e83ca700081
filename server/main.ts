import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { createAddressLimits } from './auth/address-limits.ts';
import { memoryRateLimiters } from './auth/rate-limit.ts';
import { redisRateLimiters } from './auth/redis-rate-limit.ts';
import { createInvites } from './auth/invites.ts';
import { createAgentSessions } from './auth/sessions.ts';
import { createIdentityPolicy } from './auth/identity.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { createVisitorTokens } from './auth/visitor-token.ts';
import { startBotThread } from './bot/bot-thread.ts';
import { writeOncePerTick } from './http/write-per-tick.ts';
import { botFrom, trainPack } from './bot/create-bot.ts';
import type { Bot } from './bot/types.ts';
import type { Config } from './config.ts';
import { createAdmission } from './desk/admission.ts';
import { createDesk } from './desk/desk.ts';
import { createHoursSetting } from './desk/hours-setting.ts';
import { PRESENCE_TTL_MS, startQueueWatch, sweepQueue } from './desk/queue-watch.ts';
import { createHttpApp } from './http/app.ts';
import { listen } from './http/listen.ts';
import { mailView } from './desk/agent-mail.ts';
import { startMail } from './mail/start.ts';
import { RATING_KIND } from './mail/links.ts';
import { createSignedLinks } from './auth/signed-link.ts';
import { IntentPackError } from './intents/errors.ts';
import { loadIntentPack } from './intents/load.ts';
import { trainInWorker } from './intents/train-in-worker.ts';
import { watchIntentPack } from './intents/watch.ts';
import { createLogger, type Logger } from './log.ts';
import { startRetention } from './privacy/retention.ts';
import { createRealtime } from './realtime/realtime.ts';
import { redisStreamsAdapter } from './realtime/redis-adapter.ts';
import { closeRedis, connectRedis } from './redis/connect.ts';
import { StartupError } from './startup-error.ts';
import { createStoreHealth } from './store/health.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';

export interface Parley {
  /** http://host:port, with the port actually bound (useful with PORT=0). */
  url: string;
  store: Store;
  log: Logger;
  /** Stops accepting, disconnects sockets, closes the HTTP server and the store. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where logs go (default stdout); tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

/** How long open HTTP connections get to finish before they are cut at shutdown. */
const SHUTDOWN_GRACE_MS = 5_000;
/** How long messages in flight get to be stored, acknowledged and answered at shutdown. */
const DRAIN_MS = 8_000;

export const NO_AGENT_HINT =
  "No agent account yet. Create one with: npx parley agent add --email you@example.com --password '…' --name 'Your Name'";

/** The composition root: config → store → intents → bot → http → realtime → listen. */
export async function startParley(config: Config, opts: StartOptions = {}): Promise<Parley> {
  const log = createLogger(config.logLevel, opts.logDestination);
  // A database outage is logged once when it starts and once when it ends, however many calls fail.
  const health = createStoreHealth(log);
  const store = health.watch(await openStore(config, { onIdleError: health.failed }));
  const cleanups: Array<() => Promise<void> | void> = [() => store.close()];
  const closeAll = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        log.error({ err }, 'shutdown step failed');
      }
    }
  };

  try {
    const secret = await loadOrCreateSecret(store, { configured: config.secret, dataDir: config.dataDir });
    // A node id set by hand may be this process's predecessor's: its rows counted sockets that died with
    // it, and this node's heartbeat would keep them alive.
    await store.clearPresence(config.nodeId);
    cleanups.push(() => store.clearPresence(config.nodeId));

    const startingPack = await loadStartingPack(config.intentsDir);
    const trained = trainPack(startingPack);
    let bot: Bot = botFrom(startingPack, trained);
    log.info({ intents: bot.intents.length, dir: config.intentsDir }, 'intents loaded');
    const botThread = startBotThread({ pack: startingPack, trained }, { fallback: () => bot, log });
    cleanups.push(() => botThread.close());
    const watcher = watchIntentPack(config.intentsDir, {
      // Trained on a worker thread: the chats keep their answers meanwhile, from the previous bot.
      async onReload(pack) {
        try {
          const retrained = await trainInWorker(pack);
          bot = botFrom(pack, retrained);
          botThread.use(pack, retrained);
          log.info({ intents: bot.intents.length }, 'intents reloaded');
        } catch (err) {
          log.error({ err }, 'intents reload failed; keeping the previous bot');
        }
      },
      onError(err) {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'intents invalid; keeping the previous bot');
      },
    });
    cleanups.push(() => watcher.close());

    // With Redis, nodes share their events (the Socket.IO adapter) and their abuse limits; without, one node.
    // `realtime` exists by the time Redis comes back from an outage (no await between here and it).
    const redis = config.redis && { client: await connectRedis(config.redis.url, log, () => realtime.resync()), prefix: config.redis.prefix };
    if (redis) cleanups.push(() => closeRedis(redis.client));
    const limiters = redis ? redisRateLimiters(redis.client, redis.prefix) : memoryRateLimiters;
    const adapter = redis ? redisStreamsAdapter(redis.client, redis.prefix) : undefined;

    const sessions = createAgentSessions(store, Date.now, config.sessionIdleMs);
    const tokens = createVisitorTokens(secret);
    const signedLinks = createSignedLinks(secret);
    // The hours admins edit in the console, else PARLEY_BUSINESS_HOURS; followed by every node.
    const hours = createHoursSetting(store, config.businessHours, log);
    await hours.refresh();
    cleanups.push(() => hours.stop());
    // `realtime` and `desk` exist by the time anyone signs out or an admin acts: the app only needs them then.
    const app = createHttpApp({
      config,
      store,
      sessions,
      tokens,
      log,
      limiters,
      onSessionRevoked: (tokenHash) => realtime.sessionRevoked(tokenHash),
      invites: createInvites(store),
      hours,
      admin: {
        onAgentRemoved(agent, requeued) {
          realtime.agentRemoved(agent.id);
          // The roster has no "gone" event: shown away and offline, nobody can pick them for a transfer.
          realtime.notifier.toAgents('agent:update', { id: agent.id, name: agent.name, status: 'away', online: false, chats: 0 });
          if (requeued > 0) void sweepQueue(desk.context).catch((err) => log.error({ err }, 'queue sweep after a removal failed'));
        },
        onVisitorsErased: (visitorIds) => realtime.visitorsErased(visitorIds),
        onHoursChanged: () => realtime.notifier.toAgents('desk:settings', desk.context.settingsView()),
      },
      ratings: { verify: (token) => signedLinks.verify(RATING_KIND, token, Date.now()), ratings: () => desk.ratings },
    });
    const http = createServer(app);
    writeOncePerTick(http);
    const realtime = createRealtime(http, { adapter, origins: { publicUrl: config.publicUrl, allowed: config.allowedOrigins }, log });
    const limits = createAddressLimits(config.limits, config.rateLimitExempt, limiters);
    const admission = createAdmission(config.admission);
    cleanups.push(() => admission.stop());
    // Mail (when configured): a worker sends the outbox; the desk only queues rows.
    const mail = config.mail && (await startMail({ store, log, secret, config: config.mail, publicUrl: config.publicUrl, node: config.nodeId, onFailed: (row) => realtime.notifier.toAgents('mail:failed', mailView(row)) }));
    if (mail) cleanups.push(() => mail.stop());
    const desk = createDesk({
      mail: mail ? mail.desk : null,
      store,
      limits,
      admission,
      identity: createIdentityPolicy(config.identity),
      bot: () => bot,
      decide: (turn) => botThread.decide(turn),
      notify: realtime.notifier,
      log,
      settings: { maxChats: config.maxChats, queueTimeoutMs: config.queueTimeoutMs, hours: hours.hours, presenceTtlMs: PRESENCE_TTL_MS },
    });
    realtime.attach({ desk, tokens, sessions, nodeId: config.nodeId, publicUrl: config.publicUrl, log, trustProxy: config.trustProxy, limits });
    const watch = startQueueWatch(desk.context, config.nodeId, realtime.localNotifier);
    cleanups.push(() => watch.stop());
    if (config.retentionDays !== null) {
      const retention = startRetention({ store, days: config.retentionDays, log: log.child({ job: 'retention' }) });
      cleanups.push(() => retention.stop());
    }

    await listen(http, config.port, config.host);
    // The drain: stop listening, refuse new messages (`busy`), let those in flight be stored, acknowledged
    // and answered, then close the sockets so widgets reconnect (to another node), then the rest.
    cleanups.push(async () => {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const drained = await Promise.race([admission.drain().then(() => true), sleep(DRAIN_MS, undefined, { ref: false }).then(() => false)]);
      if (!drained) log.warn({ inFlight: admission.inFlight }, 'shutdown: messages still in flight after the drain time');
      await realtime.close();
      const deadline = setTimeout(() => http.closeAllConnections(), SHUTDOWN_GRACE_MS);
      deadline.unref();
      http.closeIdleConnections();
      await closed;
      clearTimeout(deadline);
    });

    const { port } = http.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    log.info({ url, publicUrl: config.publicUrl, store: config.databaseUrl ? 'postgresql' : config.dbFile, node: config.nodeId, hours: hours.hours.describe(), retentionDays: config.retentionDays, mail: config.mail ? 'on' : 'off' }, 'Parley is listening');
    if ((await store.countAgents()) === 0) log.warn(NO_AGENT_HINT);

    let closing: Promise<void> | null = null;
    return {
      url,
      store,
      log,
      close() {
        closing ??= closeAll().then(() => log.info('Parley stopped'));
        return closing;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The pack to start with: without one there is no bot, so a broken pack stops the start (a reload keeps the last good one). */
async function loadStartingPack(dir: string) {
  try {
    return await loadIntentPack(dir);
  } catch (err) {
    if (!(err instanceof IntentPackError)) throw err;
    throw new StartupError(`PARLEY_INTENTS_DIR: ${err.message}; fix it (npx parley intents check ${dir} lists every problem), or set PARLEY_INTENTS_DIR to a folder of intent files`);
  }
}
