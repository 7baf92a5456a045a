import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a loopback test server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LoopbackServer {
  /** Origin, e.g. http://127.0.0.1:43123 */
  url: string;
  requests: SeenRequest[];
  close: () => Promise<void>;
}

/**
 * A small HTTP server on 127.0.0.1 that answers each request with what `answer` returns (a hostile token
 * endpoint, a redirect, a server elsewhere), recording every request it gets. Stops with close(), and does
 * not keep the test process alive.
 */
export async function startLoopbackServer(
  answer: (request: SeenRequest) => { status: number; headers?: Record<string, string>; body?: string | object },
): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      const reply = answer(seen);
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': typeof reply.body === 'object' ? 'application/json' : 'text/plain', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
