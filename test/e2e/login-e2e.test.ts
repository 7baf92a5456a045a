import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { portIsFree } from '../../src/env/port.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { withPort1455 } from '../support/port-lock.js';
import { AUTHORIZE_URL, authorizeRedirect, spawnCli, type PtySession } from '../support/pty.js';
import { ROOT, storeFileOf, tempState } from '../support/cli.js';
import { lacks } from '../support/tools.js';

let issuer: Issuer;
let state: Awaited<ReturnType<typeof tempState>>;
let session: PtySession | undefined;

beforeAll(async () => (issuer = await startIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => (state = await tempState()));
afterEach(async () => {
  session?.kill();
  session = undefined;
  await state.cleanup();
});

const login = (env: Record<string, string>, extra: string[] = []) =>
  spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex', ...extra], { env: { ...state.env, ...env }, issuer: issuer.url });

async function storedCodexProfile(id = 'openai-codex:default') {
  const store = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8'));
  return store.profiles[id];
}

describe('openclaw models auth login --provider openai-codex (pseudo-terminal, test issuer)', () => {
  it.skipIf(lacks('chromium'))('desktop: $BROWSER (headless Chromium) completes the loopback callback with no paste', async () => {
    await withPort1455(async () => {
      const browserLog = join(await mkdtemp(join(tmpdir(), 'oc-browser-')), 'chromium.log');
      session = login({
        DISPLAY: ':0',
        BROWSER: join(ROOT, 'test', 'support', 'chromium-browser.sh'),
        OPENCLAW_TEST_BROWSER_LOG: browserLog,
      });
      await session.waitFor(AUTHORIZE_URL);
      await session.waitFor(/Opened in \$BROWSER/);
      await session.waitFor(/Signed in as ChatGPT account acct_test123/, { timeoutMs: 45_000 });
      expect((await session.exited).exitCode).toBe(0);
      expect(await storedCodexProfile()).toMatchObject({ type: 'oauth', provider: 'openai-codex', accountId: 'acct_test123' });
      expect(session.text()).not.toMatch(/Exchanging/); // no paste happened
      expect(await portIsFree(1455)).toBe(true);
    });
  }, 60_000);

  it('over SSH: shows the URL and the tunnel hint, explains a wrong-state paste, then logs in by paste', async () => {
    await withPort1455(async () => {
      session = login({ SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', BROWSER: '/bin/false' });
      const [url] = await session.waitFor(AUTHORIZE_URL);
      await session.waitFor('ssh -L 1455:127.0.0.1:1455 <host>');
      await session.waitFor('Paste the address');
      expect(session.text()).not.toMatch(/Opened in/);

      const callback = await authorizeRedirect(url, issuer.url);
      const wrong = new URL(callback);
      wrong.searchParams.set('state', 'not-the-state-of-this-attempt');
      let mark = session.raw().length;
      session.write(`${wrong.toString()}\r`);
      await session.waitFor(/different sign-in attempt/, { since: mark });

      // The field asks again: clear it and paste the right address.
      mark = session.raw().length;
      session.write('\u0015'); // Ctrl+U clears the line
      session.write(`${callback.toString()}\r`);
      await session.waitFor(/Signed in as ChatGPT account acct_test123/, { since: mark, timeoutMs: 20_000 });
      expect((await session.exited).exitCode).toBe(0);
      expect(await storedCodexProfile()).toMatchObject({ type: 'oauth', accountId: 'acct_test123' });
      const profile = await storedCodexProfile();
      expect(session.raw()).not.toContain(profile.refresh);
      expect(session.raw()).not.toContain(profile.access);
    });
  }, 60_000);

  it('port 1455 taken: says so, and a paste logs in', async () => {
    await withPort1455(async () => {
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(1455, '127.0.0.1', resolve));
      try {
        session = login({ DISPLAY: ':0', BROWSER: 'none' }, ['--profile-id', 'work']);
        const [url] = await session.waitFor(AUTHORIZE_URL);
        await session.waitFor(/Port 1455 is in use/);
        await session.waitFor('Paste the address');
        const callback = await authorizeRedirect(url, issuer.url);
        session.write(`${callback.toString()}\r`);
        await session.waitFor(/Signed in as ChatGPT account/, { timeoutMs: 20_000 });
        expect((await session.exited).exitCode).toBe(0);
        expect(await storedCodexProfile('openai-codex:work')).toMatchObject({ type: 'oauth' });
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });
  }, 60_000);

  it('Ctrl+C while waiting: exit 130, port 1455 free again, nothing written', async () => {
    await withPort1455(async () => {
      session = login({ SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22' });
      await session.waitFor('Paste the address');
      expect(await portIsFree(1455)).toBe(false); // the loopback server is listening
      session.write('\u0003');
      const { exitCode } = await session.exited;
      expect(exitCode).toBe(130);
      expect(session.text()).toMatch(/cancelled; nothing was saved/);
      expect(await portIsFree(1455)).toBe(true);
      await expect(readFile(storeFileOf(state.dir))).rejects.toThrow(/ENOENT/);
    });
  }, 60_000);

  it('refuses to run without a terminal (exit 2)', async () => {
    const { runCli } = await import('../support/cli.js');
    const result = await runCli(['models', 'auth', 'login', '--provider', 'openai-codex'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs a terminal/);
  });
});

// SPEC 7: the callback is reachable on [::1]:1455 as on 127.0.0.1:1455 (pi-ai binds 127.0.0.1 only; a
// browser may resolve `localhost` to ::1 first), both are freed on cancel, and a port taken by another
// process is named with that process.
const overSsh = { SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', BROWSER: '/bin/false' };
const bothFree = async () => [await portIsFree(1455, '127.0.0.1'), await portIsFree(1455, '::1')];

describe('the loopback callback on both stacks', () => {
  it('a request to http://[::1]:1455/auth/callback?code=…&state=… completes the sign-in', async () => {
    await withPort1455(async () => {
      session = login(overSsh);
      const [url] = await session.waitFor(AUTHORIZE_URL);
      await session.waitFor('Paste the address');
      expect(await bothFree()).toEqual([false, false]);
      const callback = await authorizeRedirect(url, issuer.url);
      expect(callback.host).toBe('localhost:1455');
      callback.host = '[::1]:1455';
      const answer = await fetch(callback);
      expect(answer.status).toBe(200);
      await session.waitFor(/Signed in as ChatGPT account acct_test123/, { timeoutMs: 20_000 });
      expect((await session.exited).exitCode).toBe(0);
      const store = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8'));
      expect(store.profiles['openai-codex:default']).toMatchObject({ type: 'oauth', accountId: 'acct_test123' });
      expect(await bothFree()).toEqual([true, true]);
    });
  }, 60_000);

  it('Ctrl+C while waiting: exit 130, and 1455 is free again on 127.0.0.1 and on ::1', async () => {
    await withPort1455(async () => {
      session = login(overSsh);
      await session.waitFor('Paste the address');
      expect(await bothFree()).toEqual([false, false]);
      session.write('\u0003');
      expect((await session.exited).exitCode).toBe(130);
      expect(await bothFree()).toEqual([true, true]);
    });
  }, 60_000);
});

describe('port 1455 taken by another process', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`on ${host}: the screen names its pid and command, and a paste still signs in`, async () => {
      await withPort1455(async () => {
        const holder: ChildProcess = spawn(process.execPath, ['-e', `require('net').createServer().listen(1455, '${host}', () => console.log('holding'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
        try {
          await new Promise<void>((resolve, reject) => {
            holder.stdout!.once('data', () => resolve());
            holder.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
          });
          session = login({ DISPLAY: ':0', BROWSER: 'none' });
          const [url] = await session.waitFor(AUTHORIZE_URL);
          await session.waitFor('Paste the address');
          const screen = session.text().replace(/[│\s]+/g, ' ');
          expect(screen).toContain(`Port 1455 is in use by process ${holder.pid} (`);
          expect(screen).toMatch(/node -e require\('net'\)/);
          expect(screen).toContain(`kill ${holder.pid}`);
          const callback = await authorizeRedirect(url, issuer.url);
          session.write(`${callback.toString()}\r`);
          await session.waitFor(/Signed in as ChatGPT account/, { timeoutMs: 20_000 });
          expect((await session.exited).exitCode).toBe(0);
        } finally {
          holder.kill();
        }
      });
    }, 60_000);
  }
});
