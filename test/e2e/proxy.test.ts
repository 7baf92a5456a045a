import http from 'node:http';
import net from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proxySettings } from '../../src/env/proxy.js';
import { runCli, storeFileOf, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';

describe('proxySettings', () => {
  it('is null without a proxy', () => {
    expect(proxySettings({})).toBeNull();
    expect(proxySettings({ HTTPS_PROXY: '', NO_PROXY: 'x' })).toBeNull();
  });

  it('reads either case, lower case first, and always exempts loopback', () => {
    expect(proxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' })).toEqual({
      httpProxy: undefined,
      httpsProxy: 'http://lower:1',
      noProxy: 'localhost,127.0.0.1,[::1]',
    });
    expect(proxySettings({ http_proxy: 'http://p:3128', NO_PROXY: 'corp.example, .internal' })?.noProxy).toBe(
      'corp.example,.internal,localhost,127.0.0.1,[::1]',
    );
    expect(proxySettings({ HTTP_PROXY: 'http://p:3128', no_proxy: 'LOCALHOST,127.0.0.1' })?.noProxy).toBe('LOCALHOST,127.0.0.1,[::1]');
    expect(proxySettings({ HTTP_PROXY: 'http://p:3128', NO_PROXY: '*' })?.noProxy).toBe('*');
  });
});

/**
 * A forward proxy that counts what it is asked for. It serves both forms (CONNECT tunnels, which undici
 * uses, and absolute-URI requests) and sends every host to 127.0.0.1, so that a made-up host name such as
 * issuer.invalid, which no resolver knows, can only be reached through it. `refuse` turns tunnels away.
 */
async function startProxy(options: { refuse?: boolean } = {}) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    if (options.refuse) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(new URL(`http://${req.url}`).port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the refresh honours HTTP(S)_PROXY and NO_PROXY, and never proxies loopback', () => {
  let state: Awaited<ReturnType<typeof tempState>>;
  let issuer: Issuer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  beforeEach(async () => {
    state = await tempState();
    issuer = await startIssuer();
    const file = storeFileOf(state.dir);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const grant = issuer.issueGrant({ expiresIn: -60 });
    await writeFile(file, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', ...grant } } }), { mode: 0o600 });
  });
  afterEach(async () => {
    await proxy?.close();
    await issuer.close();
    await state.cleanup();
  });

  const token = (env: Record<string, string>, issuerUrl?: string) =>
    runCli(['models', 'auth', 'token', '--provider', 'openai-codex'], {
      env: { ...state.env, ...env },
      ...(issuerUrl ? { issuer: issuerUrl } : {}),
    });
  const profileOnDisk = async () => JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai-codex:default'];
  /** The issuer under a name only the proxy can resolve. */
  const hiddenIssuer = () => `http://issuer.invalid:${issuer.port}`;

  it('goes through HTTP_PROXY', async () => {
    proxy = await startProxy();
    const result = await token({ HTTP_PROXY: proxy.url }, hiddenIssuer());
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.seen).toEqual([`CONNECT issuer.invalid:${issuer.port}`]);
    expect(issuer.stats.refreshCount).toBe(1);
  });

  it('goes direct for a host in NO_PROXY (which here cannot be reached without the proxy)', async () => {
    proxy = await startProxy();
    const before = await profileOnDisk();
    const result = await token({ http_proxy: proxy.url, no_proxy: '.invalid' }, hiddenIssuer());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/network error.*try again/);
    expect(proxy.seen).toEqual([]);
    // The credentials are kept; only SPEC 4's hold-off of the failed grant is recorded.
    expect(await profileOnDisk()).toEqual(before);
  });

  it('never sends loopback through the proxy, even when NO_PROXY lacks it', async () => {
    proxy = await startProxy();
    const result = await token({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com' }, issuer.url);
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.seen).toEqual([]);
    expect(issuer.stats.refreshCount).toBe(1);
  });

  it('asks HTTPS_PROXY for a tunnel to the real token endpoint (refused here: nothing leaves the machine)', async () => {
    proxy = await startProxy({ refuse: true });
    const before = await profileOnDisk();
    const result = await token({ HTTPS_PROXY: proxy.url });
    expect(proxy.seen).toEqual(['CONNECT auth.openai.com:443']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/try again/);
    expect(await profileOnDisk()).toEqual(before);
  });
});

describe('a proxy that takes the connection and never answers', () => {
  let stalled: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  beforeEach(async () => {
    stalled = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    port = (stalled.address() as net.AddressInfo).port;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => stalled.close(resolve));
  });

  // The open connection to the proxy held the process for as long as the proxy kept it (here: ever), after
  // the command had given up on it and said so.
  it('models auth token, given up on after the 20 s deadline, exits as soon as it has said so', async () => {
    const state = await tempState();
    try {
      const file = storeFileOf(state.dir);
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const expired = { type: 'oauth', provider: 'openai-codex', access: 'eyJ.a.b', refresh: 'rt_stalled_0123456789', expires: Date.now() - 60_000, accountId: 'acct_1' };
      await writeFile(file, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': expired } }), { mode: 0o600 });
      const started = performance.now();
      const result = await runCli(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: { ...state.env, HTTPS_PROXY: `http://127.0.0.1:${port}` }, timeoutMs: 40_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/did not answer in time/);
      expect(performance.now() - started).toBeLessThan(25_000);
      expect(result.stdout).toBe('');
    } finally {
      await state.cleanup();
    }
  }, 60_000);
});
