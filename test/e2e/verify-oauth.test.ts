import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { startProbeStandin, type ProbeStandin } from '../support/probe-standin.mjs';
import { spawnCli, type PtySession } from '../support/pty.js';
import { KEY, spawnWizard, type WizardSession } from '../support/wizard.js';

/**
 * Issue 21: an OAuth sign-in (here the ChatGPT device code) is checked once it is stored, at the endpoint
 * the Codex CLI reads its usage from; the answer's usage windows are shown with their reset times.
 */
let issuer: Issuer;
let standin: ProbeStandin;
let state: Awaited<ReturnType<typeof tempState>>;
let session: PtySession | WizardSession | undefined;
beforeAll(async () => {
  issuer = await startIssuer({ accountId: 'acct_checked', email: 'checked@example.test' });
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

const env = () => ({
  ...state.env,
  SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22',
  OPENCLAW_TEST_PROBES: standin.url,
  NODE_OPTIONS: `--import ${join(ROOT, 'test', 'support', 'redirect-probes.mjs')}`,
});
const USER_CODE = /\b[A-F0-9]{4}-[A-F0-9]{4}\b/;

describe('a ChatGPT sign-in, checked', () => {
  it('models auth login --device-code: "Checked: it works", then the 5-hour and weekly windows with their reset times', async () => {
    const pty = spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code'], { env: env(), issuer: issuer.url, cols: 100 });
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
    expect(usage.at(-1)?.headers['chatgpt-account-id']).toBe('acct_checked');
  }, 40_000);

  it('the wizard: its status screen says the sign-in was checked and shows the windows', async () => {
    const wizard = spawnWizard(['--agent', 'main', '--auth-choice', 'openai-codex-device-code'], { env: env(), issuer: issuer.url });
    session = wizard;
    const [code] = await wizard.waitFor(USER_CODE);
    expect(issuer.approveDevice(code)).toBe(true);
    await wizard.waitFor('Checked: it works.', { timeoutMs: 20_000 });
    await wizard.waitFor(/5h window: 42% used, resets in/);
    wizard.write(KEY.enter);
  }, 40_000);
});
