import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 11: a profile linked to another agent's, read through at every use.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const NOW = Date.now();
const grant = { type: 'oauth', provider: 'openai-codex', access: 'eyJ.main-access.sig', refresh: 'rt_main_0123456789', expires: NOW + 3_600_000, accountId: 'acct_1' };
const run = (args: string[]) => runInProcess(args, { env: state.env });
const LINK = { links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } };

describe('a linked profile', () => {
  it('is used, listed by --provider with its owner, and follows the owner as it changes', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, ...LINK });
    expect(await run(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work'])).toMatchObject({ code: 0, stdout: `${grant.access}\n` });
    const why = JSON.parse((await run(['models', 'status', '--provider', 'openai-codex', '--agent', 'work', '--json'])).stdout);
    expect(why.active).toBe('openai-codex:default');
    expect(why.profiles).toMatchObject([{ id: 'openai-codex:default', source: 'inherited', owner: 'main' }]);

    // main signs in again: work uses the new grant at once, holding nothing of it.
    const fresh = { ...grant, access: 'eyJ.main-new.sig', refresh: 'rt_main_new_0123456789' };
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': fresh } });
    expect((await run(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work'])).stdout).toBe(`${fresh.access}\n`);
  });

  it('the owner\'s re-login mark is the linked profile\'s too; the message names the owner\'s sign-in', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant }, usageStats: { 'openai-codex:default': { reloginRequired: { since: 1, reason: 'refresh_token_reused' } } } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, ...LINK });
    const status = JSON.parse((await run(['models', 'status', '--agent', 'work', '--json'])).stdout);
    expect(status.profiles).toMatchObject([{ id: 'openai-codex:default', state: 'relogin', source: 'inherited', owner: 'main' }]);
    const token = await run(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work', '--profile-id', 'openai-codex:default']);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('openclaw models auth login --provider openai-codex');
    expect(token.stderr).not.toContain('--agent work');
  });

  it('a link whose owner holds nothing: status warns in one line with the sign-in for this agent', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, ...LINK });
    const status = await run(['models', 'status', '--agent', 'work']);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('openai-codex:default is linked to main, which holds no usable sign-in for it now. Sign in on this agent with: openclaw models auth login --provider openai-codex --agent work');
  });
});

describe('logging out a link', () => {
  it('says who keeps the sign-in in words: "agent main", "Codex CLI"', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, links: { ...LINK.links, 'openai-codex:codex-cli': { provider: 'openai-codex', tool: 'codex-cli', file: '/nonexistent/codex/auth.json' } } });
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai-codex', '--all', '--agent', 'work']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('the sign-in stays with agent main.');
    expect(out.stdout).toContain('the sign-in stays with Codex CLI.');
  });
});

describe('logging out the owner of a shared grant', () => {
  it('names the agents whose links it breaks (both languages); their status lists the link as needing sign-in, --check exit 1', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant } });
    expect((await run(['agents', 'add', 'w2', '--copy-auth-from', 'main'])).code).toBe(0);
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai-codex', '--all']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('Agent w2 used openai-codex:default by reference and has no sign-in for it now. Sign in there with: openclaw models auth login --provider openai-codex --agent w2');

    const status = await run(['models', 'status', '--agent', 'w2']);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain('No credentials yet');
    expect(status.stdout).toMatch(/openai-codex:default {2}oauth {2}\S/);
    expect(status.stdout).toContain('agent main holds no sign-in for it now');
    expect(status.stdout).toContain('To fix:\n  openclaw models auth login --provider openai-codex --agent w2');
    const json = JSON.parse((await run(['models', 'status', '--agent', 'w2', '--json'])).stdout);
    expect(json.profiles).toMatchObject([{ id: 'openai-codex:default', state: 'relogin', source: 'inherited', owner: 'main' }]);
    expect((await run(['models', 'status', '--agent', 'w2', '--check'])).code).toBe(1);

    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant } });
    const zh = await runInProcess(['models', 'auth', 'logout', '--provider', 'openai-codex', '--all'], { env: { ...state.env, OPENCLAW_LANG: 'zh-Hant' } });
    expect(zh.stdout).toContain('代理程式 w2 以參照方式使用 openai-codex:default');
  });
});

describe('a link that cannot be followed', () => {
  it('to an agent by no valid id, or to a file by a relative path: the store is refused naming it, never followed', async () => {
    for (const link of [{ provider: 'openai-codex', agent: '../../elsewhere' }, { provider: 'openai-codex', tool: 'codex-cli', file: 'auth.json' }]) {
      await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, links: { 'openai-codex:default': link } });
      const result = await run(['models', 'status', '--agent', 'work']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(storeFileOf(state.dir, 'work'));
      expect(result.stderr).toMatch(/link openai-codex:default names (no valid agent id|a file by a relative path)/);
    }
  });
});

describe('--copy-auth-from an agent that shares Codex CLI\'s sign-in', () => {
  it('the new agent links to that agent, not to Codex\'s file: one lock for the one grant', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const codexHome = join(state.dir, 'codex');
    await mkdir(codexHome, { mode: 0o700 });
    const access = 'eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.codex-access';
    await writeFile(join(codexHome, 'auth.json'), JSON.stringify({ tokens: { access_token: access, refresh_token: 'rt_codex_0123456789', account_id: 'acct_1' } }), { mode: 0o600 });
    const env = { ...state.env, CODEX_HOME: codexHome };
    expect((await runInProcess(['models', 'auth', 'login', '--provider', 'openai-codex', '--method', 'codex-cli'], { env })).code).toBe(0);
    expect((await runInProcess(['agents', 'add', 'work', '--copy-auth-from', 'main'], { env })).code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse(await readFile(storeFileOf(state.dir, 'work'), 'utf8')).links).toEqual({ 'openai-codex:codex-cli': { provider: 'openai-codex', agent: 'main' } });
    expect(await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work'], { env })).toMatchObject({ code: 0, stdout: `${access}\n` });
    const status = JSON.parse((await runInProcess(['models', 'status', '--agent', 'work', '--json'], { env })).stdout);
    expect(status.profiles).toMatchObject([{ id: 'openai-codex:codex-cli', source: 'inherited', owner: 'main' }]);
  });
});
