import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 11: anthropic:claude-cli reads Claude Code's file through at every use; never refreshed, never written.
let state: Awaited<ReturnType<typeof tempState>>;
let claudeDir: string;
beforeEach(async () => {
  state = await tempState();
  claudeDir = join(state.dir, 'claude-config');
  await mkdir(claudeDir, { mode: 0o700 });
});
afterEach(() => state.cleanup());

const file = () => join(claudeDir, '.credentials.json');
const env = () => ({ ...state.env, CLAUDE_CONFIG_DIR: claudeDir });
const run = (args: string[]) => runInProcess(args, { env: env() });
const REFRESH = 'sk-ant-ort01-CLAUDE-REFRESH-never-copied-0123456789';
async function plantClaude(access: string, expiresAt: number): Promise<string> {
  const text = `${JSON.stringify({ claudeAiOauth: { accessToken: access, refreshToken: REFRESH, expiresAt, scopes: ['user:inference'], subscriptionType: 'max' } })}\n`;
  await writeFile(file(), text, { mode: 0o600 });
  return text;
}

describe('models auth login --provider anthropic --method claude-cli', () => {
  it('the token follows the file as it changes; the store never holds its refresh token; the file is never written', async () => {
    const first = await plantClaude('sk-ant-oat01-FIRST-access-token', Date.now() + 3_600_000);
    const { mtimeMs } = await stat(file());
    const adopted = await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'claude-cli']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('anthropic:claude-cli now reads the Claude Code sign-in');
    expect((await run(['models', 'auth', 'token', '--provider', 'anthropic'])).stdout).toBe('sk-ant-oat01-FIRST-access-token\n');

    // Claude Code refreshed it: the next use takes the new token.
    const second = await plantClaude('sk-ant-oat01-SECOND-access-token', Date.now() + 7_200_000);
    const { mtimeMs: secondMtime } = await stat(file());
    expect((await run(['models', 'auth', 'token', '--provider', 'anthropic'])).stdout).toBe('sk-ant-oat01-SECOND-access-token\n');
    const status = await run(['models', 'status', '--json']);
    // Claude Code's access tokens live hours and Claude Code renews them: ok, not "expiring" (that is for tokens nobody renews).
    expect(JSON.parse(status.stdout).profiles).toMatchObject([{ id: 'anthropic:claude-cli', type: 'token', source: 'external', owner: 'claude-cli', state: 'ok' }]);
    expect(status.stdout).not.toContain('SECOND');
    const channels = JSON.parse((await run(['channels', 'list', '--json'])).stdout);
    expect(channels.auth).toEqual([{ id: 'anthropic:claude-cli', provider: 'anthropic', type: 'token', isExternal: true, source: 'external', owner: 'claude-cli' }]);

    const store = await readFile(storeFileOf(state.dir), 'utf8');
    expect(store).not.toContain(REFRESH);
    expect(store).not.toContain('access-token');
    expect(await readFile(file(), 'utf8')).toBe(second);
    expect((await stat(file())).mtimeMs).toBe(secondMtime);
    expect(first).not.toBe(second);
    expect(mtimeMs).toBeLessThanOrEqual(secondMtime);
  });

  it('expired: exit 1 naming `claude` and the setup-token alternative; nothing is refreshed or written', async () => {
    const text = await plantClaude('sk-ant-oat01-OLD-access-token', Date.now() - 60_000);
    const adopted = await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'claude-cli']);
    expect(adopted.code).toBe(0);
    expect(adopted.stderr).toContain('has expired');
    const result = await run(['models', 'auth', 'token', '--provider', 'anthropic']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Run `claude` once');
    expect(result.stderr).toContain('openclaw models auth setup-token --provider anthropic');
    expect(result.stderr).not.toContain('OLD-access');
    expect(await readFile(file(), 'utf8')).toBe(text);
    const check = await run(['models', 'status', '--check']);
    expect(check.code).toBe(1);
  });

  it('a healthy sign-in an hour from its end is ok in status, and --check exits 0 with no setup-token fix', async () => {
    await plantClaude('sk-ant-oat01-HEALTHY-access-token', Date.now() + 3_600_000);
    expect((await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'claude-cli'])).code).toBe(0);
    const status = await run(['models', 'status']);
    expect(status.stdout).toContain('anthropic:claude-cli  token  ok');
    expect(status.stdout).not.toContain('cannot renew itself');
    expect(status.stdout).not.toContain('setup-token');
    expect((await run(['models', 'status', '--check'])).code).toBe(0);
  });

  it('expired: status says to run `claude` once, never a setup-token over the linked profile', async () => {
    await plantClaude('sk-ant-oat01-STALE-access-token', Date.now() - 3_600_000);
    expect((await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'claude-cli'])).code).toBe(0);
    for (const args of [['models', 'status'], ['models', 'status', '--check'], ['models', 'status', '--provider', 'anthropic']]) {
      const status = await run(args);
      expect(status.code, args.join(' ')).toBe(args.includes('--check') ? 1 : 0);
      expect(status.stdout, args.join(' ')).toMatch(/To fix:\n {2}claude\n/);
      expect(status.stdout, args.join(' ')).not.toContain('--profile-id anthropic:claude-cli');
    }
    // The probe sends nothing for it, and says the same (its JSON names the holder).
    const probe = await run(['models', 'status', '--probe']);
    expect(probe.code).toBe(1);
    expect(probe.stdout).toMatch(/To fix:\n {2}claude\n/);
    expect(probe.stdout).not.toContain('setup-token');
    expect(JSON.parse((await run(['models', 'status', '--probe', '--json'])).stdout).results).toMatchObject([{ profileId: 'anthropic:claude-cli', reasonCode: 'expired', owner: 'claude-cli' }]);
    const text = (await run(['models', 'status'])).stdout;
    expect(text).toContain('expired 1h ago; run `claude` once');
    expect(text).toContain('or use a setup-token: openclaw models auth setup-token --provider anthropic\n');
  });

  it('an expiresAt written in seconds is read as seconds, not as 1970', async () => {
    await plantClaude('sk-ant-oat01-SECONDS-access-token', Math.floor(Date.now() / 1000) - 7200);
    expect((await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'claude-cli'])).code).toBe(0);
    const text = (await run(['models', 'status'])).stdout;
    expect(text).toContain('expired 2h ago');
    // An expiresAt of 0: expired, and no date fifty years ago.
    await plantClaude('sk-ant-oat01-ZERO-access-token', 0);
    const zero = (await run(['models', 'status'])).stdout;
    expect(zero).toContain('expired (its file gives no expiry time); run `claude` once');
    expect(zero).not.toMatch(/\d{4,}d/);
  });

  it('no Claude Code sign-in: said so, nothing stored', async () => {
    const result = await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'claude-cli']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Claude Code: ${file()} is not there`);
  });
});
