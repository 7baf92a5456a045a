import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// A mistyped flag is what the user needs to hear about, not the required flag it left missing
// (issue 22, item 4): `--provder openai` used to be answered "required option '--provider' not specified".
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
});
afterEach(() => state.cleanup());
const run = (args: string[], env: Record<string, string> = {}) => runInProcess(args, { env: { ...state.env, ...env } });

describe('an unknown option is reported before a missing required one', () => {
  it.each([
    [['models', 'auth', 'login', '--provder', 'openai']],
    [['models', 'auth', 'paste-token', '--provder', 'openai']],
    [['models', 'auth', 'logout', '--provder', 'openai']],
    [['models', 'auth', 'setup-token', '--provder', 'anthropic']],
    [['models', 'auth', 'token', '--provder', 'openai']],
  ])('%j: the unknown option and its suggestion, exit 2', async (args) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown option '--provder'\n\(Did you mean --provider\?\)/);
    expect(result.stderr).not.toContain('required option');
  });

  it('in Chinese too', async () => {
    const result = await run(['models', 'auth', 'login', '--provder', 'openai'], { LANG: 'zh_TW.UTF-8' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('沒有 --provder 這個選項');
    expect(result.stderr).toContain('--provider');
    expect(result.stderr).not.toContain('缺少必要的選項');
  });

  it('a required option that is really missing is still named, with nothing unknown typed', async () => {
    const result = await run(['models', 'auth', 'logout']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: required option '--provider <provider>' not specified/);
  });

  it('a missing required option is named before anything runs (no prompt, nothing read)', async () => {
    const result = await run(['models', 'auth', 'paste-token'], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: required option '--provider <provider>' not specified/);
  });
});
