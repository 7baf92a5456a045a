import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { storeFileOf, tempState } from '../support/cli.js';
import { fakeContext } from '../support/context.js';

// A user-level review: `openclaw models auth setup-token | cat` (stdin a terminal, stdout a pipe) said a
// terminal is needed "or pipe it on stdin", and the sign-ins said "Run it in a terminal": both wrong for a
// user sitting at one. What is missing is a terminal on standard output, where the prompts are drawn; the
// message says so and how to go on, and nothing is drawn into the pipe.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
  const file = join(state.dir, 'asks.mjs');
  await writeFile(
    file,
    `export const providers = [{ id: 'asks', label: 'Asks Co', auth: [{ kind: 'oauth', id: 'ask', label: 'Asks', oauth: {
  refreshToken: async (c) => c, getApiKey: (c) => c.access, login: async (cb) => ({ access: await cb.onPrompt({ message: 'Code?' }), refresh: 'r', expires: Date.now() + 3600000 }) } }] }];\n`,
  );
  await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [file] } } }));
});
afterEach(() => state.cleanup());

/** The command run with stdin a terminal (nothing typed) and stdout a pipe. */
async function outputPiped(args: string[], env: Record<string, string> = {}) {
  const { ctx, out } = fakeContext({ env: { ...state.env, ...env } });
  Object.assign(ctx.stdin, { isTTY: true });
  const code = await runCli(['node', 'openclaw', ...args], ctx);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, ...out };
}

const stored = () => readFile(storeFileOf(state.dir), 'utf8').then((text) => JSON.parse(text).profiles, () => ({}));

describe('stdin a terminal, stdout a pipe', () => {
  it.each([
    [['models', 'auth', 'setup-token'], '| openclaw models auth setup-token'],
    [['models', 'auth', 'login', '--provider', 'anthropic'], '| openclaw models auth setup-token'],
    [['models', 'auth', 'paste-token', '--provider', 'openai'], '| openclaw models auth paste-token --provider openai'],
    [['models', 'auth', 'login', '--provider', 'openrouter'], '| openclaw models auth login --provider openrouter --method api-key'],
  ])('%j: says the output is piped, to run it without redirecting or to pipe the token in; draws nothing', async (args, pipeIn) => {
    const result = await outputPiped(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/standard output/i);
    expect(result.stderr).toMatch(/without redirecting its output/);
    expect(result.stderr).toContain(pipeIn);
    expect(result.stderr).not.toMatch(/A terminal is needed|Run it in a terminal/);
    expect(result.stdout).toBe('');
    expect(await stored()).toEqual({});
  });

  it.each([
    [['models', 'auth', 'login', '--provider', 'openai-codex']],
    [['models', 'auth', 'login', '--provider', 'asks']],
    [['onboard']],
  ])('%j: says the output is piped and to run it without redirecting it, not "run it in a terminal"', async (args) => {
    const result = await outputPiped(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/standard output/i);
    expect(result.stderr).toMatch(/without redirecting its output/);
    expect(result.stderr).not.toMatch(/Run it in a terminal/);
    expect(result.stdout).toBe('');
  });

  it('in Traditional Chinese too', async () => {
    const result = await outputPiped(['models', 'auth', 'setup-token'], { LANG: 'zh_TW.UTF-8' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('標準輸出');
    expect(result.stderr).toContain('| openclaw models auth setup-token');
    const login = await outputPiped(['models', 'auth', 'login', '--provider', 'asks'], { LANG: 'zh_TW.UTF-8' });
    expect(login.stderr).toContain('標準輸出');
    expect(login.stderr).not.toContain('請在終端機中執行');
  });

  it('with no terminal at all, the sign-ins still say to run them in one', async () => {
    const { ctx, out } = fakeContext({ env: state.env });
    const code = await runCli(['node', 'openclaw', 'models', 'auth', 'login', '--provider', 'asks'], ctx);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/Run it in a terminal \(over SSH, `ssh -t`\)/);
  });
});
