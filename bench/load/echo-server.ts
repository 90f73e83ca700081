// The baseline of `npm run bench:load`: a bare Socket.IO server in its own process, speaking just enough of
// the visitor protocol (hello, send → ack + a "bot" reply at once) for the same load processes to drive it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
let seq = 0;
io.of('/visitor').on('connection', (socket) => {
  socket.on('session:hello', (_hello: unknown, ack?: (res: object) => void) => ack?.({ ok: true }));
  socket.on('message:send', (msg: { text: string }, ack?: (res: object) => void) => {
    ack?.({ ok: true, id: String(++seq), seq });
    socket.emit('message:new', { author: 'bot', text: msg.text });
  });
});
http.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'echo listening', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }));
});
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
