import { builtin } from './import.js';

type Probe = 'free' | 'taken' | 'absent';

/** Whether host:port can be bound: 'absent' when the address does not exist here (no IPv6 loopback). */
async function probe(port: number, host: string): Promise<Probe> {
  // Loaded here: every `--help` assembles the commands that sign in through the loopback port.
  const { createServer } = await builtin<typeof import('node:net')>('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT' ? 'absent' : 'taken'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/**
 * True when nothing listens on the port on the loopback addresses a browser may use for `localhost`:
 * 127.0.0.1, and ::1 where IPv6 loopback exists (a listener there would receive the callback instead).
 * With `host`, that address only.
 */
export async function portIsFree(port: number, host?: string): Promise<boolean> {
  if (host !== undefined) return (await probe(port, host)) === 'free';
  const [v4, v6] = await Promise.all([probe(port, '127.0.0.1'), probe(port, '::1')]);
  return v4 === 'free' && v6 !== 'taken';
}
