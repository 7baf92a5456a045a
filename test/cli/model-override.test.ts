import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

// `models auth token --model Model@profileId` (SPEC 5's per-session override, issue #14).

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const now = () => NOW;
const TOKEN = { a: 'sk-ant-oat01-PROFILE-A', b: 'sk-ant-oat01-PROFILE-B', c: 'sk-ant-oat01-PROFILE-C' };

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

async function plant(extra: Record<string, unknown> = {}, profiles: Record<string, unknown> = {}): Promise<string> {
  const file = storeFileOf(state.dir);
  await mkdir(dirname(file), { recursive: true });
  const store = {
    version: 1,
    profiles: {
      'anthropic:a': { type: 'token', provider: 'anthropic', token: TOKEN.a },
      'anthropic:b': { type: 'token', provider: 'anthropic', token: TOKEN.b },
      'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-OPENAI-KEY' },
      ...profiles,
    },
    order: { anthropic: ['anthropic:a', 'anthropic:b'] },
    usageStats: { 'anthropic:a': { cooldownUntil: NOW + 25 * MIN } },
    ...extra,
  };
  await writeFile(file, JSON.stringify(store), { mode: 0o600 });
  return file;
}

const token = (...args: string[]) => runCli(['models', 'auth', 'token', ...args], { env: state.env, now });

describe('models auth token --model (must show)', () => {
  it('without an override, a cooling-down profile is skipped: b is used', async () => {
    await plant();
    const result = await token('--provider', 'anthropic');
    expect(result).toMatchObject({ code: 0, stdout: `${TOKEN.b}\n`, stderr: '' });
  });

  it('Opus@anthropic:a uses a although it cools down; the warning is on stderr, stdout is the secret alone', async () => {
    await plant();
    const result = await token('--model', 'Opus@anthropic:a');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${TOKEN.a}\n`);
    expect(result.stderr).toBe('openclaw: anthropic:a is cooling down (25m left); using it because it was asked for by name.\n');
  });

  it('an unknown id is exit 1 listing the provider ids', async () => {
    await plant();
    const result = await token('--model', 'Opus@anthropic:nosuch');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: Unknown profile anthropic:nosuch. anthropic profiles: anthropic:a, anthropic:b.\n');
  });
});

describe('models auth token --model', () => {
  it('--provider agrees with the id: used as asked', async () => {
    await plant();
    const result = await token('--provider', 'anthropic', '--model', 'Opus@anthropic:a');
    expect(result).toMatchObject({ code: 0, stdout: `${TOKEN.a}\n` });
  });

  it('a provider mismatch with --provider is exit 1 naming the ids of --provider', async () => {
    await plant();
    const result = await token('--provider', 'anthropic', '--model', 'gpt@openai:work');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: Profile openai:work is for openai, not anthropic. anthropic profiles: anthropic:a, anthropic:b.\n');
  });

  it('the provider follows from the id: openai:work needs no --provider', async () => {
    await plant();
    expect(await token('--model', 'gpt-5@openai:work')).toMatchObject({ code: 0, stdout: 'sk-OPENAI-KEY\n', stderr: '' });
  });

  it('an id without a provider part and no --provider is exit 1 listing every stored id', async () => {
    await plant();
    const result = await token('--model', 'Opus@work');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: Unknown profile work: a profile id is <provider>:<name>. Profiles: anthropic:a, anthropic:b, openai:work.\n',
    );
  });

  it('a ref without "@" uses the normal order (and then needs --provider)', async () => {
    await plant();
    expect(await token('--provider', 'anthropic', '--model', 'Opus')).toMatchObject({ code: 0, stdout: `${TOKEN.b}\n`, stderr: '' });
    const missing = await token('--model', 'Opus');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: --provider is needed unless --model names a profile/);
  });

  it('a disabled profile is used as asked, with its reason and time left in the warning', async () => {
    await plant({ usageStats: { 'anthropic:a': { disabledUntil: NOW + 5 * 60 * MIN, disabledReason: 'billing\u001b[31m' } } });
    const result = await token('--model', 'Opus@anthropic:a');
    expect(result).toMatchObject({ code: 0, stdout: `${TOKEN.a}\n` });
    expect(result.stderr).toBe('openclaw: anthropic:a is disabled (billing?[31m, 5h left); using it because it was asked for by name.\n');
  });

  it('a profile that needs re-login fails naming the re-login command, as without the override', async () => {
    await plant({ usageStats: { 'anthropic:a': { reloginRequired: { since: NOW - MIN, reason: 'invalid_grant' } } } });
    const result = await token('--model', 'Opus@anthropic:a');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('openclaw models auth setup-token --provider anthropic --profile-id anthropic:a');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an expired token fails naming setup-token, and no cooldown warning is printed for it', async () => {
    await plant({}, { 'anthropic:a': { type: 'token', provider: 'anthropic', token: TOKEN.a, expires: NOW - MIN } });
    const result = await token('--model', 'Opus@anthropic:a');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: The token of anthropic:a expired .*setup-token --provider anthropic --profile-id anthropic:a\n$/);
  });

  it('--profile-id of a cooling-down profile gets the same warning', async () => {
    await plant();
    const result = await token('--provider', 'anthropic', '--profile-id', 'a');
    expect(result).toMatchObject({ code: 0, stdout: `${TOKEN.a}\n` });
    expect(result.stderr).toContain('anthropic:a is cooling down (25m left)');
  });

  it('a usable pinned profile prints no warning', async () => {
    await plant();
    expect(await token('--model', 'Opus@anthropic:b')).toMatchObject({ code: 0, stdout: `${TOKEN.b}\n`, stderr: '' });
  });

  it('--model with a profile and --profile-id together is a usage error', async () => {
    await plant();
    const result = await token('--provider', 'anthropic', '--model', 'Opus@anthropic:a', '--profile-id', 'b');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*either with --model .* or with --profile-id, not both\.\n$/);
  });

  it('a malformed ref is refused and echoed without control characters', async () => {
    await plant();
    const result = await token('--provider', 'anthropic', '--model', 'Opus@');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/profile id after "@" is missing/);
    const hostile = await token('--model', 'Opus@\u001b]0;x\u0007:a');
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('the override changes nothing on disk', async () => {
    const file = await plant();
    const before = await readFile(file, 'utf8');
    expect((await token('--model', 'Opus@anthropic:a')).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
