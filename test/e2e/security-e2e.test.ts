import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { withPort1455 } from '../support/port-lock.js';
import { AUTHORIZE_URL, spawnCli, type PtySession } from '../support/pty.js';
import { ROOT, tempState } from '../support/cli.js';
import { lacks } from '../support/tools.js';

// Login CSRF on a shared machine (security review, issue #9): the authorize URL carries the login's `state`
// and PKCE challenge; another local user who reads it from `ps` can finish the sign-in with their own code.
// The built CLI, a real pseudo-terminal, the test issuer, and a second user (uid 65534) running `ps` while
// the browser is starting. setpriv needs root (CI runs as root).
const isRoot = process.getuid?.() === 0;

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

describe.skipIf(!isRoot || lacks('chromium'))('the sign-in as another local user sees it (built CLI, test issuer)', () => {
  it('ps shows no state or challenge; the browser completes the sign-in through the forwarding page, which is then gone', async () => {
    await withPort1455(async () => {
      const work = await mkdtemp(join(tmpdir(), 'oc-sec-e2e-'));
      const browser = join(work, 'browser.sh');
      // The "browser": records what it was given and what another user's `ps` shows at that moment,
      // then hands over to headless Chromium, which follows the page to the issuer.
      await writeFile(
        browser,
        [
          '#!/bin/sh',
          `printf '%s' "$1" > "${work}/arg"`,
          `setpriv --reuid=65534 --regid=65534 --clear-groups ps -eo args > "${work}/ps" 2>&1`,
          `exec "${join(ROOT, 'test', 'support', 'chromium-browser.sh')}" "$@"`,
          '',
        ].join('\n'),
      );
      await chmod(browser, 0o755);
      session = spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex'], {
        env: { ...state.env, DISPLAY: ':0', BROWSER: browser },
        issuer: issuer.url,
      });
      const [url] = await session.waitFor(AUTHORIZE_URL);
      await session.waitFor(/Signed in as ChatGPT account acct_test123/, { timeoutMs: 45_000 });
      expect((await session.exited).exitCode).toBe(0);

      const params = new URL(url!).searchParams;
      const secrets = [params.get('state')!, params.get('code_challenge')!];
      expect(secrets.every((s) => s && s.length >= 8)).toBe(true);
      const ps = await readFile(join(work, 'ps'), 'utf8');
      expect(ps).toContain(browser); // the second user did see the browser's command line…
      for (const secret of secrets) expect(ps).not.toContain(secret); // …and nothing of the login in it
      const page = await readFile(join(work, 'arg'), 'utf8');
      expect(page).not.toMatch(/state=|code_challenge/);
      // The forwarding page does not outlive the command.
      await expect(stat(page)).rejects.toThrow(/ENOENT/);
    });
  }, 60_000);
});
