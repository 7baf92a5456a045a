import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { codexReturnNotice } from '../../src/auth/sign-in/copy.js';
import { portHolder } from '../../src/env/port-holder.js';

const listen = (host: string) =>
  new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, host, () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('portHolder', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`names this process for a port it listens on (${host})`, async () => {
      const server = await listen(host);
      try {
        const holder = await portHolder(portOf(server));
        expect(holder?.pid).toBe(process.pid);
        expect(holder?.command).toMatch(/node|vitest/);
      } finally {
        server.close();
      }
    });
  }

  it('null for a port nobody listens on', async () => {
    const server = await listen('127.0.0.1');
    const port = portOf(server);
    await new Promise((resolve) => server.close(resolve));
    expect(await portHolder(port)).toBeNull();
  });
});

describe('the port-taken notice', () => {
  it('names the pid and the command, redacted, without control characters, short', () => {
    const notice = codexReturnNotice({
      portBusy: true,
      portHolder: { pid: 4242, command: `node serve.js --key sk-proj-0123456789abcdefghijklmnop \u001b]0;x\u0007${'a'.repeat(200)}` },
      noBrowser: false,
      headless: null,
    });
    expect(notice?.text).toContain('process 4242 (node serve.js');
    expect(notice?.text).toContain('kill 4242');
    expect(notice?.text).not.toContain('sk-proj-0123456789');
    expect(notice?.text).not.toContain('\u001b');
    expect(notice?.text).not.toContain('a'.repeat(100));
    expect(codexReturnNotice({ portBusy: true, portHolder: null, noBrowser: false, headless: null })?.text).toMatch(/Port 1455 is in use \(/);
  });
});
