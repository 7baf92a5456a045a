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
