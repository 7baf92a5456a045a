import type { Socket } from 'node:net';
import { builtin } from './import.js';

export interface LoopbackForward {
  /** Stops listening and ends every forwarded connection: the port is free again when this settles. */
  close(): Promise<void>;
}

/**
 * A sign-in's callback server that listens on 127.0.0.1 only (pi-ai's) is not reached by a browser that
 * resolves `localhost` to ::1 first. This listens on [::1]:`port` and hands each connection, byte for byte,
 * to 127.0.0.1:`port`: one handler, both addresses. Null when there is no IPv6 loopback here, or the
 * address is taken (then the browser's ::1 attempt fails over to 127.0.0.1 by itself).
 */
export async function forwardIPv6Loopback(port: number): Promise<LoopbackForward | null> {
  // Loaded here: the start-up paths (`--help`, `models auth token`) import the sign-in that uses it.
  const { connect, createServer } = await builtin<typeof import('node:net')>('node:net');
  const sockets = new Set<Socket>();
  const server = createServer({ pauseOnConnect: true }, (incoming) => {
    const outgoing = connect({ port, host: '127.0.0.1' });
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // Either side going away ends the other; an error is only a closed connection here.
      socket.on('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
    incoming.resume();
  });
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen({ port, host: '::1', exclusive: true, ipv6Only: true }, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            // Not cut at once: an answer on its way back (the callback page's, which ends its connection)
            // still reaches the browser; whatever is left open after a moment is cut. The port is free
            // as soon as the server stops listening.
            for (const socket of sockets) setTimeout(() => socket.destroy(), 1_000).unref();
            server.close(() => done());
          }),
      });
    });
  });
}
