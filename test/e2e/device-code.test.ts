import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, storeFileOf, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { startProbeStandin, type ProbeStandin } from '../support/probe-standin.mjs';
import { spawnCli, type PtySession } from '../support/pty.js';
import { KEY, spawnWizard, type WizardSession } from '../support/wizard.js';

/** SPEC 7's device code through the built CLI in a pseudo-terminal, over SSH, against the test issuer. */
let issuer: Issuer;
let state: Awaited<ReturnType<typeof tempState>>;
let session: PtySession | WizardSession | undefined;
let standin: ProbeStandin;

beforeAll(async () => {
  issuer = await startIssuer({ accountId: 'acct_device9', email: 'ssh-user@example.com' });
  standin = await startProbeStandin();
});
afterAll(async () => {
  await issuer.close();
  await standin.close();
});
beforeEach(async () => {
  state = await tempState();
  issuer.setMode({ deviceDisabled: false, deviceInterval: 1 });
});
afterEach(async () => {
  session?.kill();
  session = undefined;
  await state.cleanup();
});

const SSH = { SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22' };
const USER_CODE = /\b[A-F0-9]{4}-[A-F0-9]{4}\b/;
const login = (args: string[] = []) =>
  spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code', ...args], { env: { ...state.env, ...SSH }, issuer: issuer.url, cols: 80 });

describe('models auth login --provider openai-codex --device-code', () => {
  it('over SSH: shows the device URL and the code; approving it at the issuer signs in', async () => {
    session = login();
    await session.waitFor('https://auth.openai.com/codex/device');
    const [code] = await session.waitFor(USER_CODE);
    await session.waitFor(/expires in 15 minutes/);
    await session.waitFor(/Never share this code/);
    await session.waitFor(/Waiting for the code to be approved/);
    expect(issuer.approveDevice(code)).toBe(true);
    await session.waitFor(/Signed in as ssh-user@example\.com, ChatGPT account acct_device9/, { timeoutMs: 20_000 });
    expect((await session.exited).exitCode).toBe(0);

    const text = await readFile(storeFileOf(state.dir), 'utf8');
    const profile = JSON.parse(text).profiles['openai-codex:default'];
    expect(profile).toMatchObject({ type: 'oauth', provider: 'openai-codex', accountId: 'acct_device9' });
    expect(text).not.toContain(code);
    expect(session.raw()).not.toContain(profile.access);
    expect(session.raw()).not.toContain(profile.refresh);
    const status = await runCli(['models', 'status', '--json'], { env: state.env });
    expect(status.stdout).toContain('acct_device9');
    expect(status.stdout).not.toContain(code);
  }, 40_000);

  it('Ctrl+C while polling: exit 130, nothing written, no poll after the exit', async () => {
    session = login();
    await session.waitFor(/Waiting for the code to be approved/);
    session.write('\u0003');
    expect((await session.exited).exitCode).toBe(130);
    const polls = issuer.stats.devicePolls;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(issuer.stats.devicePolls).toBe(polls);
    expect(await readdir(state.dir)).toEqual([]);
    expect(session.text()).toMatch(/nothing was saved/);
  }, 30_000);

  it('device sign-in not enabled (404): exit 1, says so and names the browser sign-in, writes nothing', async () => {
    issuer.setMode({ deviceDisabled: true });
    const result = await runCli(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code'], { env: { ...state.env, ...SSH }, issuer: issuer.url });
    expect(result.code).toBe(1);
    // With no terminal, the sign-in's progress is on stderr too (plain lines), before the error's own line.
    expect(result.stderr).toMatch(/^error: Device sign-in is not enabled for this ChatGPT account or workspace/m);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('openclaw models auth login --provider openai-codex');
    expect(await readdir(state.dir)).toEqual([]);
  });

  it('--device-code with anthropic is a usage error', async () => {
    const result = await runCli(['models', 'auth', 'login', '--provider', 'anthropic', '--device-code'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--device-code is a sign-in of openai-codex/);
  });
});

/**
 * Issue 21: the sign-in is checked once stored, at the endpoint the Codex CLI reads its usage from (the
 * probe stand-in); the answer's usage windows are shown with their reset times.
 */
describe('a ChatGPT sign-in, checked', () => {
  const checkedEnv = () => ({
    ...state.env,
    ...SSH,
    OPENCLAW_TEST_PROBES: standin.url,
    NODE_OPTIONS: `--import ${join(ROOT, 'test', 'support', 'redirect-probes.mjs')}`,
  });

  it('models auth login --device-code: "Checked: it works", then the 5-hour and weekly windows with their reset times', async () => {
    const pty = spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code'], { env: checkedEnv(), issuer: issuer.url, cols: 100 });
    session = pty;
    const [code] = await pty.waitFor(USER_CODE);
    await pty.waitFor(/Waiting for the code to be approved/);
    expect(issuer.approveDevice(code)).toBe(true);
    await pty.waitFor('Checked: it works (openai-codex accepted it).', { timeoutMs: 20_000 });
    await pty.waitFor(/plan: plus/);
    await pty.waitFor(/5h window: 42% used, resets in (2h 5\dm|3h) \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    await pty.waitFor(/7d window: 7% used, resets in (4d 23h|5d)/);
    expect((await pty.exited).exitCode).toBe(0);
    const usage = standin.seen.filter((s) => s.path === '/chatgpt/backend-api/wham/usage');
    expect(usage.at(-1)?.headers['chatgpt-account-id']).toBe('acct_device9');
  }, 40_000);

  it('the wizard: its status screen says the sign-in was checked and shows the windows', async () => {
    const wizard = spawnWizard(['--agent', 'main', '--auth-choice', 'openai-codex-device-code'], { env: checkedEnv(), issuer: issuer.url });
    session = wizard;
    const [code] = await wizard.waitFor(USER_CODE);
    expect(issuer.approveDevice(code)).toBe(true);
    await wizard.waitFor('Checked: it works.', { timeoutMs: 20_000 });
    await wizard.waitFor(/5h window: 42% used, resets in/);
    wizard.write(KEY.enter);
  }, 40_000);
});
