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
  const store = { version: 1, profiles: { 'anthropic:default': { type: 'oauth', provider: 'anthropic', access: 'a', refresh: 'r', expires: Date.now() + 3_600_000 } } };
  await writeFile(file, JSON.stringify(store), { mode: 0o600 });
  const before = await readFile(file, 'utf8');
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input: fakeSetupToken('o') });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/anthropic:default is a sign-in \(OAuth\) profile; a pasted token would replace its grant/);
  expect(r.stderr).toContain('openclaw models auth logout --provider anthropic --profile-id anthropic:default');
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
  expect(JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default']).toEqual({ type: 'api_key', provider: 'openai', key: 'sk-proj-0123456789abcdefABCDEF' });
});

it('an OpenAI or OpenRouter paste is an API key (SPEC 2.1 api_key, as login stores it), a reference a keyRef; the problem names the provider', async () => {
  const key = `sk-${'a1B2'.repeat(12)}`;
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--no-verify'], { env: state.env, input: `${key}\n` });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('Saved openai:default (API key)');
  const ref = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--profile-id', 'env', '--ref', 'env:OPENAI_API_KEY'], { env: { ...state.env, OPENAI_API_KEY: key } });
  expect(ref.code, ref.stderr).toBe(0);
  const profiles = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles;
  expect(profiles['openai:default']).toEqual({ type: 'api_key', provider: 'openai', key });
  expect(profiles['openai:env']).toEqual({ type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' } });
  const bad = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openrouter'], { env: state.env, input: 'abc\n' });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('That does not look like a key for OpenRouter (it starts with sk-or-v1-…)');
  const expiry = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--expires-in', '30d'], { env: state.env, input: `${key}\n` });
  expect(expiry.code).toBe(2);
  expect(expiry.stderr).toContain('--expires-in does not apply');
});

it('a provider that only signs in (OAuth) has nothing to paste: refused (exit 1) naming its sign-in, nothing written, in both languages', async () => {
  for (const provider of ['openai-codex', 'github-copilot']) {
    const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', provider], { env: state.env, input: 'abc\n' });
    expect(r.code, provider).toBe(1);
    expect(r.stderr).toContain(`${provider} has no token or key to paste`);
    expect(r.stderr).toContain(`openclaw models auth login --provider ${provider}`);
  }
  await expect(readFile(storeFileOf(state.dir), 'utf8')).rejects.toThrow();
  const zh = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai-codex'], { env: { ...state.env, OPENCLAW_LANG: 'zh-Hant' }, input: 'abc\n' });
  expect(zh.code).toBe(1);
  expect(zh.stderr).toContain('沒有可貼上的權杖或金鑰');
});

it('a provider id that breaks SPEC 8 grammar is told that grammar (no "." or "_"), its escape not echoed', async () => {
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'x\u001b[31mred'], { env: state.env, input: 'abc\n' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('use lowercase letters, digits and "-".');
  expect(r.stderr).not.toContain('"_"');
  expect(r.stderr).not.toContain('\u001b');
});

it('in Chinese, the unregistered provider too', async () => {
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropc'], { env: { ...state.env, LANG: 'zh_TW.UTF-8' }, input: 'x' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('沒有註冊供應商 "anthropc"');
  expect(r.stderr).toContain('anthropic');
});

it('an Anthropic API key given where a setup-token goes is named, with the command that keeps one (which does): exit 1, nothing stored, the key never shown', async () => {
  const key = `sk-ant-api03-${'k'.repeat(60)}AA`;
  expect((await runInProcess(['agents', 'add', 'work'], { env: state.env })).code).toBe(0);
  const command = 'openclaw models auth login --provider anthropic --method api-key --profile-id anthropic:lab --agent work';
  const cases: [string[], Record<string, string>][] = [
    [['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'lab', '--agent', 'work'], {}],
    [['models', 'auth', 'setup-token', '--provider', 'anthropic', '--profile-id', 'lab', '--agent', 'work'], {}],
    [['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--token-profile-id', 'lab', '--agent', 'work'], {}],
    [['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'lab', '--agent', 'work'], { LANG: 'zh_TW.UTF-8' }],
  ];
  for (const [args, lang] of cases) {
    const r = await runInProcess(args, { env: { ...state.env, ...lang }, input: `${key}\n` });
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stderr).toContain(lang.LANG ? `這是 Anthropic API 金鑰（sk-ant-api…），不是 setup-token，沒有儲存任何東西。API 金鑰請用 \`${command}\` 儲存` : `That is an Anthropic API key (sk-ant-api…), not a setup-token; nothing was stored. Save an API key with \`${command}\``);
    expect(r.stderr + r.stdout).not.toContain(key);
  }
  await expect(readFile(storeFileOf(state.dir, 'work'), 'utf8')).rejects.toThrow();
  // The default profile of the default agent: the command names neither.
  const plain = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input: key });
  expect(plain.stderr).toContain('`openclaw models auth login --provider anthropic --method api-key`');
  // And that command takes it.
  const kept = await runInProcess([...command.split(' ').slice(1), '--no-verify'], { env: state.env, input: key });
  expect(kept.code, kept.stderr).toBe(0);
  expect(JSON.parse(await readFile(storeFileOf(state.dir, 'work'), 'utf8')).profiles['anthropic:lab']).toMatchObject({ type: 'api_key', key });
});
