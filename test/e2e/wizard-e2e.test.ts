// The wizard end to end (issue 4): the built CLI in a pseudo-terminal against the test issuer, keys
// typed only after the step's title says its handlers are armed, the screen read through a terminal
// emulator.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { portIsFree } from '../../src/env/port.js';
import { fakeSetupToken, ROOT, runCli, storeFileOf, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { withPort1455 } from '../support/port-lock.js';
import { AUTHORIZE_URL, authorizeRedirect, spawnCli } from '../support/pty.js';
import { KEY, paste, spawnWizard, type WizardSession } from '../support/wizard.js';
import { lacks } from '../support/tools.js';

const DAY = 86_400_000;
const SSH = { SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', BROWSER: '/bin/false' };

let issuer: Issuer;
let state: Awaited<ReturnType<typeof tempState>>;
let session: WizardSession | undefined;

beforeAll(async () => (issuer = await startIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => (state = await tempState()));
afterEach(async () => {
  session?.kill();
  session?.dispose();
  session = undefined;
  await state.cleanup();
});

/** Waits (up to 10 s) until nothing listens on 127.0.0.1:1455: the sign-in left closes its server. */
async function waitForPortFree(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await portIsFree(1455))) {
    if (Date.now() > deadline) throw new Error('port 1455 is still taken');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const wizard = (args: string[], env: Record<string, string> = {}, size: { cols?: number; rows?: number; zeroSize?: boolean } = {}) =>
  (session = spawnWizard(args, { env: { ...state.env, ...env }, issuer: issuer.url, ...size }));

async function readStoreJson(agent = 'main') {
  return JSON.parse(await readFile(storeFileOf(state.dir, agent), 'utf8'));
}

async function plantStore(store: object, agent = 'main'): Promise<string> {
  const file = storeFileOf(state.dir, agent);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(store, null, 2)}\n`;
  await writeFile(file, text, { mode: 0o600 });
  return text;
}

/** Every file under the state dir with its bytes: "nothing written" compares two of these. */
async function snapshot(dir = state.dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = join(entry.parentPath, entry.name);
      out[file.slice(dir.length)] = await readFile(file, 'latin1');
    }
  }
  return out;
}

/** Follows the URL on screen like the user's browser would, up to the address it lands on. */
async function callbackFor(s: WizardSession): Promise<URL> {
  const url = await s.shownUrl();
  expect(url).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
  const callback = await authorizeRedirect(url!, issuer.url);
  expect(callback.searchParams.get('state')).toBe(new URL(url!).searchParams.get('state'));
  return callback;
}

async function pasteCallback(s: WizardSession): Promise<URL> {
  const callback = await callbackFor(s);
  s.write(paste(callback.toString()) + KEY.enter);
  return callback;
}

/** Waits until the Codex screen shows its paste field, then until it draws once more (the spinner). */
async function waitForPasteField(s: WizardSession) {
  await s.waitStep('codex');
  await s.waitFor('Paste the address');
  const mark = s.raw().length;
  await s.waitFor(/\S/, { since: mark });
}

describe('openclaw onboard in a pseudo-terminal', () => {
  it('a terminal that reports 0×0 (docker exec -t) is drawn at 80 columns, not one character per line', async () => {
    const s = wizard([], {}, { zeroSize: true });
    await s.waitStep('agent');
    await s.waitFor('Create a new agent');
    expect(s.text()).toMatch(/Which agent/);
    s.write(KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
    // --help too (commander was given a width of 0: a word per line).
    const help = spawnCli(['models', '--help'], { env: state.env, zeroSize: true });
    expect((await help.exited).exitCode).toBe(0);
    expect(help.text()).toMatch(/^model credentials\r?$/m);
  });

  it('setup-token from a fresh state to the status screen; the token never reaches the screen', async () => {
    await withPort1455(async () => {
      const token = fakeSetupToken('first');
      const s = wizard([], {}, { cols: 60, rows: 30 });
      await s.waitStep('agent');
      await s.waitScreen(/Which agent are you setting up\? ❯ main no profiles yet Create a new agent…/);
      await s.keys('agent', KEY.enter);
      await s.waitStep('auth-choice');
      await s.waitScreen(/❯ Anthropic: setup-token \(Claude Pro\/Max\) not set up OpenAI Codex: ChatGPT sign-in not set up OpenAI Codex: device code not set up · fits here: nothing to paste back API key… Anthropic, OpenAI, OpenRouter More providers… GitHub Copilot Skip for now/);
      await s.keys('auth-choice', KEY.enter);

      await s.waitStep('setup-token');
      await s.waitScreen('claude setup-token');
      s.write(paste(token));
      await s.waitFor(`(${token.length} characters)`);
      s.write(KEY.enter);
      await s.waitScreen('Profile name');
      await s.keys('setup-token-name', KEY.enter); // the default name

      await s.waitStep('status');
      // At 60 columns the path breaks wherever the line ends.
      const shown = await s.waitScreen(/Saved to \/\S.*profiles\.\s?json/);
      expect(shown).toMatch(/anthropic:default static|anthropic:default ok/);
      expect(shown).toMatch(/token · expires in 36[45]d/);
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);

      const raw = s.raw();
      expect(raw).not.toContain(token);
      // NO_COLOR: bold and dim only, no colour (SGR 30-49, 90-107); no line wider than 60 columns.
      expect(raw.match(/\u001b\[[0-9;]*m/g)?.filter((sgr) => /\[(?:[34]\d|9\d|10\d)[;m]/.test(sgr)) ?? []).toEqual([]);
      expect(await s.softWrapped()).toBe(0);
      // No run of the secret long enough to matter, anywhere in what was drawn.
      for (let i = 'sk-ant-oat01-'.length; i + 12 <= token.length; i += 6) expect(raw).not.toContain(token.slice(i, i + 12));
      const profile = (await readStoreJson()).profiles['anthropic:default'];
      expect(profile).toMatchObject({ type: 'token', provider: 'anthropic', token });
      expect(Math.abs(profile.expires - (Date.now() + 365 * DAY))).toBeLessThan(60_000);
    });
  }, 60_000);

  it('Codex over SSH: the whole URL and the ssh -L hint are shown, nothing is launched, a paste signs in', async () => {
    await withPort1455(async () => {
      const s = wizard(['--agent', 'main'], SSH, { cols: 60, rows: 40 });
      await s.keys('auth-choice', KEY.down + KEY.enter);
      await waitForPasteField(s);
      const shown = await s.waitScreen('No browser is opened: this is an SSH session.');
      expect(shown).toContain('ssh -L 1455:127.0.0.1:1455 <host>');
      expect(shown).not.toMatch(/Opened in/);
      // The link is one logical line the terminal soft-wraps (issue 22, item 2); nothing else wraps.
      const url = (s.raw().match(AUTHORIZE_URL)?.[0] ?? '').replace(/\u001b.*$/s, '');
      expect(await s.softWrapped()).toBe(Math.ceil(url.length / 60) - 1);

      // The whole URL was on screen: the browser gets a code from it. A paste from another attempt is
      // explained and the field asks again.
      const callback = await callbackFor(s);
      const stale = new URL(callback);
      stale.searchParams.set('state', 'from-another-attempt');
      s.write(paste(stale.toString()) + KEY.enter);
      await s.waitScreen(/different sign-in attempt/);
      s.write(paste(callback.toString()) + KEY.enter);

      await s.waitStep('status', { timeoutMs: 30_000 });
      await s.waitScreen(/openai-codex:default ok oauth · access token expires in .* acct_test123/);
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);
      const profile = (await readStoreJson()).profiles['openai-codex:default'];
      expect(profile).toMatchObject({ type: 'oauth', provider: 'openai-codex', accountId: 'acct_test123' });
      expect(s.raw()).not.toContain(profile.access);
      expect(s.raw()).not.toContain(profile.refresh);
      expect(await portIsFree(1455)).toBe(true);
    });
  }, 60_000);

  it('device code by flag over SSH: the code on screen, approved at the issuer, ends on the status screen', async () => {
    issuer.setMode({ deviceInterval: 1 });
    const s = wizard(['--agent', 'main', '--auth-choice', 'openai-codex-device-code'], SSH, { cols: 60, rows: 40 });
    await s.waitStep('codex-device');
    // The hints are drawn from the first frame, before the code arrives: wait for the code and the hints below it.
    const shown = await s.waitScreen(/[A-F0-9]{4}-[A-F0-9]{4}[\s\S]*Tab browser sign-in instead/);
    const code = /([A-F0-9]{4}-[A-F0-9]{4})/.exec(shown)![1]!;
    expect(shown).toContain('https://auth.openai.com/codex/device');
    expect(shown).toContain('The code expires in 15 minutes.');
    expect(await s.softWrapped()).toBe(0);
    expect(issuer.approveDevice(code)).toBe(true);
    await s.waitStep('status', { timeoutMs: 30_000 });
    await s.waitScreen(/openai-codex:default ok/);
    await s.keys('status', KEY.enter);
    expect((await s.exited).exitCode).toBe(0);
    const text = await readFile(storeFileOf(state.dir), 'utf8');
    const profile = JSON.parse(text).profiles['openai-codex:default'];
    expect(profile).toMatchObject({ type: 'oauth', provider: 'openai-codex', accountId: 'acct_test123' });
    expect(text).not.toContain(code);
    expect(s.raw()).not.toContain(profile.access);
    expect(s.raw()).not.toContain(profile.refresh);
  }, 60_000);

  it.skipIf(lacks('chromium'))('Codex on a desktop: headless Chromium as $BROWSER completes the loopback callback with no paste', async () => {
    await withPort1455(async () => {
      const s = wizard(['--agent', 'main'], {
        DISPLAY: ':0',
        BROWSER: join(ROOT, 'test', 'support', 'chromium-browser.sh'),
        OPENCLAW_TEST_BROWSER_LOG: join(state.dir, 'chromium.log'),
      });
      await s.keys('auth-choice', KEY.down + KEY.enter);
      await s.waitStep('codex');
      await s.waitFor(/Opened in \$BROWSER/);
      await s.waitStep('status', { timeoutMs: 45_000 });
      await s.waitScreen(/openai-codex:default ok/);
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);
      expect(s.text()).not.toMatch(/Exchanging/); // the callback, not a paste
      expect((await readStoreJson()).profiles['openai-codex:default']).toMatchObject({ type: 'oauth', accountId: 'acct_test123' });
      expect(await portIsFree(1455)).toBe(true);
    });
  }, 60_000);

  it('guided re-login: a Codex profile that needs it opens straight on its login and keeps its id', async () => {
    await withPort1455(async () => {
      const old = issuer.issueGrant({ accountId: 'acct_old' });
      await plantStore({
        version: 1,
        profiles: { 'openai-codex:work': { type: 'oauth', provider: 'openai-codex', access: old.access, refresh: old.refresh, expires: old.expires, accountId: 'acct_old' } },
        usageStats: { 'openai-codex:work': { errorCount: 1, reloginRequired: { since: Date.now() - 60_000, reason: 'refresh_token_reused' } } },
      });
      const s = wizard(['--agent', 'main'], SSH, { cols: 60, rows: 40 });
      await waitForPasteField(s);
      expect(s.steps()).not.toContain('auth-choice');
      const shown = await s.waitScreen('OpenAI Codex: sign in with ChatGPT (openai-codex:work)');
      expect(shown).toMatch(/openai-codex:work needs signing in again: .*keeps the same profile id/);
      await pasteCallback(s);

      await s.waitStep('status', { timeoutMs: 30_000 });
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);
      const store = await readStoreJson();
      expect(Object.keys(store.profiles)).toEqual(['openai-codex:work']);
      const profile = store.profiles['openai-codex:work'];
      expect(profile).toMatchObject({ type: 'oauth', accountId: 'acct_test123' });
      expect(profile.access).not.toBe(old.access);
      expect(profile.refresh).not.toBe(old.refresh);
      expect(issuer.isCurrentRefresh(profile.refresh)).toBe(true);
      expect(store.usageStats?.['openai-codex:work']?.reloginRequired).toBeUndefined();
    });
  }, 60_000);

  it('guided re-login: an expired setup-token opens straight on the paste and keeps its id', async () => {
    await withPort1455(async () => {
      await plantStore({
        version: 1,
        profiles: { 'anthropic:work': { type: 'token', provider: 'anthropic', token: fakeSetupToken('old'), expires: Date.now() - DAY } },
      });
      const token = fakeSetupToken('renewed');
      const s = wizard(['--agent', 'main']);
      await s.waitStep('setup-token');
      expect(s.steps()).not.toContain('auth-choice');
      await s.waitScreen(/anthropic:work needs signing in again: the token has expired\. Signing in keeps the same profile id\./);
      s.write(paste(token));
      await s.waitFor(`(${token.length} characters)`);
      s.write(KEY.enter); // no name to ask: the id is kept

      await s.waitStep('status');
      await s.waitScreen(/anthropic:work ok token · expires in 36[45]d/);
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);
      expect(s.raw()).not.toContain(token);
      const store = await readStoreJson();
      expect(Object.keys(store.profiles)).toEqual(['anthropic:work']);
      expect(store.profiles['anthropic:work']).toMatchObject({ type: 'token', token });
      expect(Math.abs(store.profiles['anthropic:work'].expires - (Date.now() + 365 * DAY))).toBeLessThan(60_000);
    });
  }, 60_000);

  it('Ctrl+C at the auth choice: exit 130, nothing written', async () => {
    const before = await snapshot();
    const s = wizard([]);
    await s.keys('agent', KEY.enter);
    await s.keys('auth-choice', KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
    expect(s.text()).toContain('Cancelled; nothing was saved.');
    expect(await snapshot()).toEqual(before);
    await expect(readFile(storeFileOf(state.dir))).rejects.toThrow(/ENOENT/);
  });

  it('Ctrl+C at the auth choice leaves an existing store byte for byte', async () => {
    await plantStore({ version: 1, profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken(), expires: Date.now() + 30 * DAY } } });
    const before = await snapshot();
    const s = wizard(['--agent', 'main']);
    await s.keys('auth-choice', KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
    expect(await snapshot()).toEqual(before);
  });

  it('Esc while the Codex login waits: back to the auth choice, port 1455 free again; Ctrl+C: exit 130, nothing written', async () => {
    await withPort1455(async () => {
      const before = await snapshot();
      const s = wizard(['--agent', 'main'], SSH);
      await s.keys('auth-choice', KEY.down + KEY.enter);
      await waitForPasteField(s);
      expect(await portIsFree(1455)).toBe(false); // the loopback server is listening
      const mark = s.raw().length;
      s.write(KEY.esc);
      await s.waitStep('auth-choice', { since: mark });
      await waitForPortFree();
      s.write(KEY.ctrlC);
      expect((await s.exited).exitCode).toBe(130);
      expect(s.text()).toContain('Cancelled; nothing was saved.');
      expect(await portIsFree(1455)).toBe(true);
      expect(await snapshot()).toEqual(before);
    });
  }, 60_000);

  describe('--agent <new id>', () => {
    const agentDir = () => join(state.dir, 'agents', 'new1');

    it('asks first; y creates the agent and goes on to the auth choice', async () => {
      const s = wizard(['--agent', 'new1'], {}, { cols: 60, rows: 30 });
      await s.waitStep('confirm-agent');
      await s.waitScreen('Agent new1 does not exist yet. Create it?');
      expect(await snapshot()).toEqual({});
      await expect(readdir(agentDir())).rejects.toThrow(/ENOENT/);
      await s.keys('confirm-agent', 'y');
      await s.waitStep('auth-choice');
      await s.waitScreen(/How should agent new1 sign in\?/);
      expect(await readdir(agentDir())).toEqual(['agent']);
      expect(await s.softWrapped()).toBe(0);
      await s.keys('auth-choice', KEY.ctrlC);
      expect((await s.exited).exitCode).toBe(130);
    });

    it('n: cancelled (exit 130), nothing created, and where the agents are listed', async () => {
      const s = wizard(['--agent', 'new1']);
      await s.keys('confirm-agent', 'n');
      expect((await s.exited).exitCode).toBe(130);
      expect(s.text()).toContain('Nothing was created. See the agents there are with: openclaw agents list');
      await expect(readdir(state.dir)).resolves.toEqual([]);
    });
  });

  describe('a broken store', () => {
    const broken = '{"version": 1, "profiles": {"anthropic:default": {"type": "token", "provider": "anth';

    it('names the file and the problem; n leaves it byte for byte and exits 1', async () => {
      const file = storeFileOf(state.dir);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, broken);
      const s = wizard(['--agent', 'main']);
      await s.waitStep('corrupt');
      const shown = await s.waitScreen(file);
      expect(shown).toMatch(/The credential store cannot be used: .*JSON/i);
      await s.keys('corrupt', 'n');
      expect((await s.exited).exitCode).toBe(1);
      expect(await readFile(file, 'utf8')).toBe(broken);
      expect(await readdir(dirname(file))).toEqual(['auth-profiles.json']);
    });

    it('y moves it aside as auth-profiles.json.corrupt-<timestamp> and carries on', async () => {
      const file = storeFileOf(state.dir);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, broken);
      const s = wizard([]);
      await s.waitStep('agent');
      await s.waitScreen(/main store unreadable/);
      await s.keys('agent', KEY.enter);
      await s.keys('corrupt', 'y');
      await s.waitStep('auth-choice');
      const files = await readdir(dirname(file));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^auth-profiles\.json\.corrupt-\d{8}T\d{9}Z$/);
      expect(await readFile(join(dirname(file), files[0]!), 'utf8')).toBe(broken);
      await s.keys('auth-choice', KEY.up + KEY.enter); // up from the first item wraps to "Skip for now"
      await s.waitStep('status');
      await s.waitScreen('Agent main: nothing signed in yet');
      await s.keys('status', 'q');
      expect((await s.exited).exitCode).toBe(0);
    });
  });
});

describe('openclaw onboard with no terminal', () => {
  it('piped stdin: exit 2 with the scripted form', async () => {
    const result = await runCli(['onboard'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr).toContain('openclaw onboard --non-interactive --auth-choice setup-token --token-stdin');
    expect(result.stderr).toContain('openclaw onboard --non-interactive --auth-choice skip');
    await expect(readdir(state.dir)).resolves.toEqual([]);
  });

  it('--non-interactive --auth-choice setup-token --token-stdin --json stores the token and prints JSON', async () => {
    const token = fakeSetupToken('scripted');
    const result = await runCli(['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--json'], {
      env: state.env,
      input: `${token}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(token);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ agent: 'main', authChoice: 'setup-token', saved: { profileId: 'anthropic:default', storeFile: storeFileOf(state.dir) } });
    expect(json.status.profiles).toEqual([expect.objectContaining({ id: 'anthropic:default', type: 'token', provider: 'anthropic' })]);
    const profile = (await readStoreJson()).profiles['anthropic:default'];
    expect(profile).toMatchObject({ type: 'token', token });
    expect(Math.abs(profile.expires - (Date.now() + 365 * DAY))).toBeLessThan(60_000);
  });

  it('--non-interactive --auth-choice openai-codex: exit 2, it needs a terminal', async () => {
    const result = await runCli(['onboard', '--non-interactive', '--auth-choice', 'openai-codex'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs a terminal/);
    await expect(readFile(storeFileOf(state.dir))).rejects.toThrow(/ENOENT/);
  });

  it('--non-interactive --auth-choice skip: exit 0, nothing signed in', async () => {
    const result = await runCli(['onboard', '--non-interactive', '--auth-choice', 'skip'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Agent main: sign-in skipped.');
    const json = await runCli(['onboard', '--non-interactive', '--auth-choice', 'skip', '--json'], { env: state.env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ agent: 'main', authChoice: 'skip', saved: null, status: { profiles: [] } });
  });
});
