import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, storeFileOf, tempState } from '../support/cli.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.mjs';
import { spawnCli, type PtySession } from '../support/pty.js';

/** GitHub Copilot (pi-ai's device sign-in) through the built CLI against a local github.com stand-in. */
const REDIRECT = join(ROOT, 'test', 'support', 'redirect-github.mjs');
let github: GithubStandin;
let state: Awaited<ReturnType<typeof tempState>>;
let session: PtySession | undefined;

beforeAll(async () => (github = await startGithubStandin()));
afterAll(() => github.close());
beforeEach(async () => (state = await tempState()));
afterEach(async () => {
  session?.kill();
  session = undefined;
  await state.cleanup();
});

const login = () =>
  spawnCli(['models', 'auth', 'login', '--provider', 'github-copilot'], {
    env: { ...state.env, OPENCLAW_TEST_GITHUB: github.url, NODE_OPTIONS: `--import ${REDIRECT}`, BROWSER: 'none', DISPLAY: ':0' },
    cols: 80,
  });

describe('models auth login --provider github-copilot', () => {
  it('enterprise domain left blank, device code shown, approval, Copilot token, models enabled: the profile is stored', async () => {
    const before = { ...github.stats };
    session = login();
    await session.waitFor(/GitHub Enterprise URL\/domain \(blank for github\.com\)/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write('\r');
    await session.waitFor('https://github.com/login/device');
    await session.waitFor(/Enter code: WDJB-MJHT/);
    await session.waitFor(/Signed in \(github-copilot:default\)/, { timeoutMs: 20_000 });
    await session.waitFor('Checked: it works (github-copilot accepted it).');
    expect((await session.exited).exitCode).toBe(0);

    expect(github.stats.deviceCodes - before.deviceCodes).toBe(1);
    expect(github.stats.accessTokens - before.accessTokens).toBe(1);
    // The sign-in's own, and the check of the profile it wrote (issue 21: Copilot's probe is its token endpoint).
    expect(github.stats.copilotTokens - before.copilotTokens).toBe(2);
    expect(github.stats.modelPolicies - before.modelPolicies).toBeGreaterThan(0);
    const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['github-copilot:default'];
    expect(profile).toEqual({ type: 'oauth', provider: 'github-copilot', access: expect.stringMatching(/^tid=.*proxy-ep=/), refresh: expect.stringMatching(/^gho_/), expires: expect.any(Number), signInMethod: 'device-code' });
    expect(profile.expires).toBeGreaterThan(Date.now() + 20 * 60_000);
    expect(session.raw()).not.toContain(profile.refresh);
    expect(session.raw()).not.toContain(profile.access);
  }, 40_000);

  it('Ctrl+C while waiting for approval: exit 130, nothing written, polling stops', async () => {
    github.setMode({ approveAfterPolls: 1000 });
    try {
      session = login();
      await session.waitFor(/GitHub Enterprise URL/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      session.write('\r');
      await session.waitFor(/Waiting for the sign-in to finish/);
      session.write('\u0003');
      expect((await session.exited).exitCode).toBe(130);
      expect(session.text()).toMatch(/nothing was saved/);
      const polls = github.stats.polls;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(github.stats.polls).toBe(polls);
      expect(await readdir(state.dir)).toEqual([]);
    } finally {
      github.setMode({ approveAfterPolls: 1 });
    }
  }, 30_000);
});
