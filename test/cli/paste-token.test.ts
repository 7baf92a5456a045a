import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeSetupToken, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

it('refuses to paste a token over an OAuth sign-in (its grant would be lost): exit 1, the store unchanged', async () => {
  const file = storeFileOf(state.dir);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const store = { version: 1, profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires: Date.now() + 3_600_000, accountId: 'acct' } } };
  await writeFile(file, JSON.stringify(store), { mode: 0o600 });
  const before = await readFile(file, 'utf8');
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai-codex'], { env: state.env, input: 'hello' });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/openai-codex:default is a sign-in \(OAuth\) profile; a pasted token would replace its grant/);
  expect(r.stderr).toContain('openclaw models auth logout --provider openai-codex --profile-id openai-codex:default');
  expect(await readFile(file, 'utf8')).toBe(before);
});

it('a pasted Anthropic setup-token lasts a year, as setup-token stores it, unless --expires-in says otherwise', async () => {
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input: fakeSetupToken('y') });
  expect(r.code, r.stderr).toBe(0);
  const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['anthropic:default'];
  expect(profile.expires - Date.now()).toBeGreaterThan(364 * 86_400_000);
  expect(r.stdout).toMatch(/expires in 364d 23h|expires in 365d/);
});

it('two tokens or keys piped on separate lines are refused (exit 1, nothing written, the token not echoed); one token wrapped over lines is kept', async () => {
  const tok = fakeSetupToken('p');
  const cases: [string[], string][] = [
    [['--provider', 'anthropic'], `${tok}\n${tok}\n`],
    [['--provider', 'anthropic'], `${tok}\nsk-other\n`],
    [['--provider', 'openrouter'], 'sk-or-v1-0123456789abcdefABCDEF\nsk-or-v1-fedcba9876543210FEDCBA\n'],
  ];
  for (const [flags, input] of cases) {
    const r = await runInProcess(['models', 'auth', 'paste-token', ...flags], { env: state.env, input });
    expect(r.code, input).toBe(1);
    expect(r.stderr).toMatch(/more than one token or key/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toMatch(/A1b2C3d4E5|0123456789abcdef/);
    await expect(readFile(storeFileOf(state.dir), 'utf8')).rejects.toThrow();
  }
  // A terminal wraps a long token: the pieces are joined again.
  const wrapped = `${tok.slice(0, 40)}\n${tok.slice(40, 80)}\r\n${tok.slice(80)}\n`;
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input: wrapped });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['anthropic:default'].token).toBe(tok);
});

// Issue 22, item 5: paste-token took any provider id and any text as its token.
it('an unregistered provider is refused with the nearest id and the registered ones (exit 2), nothing read or written', async () => {
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropc'], { env: state.env, input: fakeSetupToken('u') });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    'error: No provider "anthropc" is registered. Did you mean anthropic? Registered: anthropic, openai-codex, openai, openrouter, github-copilot. See openclaw models auth providers.\n',
  );
  expect(r.stdout).toBe('');
  await expect(readFile(storeFileOf(state.dir), 'utf8')).rejects.toThrow();
});

it("a token that fails the provider's key pattern is refused (exit 1, nothing written); one that fits is stored", async () => {
  const bad = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai'], { env: state.env, input: 'abc\n' });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('sk-');
  expect(bad.stderr).not.toContain('abc');
  await expect(readFile(storeFileOf(state.dir), 'utf8')).rejects.toThrow();
  const openrouterKey = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai'], { env: state.env, input: 'sk-or-v1-0123456789abcdefABCDEF\n' });
  expect(openrouterKey.code).toBe(1);
  const good = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai'], { env: state.env, input: 'sk-proj-0123456789abcdefABCDEF\n' });
  expect(good.code, good.stderr).toBe(0);
  expect(JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default'].token).toBe('sk-proj-0123456789abcdefABCDEF');
});

it('in Chinese, the unregistered provider too', async () => {
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropc'], { env: { ...state.env, LANG: 'zh_TW.UTF-8' }, input: 'x' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('沒有註冊供應商 "anthropc"');
  expect(r.stderr).toContain('anthropic');
});
