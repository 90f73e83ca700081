import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Gathers what one tick writes to a connection into one system call. A visitor's message makes the node
 * write twice to the same socket in the same tick (the new message to the visitor's room, then the
 * acknowledgement), each a `writev` of its own otherwise; on a loaded 2-core VM those calls were the
 * largest single cost of the event loop after SQLite's commits (a profile of `bench:load`). The first
 * write of a tick corks the socket and the end of the tick (setImmediate) uncorks it: the order of bytes is
 * unchanged, and nothing waits longer than the rest of the current turn of the event loop.
 */
export function writeOncePerTick(server: Server): void {
  server.on('connection', (socket: Socket) => {
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    const write = socket.write;
    socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
      if (!corked && !socket.destroyed) {
        corked = true;
        socket.cork();
        setImmediate(uncork);
      }
      return write.apply(this, args);
    } as Socket['write'];
  });
}
