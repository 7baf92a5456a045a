import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeSetupToken, plantStore, storeFileOf } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { useProbeStandin } from '../support/probe-hooks.js';

/**
 * SPEC 11 with SPEC 5: every profile `models status` lists (a link to another agent's grant, Codex CLI's
 * file, Claude Code's file) can be put in the order, pinned with Model@profile, and probed.
 */
const live = useProbeStandin();
const HOUR = 3_600_000;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An access token shaped as ChatGPT's: a JWT that lives an hour (not due, so nothing is refreshed). */
const codexAccess = `${b64({ alg: 'none' })}.${b64({ exp: Math.floor((Date.now() + HOUR) / 1000), 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-codex' } })}.ok`;

async function plantTools() {
  const codexHome = join(live.state.dir, 'codex-home');
  const claudeDir = join(live.state.dir, 'claude-config');
  await mkdir(codexHome, { recursive: true, mode: 0o700 });
  await mkdir(claudeDir, { recursive: true, mode: 0o700 });
  await writeFile(
    join(codexHome, 'auth.json'),
    JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: codexAccess, access_token: codexAccess, refresh_token: 'rt_codex_ok_0123456789', account_id: 'acct-codex' } }),
    { mode: 0o600 },
  );
  await writeFile(
    join(claudeDir, '.credentials.json'),
    JSON.stringify({ claudeAiOauth: { accessToken: fakeSetupToken('ok'), refreshToken: 'sk-ant-ort01-never', expiresAt: Date.now() + HOUR } }),
    { mode: 0o600 },
  );
  return { ...live.state.env, CODEX_HOME: codexHome, CLAUDE_CONFIG_DIR: claudeDir };
}

async function setUp() {
  const env = await plantTools();
  const run = (args: string[]) => runInProcess(args, { env });
  await plantStore(storeFileOf(live.state.dir, 'main'), {
    profiles: { 'openrouter:default': { type: 'api_key', provider: 'openrouter', key: 'sk-or-v1-ok-0123456789abcdef' } },
  });
  for (const method of [['openai-codex', 'codex-cli'], ['anthropic', 'claude-cli']]) {
    const adopted = await run(['models', 'auth', 'login', '--provider', method[0]!, '--method', method[1]!]);
    expect(adopted.code, adopted.stderr).toBe(0);
  }
  const added = await run(['agents', 'add', 'work', '--copy-auth-from', 'main']);
  expect(added.code, added.stderr).toBe(0);
  return run;
}

describe('linked and external profiles', () => {
  it('take their place in `models auth order set/get`', async () => {
    const run = await setUp();
    const set = await run(['models', 'auth', 'order', 'set', '--provider', 'openai-codex', 'openai-codex:codex-cli']);
    expect(set.code, set.stderr).toBe(0);
    const got = JSON.parse((await run(['models', 'auth', 'order', 'get', '--provider', 'openai-codex', '--json'])).stdout);
    expect(got).toMatchObject({ order: ['openai-codex:codex-cli'], effective: ['openai-codex:codex-cli'], active: 'openai-codex:codex-cli', source: 'store' });
    // work links main's Codex profile (an oauth grant): its order can name it too.
    const work = await run(['models', 'auth', 'order', 'set', '--provider', 'openai-codex', 'openai-codex:codex-cli', '--agent', 'work']);
    expect(work.code, work.stderr).toBe(0);
    const unknown = await run(['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'anthropic:nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Profiles there are: anthropic:claude-cli.');
  });

  it('are pinned with Model@profile', async () => {
    const run = await setUp();
    const codex = await run(['models', 'auth', 'token', '--model', 'Codex@openai-codex:codex-cli']);
    expect(codex.code, codex.stderr).toBe(0);
    expect(codex.stdout).toBe(`${codexAccess}\n`);
    const claude = await run(['models', 'auth', 'token', '--model', 'Opus@anthropic:claude-cli']);
    expect(claude.code, claude.stderr).toBe(0);
    expect(claude.stdout).toBe(`${fakeSetupToken('ok')}\n`);
    const inherited = await run(['models', 'auth', 'token', '--model', 'Codex@openai-codex:codex-cli', '--agent', 'work']);
    expect(inherited.code, inherited.stderr).toBe(0);
    expect(inherited.stdout).toBe(`${codexAccess}\n`);
  });

  it('are probed, on the agent and on one that links them', async () => {
    const run = await setUp();
    for (const agent of [[], ['--agent', 'work']]) {
      const probe = await run(['models', 'status', '--probe', '--json', ...agent]);
      expect(probe.code, probe.stdout + probe.stderr).toBe(0);
      const ids = (JSON.parse(probe.stdout).results as { profileId: string; bucket: string }[]).map((r) => [r.profileId, r.bucket]);
      expect(ids, agent.join(' ')).toEqual(expect.arrayContaining([['openai-codex:codex-cli', 'ok'], ['anthropic:claude-cli', 'ok']]));
    }
  });
});
