import { createSignedLinks } from '../auth/signed-link.ts';
import type { Config } from '../config.ts';
import type { DeskMail } from '../desk/mail-out.ts';
import type { Logger } from '../log.ts';
import type { MailRow, Store } from '../store/store.ts';
import { createMailComposer } from './compose.ts';
import { createMailLinks } from './links.ts';
import { createSmtpTransport } from './transport.ts';
import { startMailWorker, type Backoff } from './worker.ts';

export interface MailStartDeps {
  store: Store;
  log: Logger;
  /** The install's secret: resume links are signed with a key derived from it. */
  secret: string;
  config: NonNullable<Config['mail']>;
  publicUrl: string | null;
  node: string;
  onFailed(row: MailRow): void;
  backoff?: Backoff;
  pollMs?: number;
}

/**
 * Mail when configured: the SMTP transport, the outbox worker, and what the desk needs to queue. Rows this
 * node id had in flight when a predecessor died go back to the queue first.
 */
export async function startMail(deps: MailStartDeps) {
  const { store, log, config } = deps;
  const released = await store.releaseMailClaims(deps.node);
  if (released > 0) log.warn({ released }, 'mail: rows this node was sending when it stopped are queued again');
  const transport = createSmtpTransport(config);
  const links = createMailLinks(createSignedLinks(deps.secret), deps.publicUrl);
  const worker = startMailWorker({
    store,
    transport,
    compose: createMailComposer(store, links, Date.now),
    from: config.from,
    node: deps.node,
    log,
    onFailed: deps.onFailed,
    backoff: deps.backoff,
    pollMs: deps.pollMs,
  });
  const desk: DeskMail = { queued: () => worker.kick(), replyDelayMs: config.replyDelayMs, followUpDelayMs: config.followUpDelayMs, ratingLinks: deps.publicUrl !== null };
  return {
    desk,
    worker,
    links,
    async stop() {
      await worker.stop();
      transport.close();
    },
  };
}
