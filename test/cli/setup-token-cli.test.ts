import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSetupToken, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const DAY = 86_400_000;

describe('models auth setup-token / login --provider anthropic', () => {
  for (const args of [
    ['models', 'auth', 'setup-token', '--provider', 'anthropic', '--profile-id', 'work'],
    ['models', 'auth', 'login', '--provider', 'anthropic', '--profile-id', 'work'],
  ]) {
    it(`${args.slice(0, 3).join(' ')}: a piped token is stored for 365 days under the named profile`, async () => {
      const token = fakeSetupToken('st');
      const before = Date.now();
      const result = await runCli(args, { env: state.env, input: `${token}\n` });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Saved anthropic:work \(expires in 36[45]d/);
      expect(result.stdout + result.stderr).not.toContain(token);
      const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['anthropic:work'];
      expect(profile).toMatchObject({ type: 'token', provider: 'anthropic', token });
      expect(profile.expires).toBeGreaterThanOrEqual(before + 365 * DAY);
      expect(profile.expires).toBeLessThanOrEqual(Date.now() + 365 * DAY);
    });
  }

  it('--expires-in changes the lifetime; a bad duration is a usage error', async () => {
    const ok = await runCli(['models', 'auth', 'setup-token', '--expires-in', '30d'], { env: state.env, input: fakeSetupToken() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/expires in (29d 23h|30d)/);
    const bad = await runCli(['models', 'auth', 'setup-token', '--expires-in', 'soon'], { env: state.env, input: fakeSetupToken() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid --expires-in "soon"/);
  });

  it('refuses --token on the command line and a provider other than anthropic', async () => {
    const argv = await runCli(['models', 'auth', 'setup-token', '--token', fakeSetupToken()], { env: state.env });
    expect(argv.code).toBe(2);
    expect(argv.stderr).toMatch(/--token is refused/);
    const other = await runCli(['models', 'auth', 'setup-token', '--provider', 'openai'], { env: state.env, input: fakeSetupToken() });
    expect(other.code).toBe(2);
    await expect(readFile(storeFileOf(state.dir))).rejects.toThrow(/ENOENT/);
  });

  it('a redirect URL pasted instead of a token gets its own hint', async () => {
    const result = await runCli(['models', 'auth', 'setup-token'], { env: state.env, input: 'https://claude.ai/oauth/callback?code=abc&state=def' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sign-in address, not a token/);
  });
});
