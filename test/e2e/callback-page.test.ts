// Issue 22, item 9, in a real browser: headless Chromium follows the sign-in to the loopback callback,
// and the page it lands on tells what the terminal tells: signed in as whom once the code is exchanged,
// or that it failed and where to look, in the language of the run (pi-ai's own page said "successful"
// before the exchange, which then failed). The page is read as Chromium rendered it (--dump-dom).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ROOT, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { withPort1455 } from '../support/port-lock.js';
import { AUTHORIZE_URL, spawnCli, type PtySession } from '../support/pty.js';
import { lacks } from '../support/tools.js';

let issuer: Issuer;
let state: Awaited<ReturnType<typeof tempState>>;
let session: PtySession | undefined;

beforeAll(async () => (issuer = await startIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => {
  state = await tempState();
  issuer.setMode({ exchangeFailure: null });
});
afterEach(async () => {
  session?.kill();
  session = undefined;
  await state.cleanup();
});

/** Signs in on a "desktop" whose browser is headless Chromium; resolves with the page Chromium showed. */
async function signInWithChromium(env: Record<string, string> = {}): Promise<{ page: string; code: number }> {
  const log = join(await mkdtemp(join(tmpdir(), 'oc-callback-page-')), 'chromium.log');
  session = spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex'], {
    env: { ...state.env, DISPLAY: ':0', BROWSER: join(ROOT, 'test', 'support', 'chromium-browser.sh'), OPENCLAW_TEST_BROWSER_LOG: log, ...env },
    issuer: issuer.url,
  });
  await session.waitFor(AUTHORIZE_URL);
  const { exitCode } = await session.exited;
  // Chromium writes the page once it has loaded, which is when the callback answered.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await readFile(log, 'utf8').catch(() => '');
    if (/<\/html>/.test(page) && /<h1>/.test(page)) return { page: page.slice(page.lastIndexOf('<html')), code: exitCode };
    if (Date.now() > deadline) throw new Error(`Chromium wrote no page:\n${page.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it.skipIf(lacks('chromium'))('signed in: the page names the account, after the exchange', async () => {
  await withPort1455(async () => {
    const { page, code } = await signInWithChromium();
    expect(code).toBe(0);
    expect(page).toContain('<h1>Signed in</h1>');
    expect(page).toContain('signed in as acct_test123');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/Authentication successful|authentication completed/i);
  });
}, 60_000);

it.skipIf(lacks('chromium'))('the exchange fails: the page says so, with the terminal\'s reason, not "successful"', async () => {
  await withPort1455(async () => {
    issuer.setMode({ exchangeFailure: { status: 400, body: { error: 'invalid_grant' } } });
    const { page, code } = await signInWithChromium();
    expect(code).toBe(1);
    expect(session!.text()).toMatch(/Signing in failed/);
    expect(page).toContain('<h1>Not signed in</h1>');
    expect(page).toMatch(/Signing in failed: .*invalid_grant/);
    expect(page).toContain('The terminal where openclaw runs says what to do next.');
    expect(page).not.toMatch(/successful|completed/i);
  });
}, 60_000);

it.skipIf(lacks('chromium'))('in Traditional Chinese', async () => {
  await withPort1455(async () => {
    const { page, code } = await signInWithChromium({ LANG: 'zh_TW.UTF-8' });
    expect(code).toBe(0);
    expect(page).toContain('<html lang="zh-Hant">');
    expect(page).toContain('<h1>已登入</h1>');
    expect(page).toContain('OpenAI Codex 已以 acct_test123 登入');
  });
}, 60_000);
