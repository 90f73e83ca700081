import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { SendAck } from '../../protocol/index.ts';
import { connectVisitor, type VisitorPeer } from '../server/peers.ts';

/** The widget's outbox pace: the server allows a visitor two messages a second after a burst of ten. */
const PACE_MS = 550;

interface Outgoing {
  text: string;
  clientId: string;
  acked: boolean;
}

/**
 * A visitor that behaves like the widget's outbox: numbered messages, each with its client id, sent at a
 * steady pace without waiting for acknowledgements; after a node dies, it reconnects (to the same URL or
 * another node) with its token and resends, in order, every message not acknowledged.
 */
export function resendingVisitor(prefix: string) {
  const outbox: Outgoing[] = [];
  let peer: VisitorPeer | null = null;
  let token: string | null = null;
  let conversationId: string | null = null;

  const record = (m: Outgoing, ack: SendAck) => {
    if (!ack.ok) return;
    m.acked = true;
    conversationId ??= ack.conversationId;
  };

  return {
    get conversationId() {
      return conversationId;
    },
    get acked() {
      return outbox.filter((m) => m.acked).length;
    },
    get unacked() {
      return outbox.filter((m) => !m.acked).length;
    },
    /** Every text sent, in the order it was written. */
    texts: () => outbox.map((m) => m.text),

    async connect(url: string) {
      peer?.close();
      peer = await connectVisitor(url);
      const hello = await peer.hello(token);
      if (!hello.ok) throw new Error(`hello refused: ${hello.error}`);
      token = hello.token;
    },

    /** Writes `count` new numbered messages at the widget's pace; a send that fails simply stays unacknowledged. */
    async write(count: number, onAck?: (acked: number) => void) {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const m: Outgoing = { text: `${prefix} line ${outbox.length + 1}`, clientId: randomUUID(), acked: false };
        outbox.push(m);
        const current = peer!;
        pending.push(
          current.send(m.text, { clientId: m.clientId }).then(
            (ack) => {
              record(m, ack);
              onAck?.(this.acked);
            },
            () => undefined,
          ),
        );
        await new Promise((r) => setTimeout(r, PACE_MS));
      }
      await Promise.all(pending);
    },

    /**
     * Writes `count` messages and kills `node` (SIGKILL) once `killAfter` of them were acknowledged: the
     * rest of the burst goes to a dead socket and stays unacknowledged.
     */
    async writeWhileKilling(node: { child: ChildProcess }, count: number, killAfter: number) {
      await this.write(count, (acked) => {
        if (acked === killAfter && node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
      });
    },

    /** Resends every unacknowledged message, in order, each after the previous one's acknowledgement. */
    async resend() {
      for (const m of outbox.filter((o) => !o.acked)) {
        const ack = await peer!.send(m.text, { clientId: m.clientId });
        if (!ack.ok) throw new Error(`resend refused: ${ack.error}`);
        record(m, ack);
        await new Promise((r) => setTimeout(r, PACE_MS));
      }
    },

    close() {
      peer?.close();
    },
  };
}
