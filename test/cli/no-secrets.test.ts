import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

// Canaries in every place a secret can live; none may appear in any command's output.
const CANARY = {
  token: 'sk-ant-oat01-CANARYTOKEN' + 'T'.repeat(80),
  access: 'eyJhbGciOiJub25lIn0.CANARYACCESS.sig',
  refresh: 'rt_CANARYREFRESH_' + 'R'.repeat(40),
  key: 'sk-CANARYKEY' + 'K'.repeat(40),
  legacyRefresh: 'CANARYLEGACYREFRESH',
};
const fragments = ['CANARY', 'TTTTTTTTTT', 'RRRRRRRRRR', 'KKKKKKKKKK'];

let state: Awaited<ReturnType<typeof tempState>>;
beforeAll(async () => {
  state = await tempState();
  const now = Date.now();
  const store = {
    version: 1,
    profiles: {
      'anthropic:default': { type: 'token', provider: 'anthropic', token: CANARY.token, expires: now + 3 * 3600_000 },
      'anthropic:old': { type: 'token', provider: 'anthropic', token: CANARY.token + 'x', expires: now - 1000 },
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: CANARY.access, refresh: CANARY.refresh, expires: now - 1000, accountId: 'acct-visible' },
      'openai-codex:work': { type: 'oauth', provider: 'openai-codex', access: CANARY.access + 'w', refresh: CANARY.refresh + 'w', expires: now + 3600_000 },
      'openai:work': { type: 'api_key', provider: 'openai', key: CANARY.key },
    },
    usageStats: { 'openai-codex:work': { reloginRequired: { since: now, reason: 'refresh_token_reused' } } },
  };
  const file = storeFileOf(state.dir);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(store), { mode: 0o600 });
  await mkdir(join(state.dir, 'credentials'), { recursive: true });
  await writeFile(join(state.dir, 'credentials', 'oauth.json'), JSON.stringify({ anthropic: { access: 'a', refresh: CANARY.legacyRefresh, expires: 1 } }));
});
afterAll(() => state.cleanup());

const commands: string[][] = [
  ['models', 'status'],
  ['models', 'status', '--json'],
  ['models', 'status', '--check'],
  ['models', 'status', '--json', '--check'],
  ['channels', 'list'],
  ['channels', 'list', '--json'],
  ['agents', 'list'],
  ['agents', 'list', '--json'],
  ['models', 'auth', 'order', 'get', '--provider', 'anthropic'],
  ['models', 'auth', 'order', 'get', '--provider', 'openai-codex', '--json'],
  ['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'nope'],
  ['models', 'auth', 'logout', '--provider', 'anthropic'],
  ['models', 'auth', 'logout', '--provider', 'openai', '--profile-id', 'missing'],
  ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--token', 'CANARYARGV'],
  // A secret typed where it does not belong is not echoed by any usage error either.
  ['onboard', '--token=CANARYARGVONBOARD'],
  ['models', 'auth', 'login', '--provider', 'openai-codex', '--token', 'CANARYARGVLOGIN'],
  ['models', 'status', '--toke=CANARYARGVTYPO'],
  ['sk-ant-oat01-CANARYCOMMANDTTTTTTTTTTTTTTTTTTTT'],
  ['models', 'status', '--agent', 'Bad Agent'],
  ['--help'],
];

describe('no command prints a stored secret', () => {
  for (const args of commands) {
    it(args.join(' '), async () => {
      const result = await runCli(args, { env: state.env });
      const output = result.stdout + result.stderr;
      for (const fragment of fragments) expect(output).not.toContain(fragment);
      expect(output.length).toBeGreaterThan(0);
    });
  }

  it('status --json reports states and the account, with no secret fields', async () => {
    const result = await runCli(['models', 'status', '--json'], { env: state.env });
    const status = JSON.parse(result.stdout);
    const states = Object.fromEntries(status.profiles.map((p: { id: string; state: string }) => [p.id, p.state]));
    expect(states).toEqual({
      'anthropic:default': 'expiring',
      'anthropic:old': 'expired',
      'openai-codex:default': 'refreshable',
      'openai-codex:work': 'relogin',
      'openai:work': 'static',
    });
    expect(result.stdout).toContain('acct-visible');
    expect(result.stdout).not.toMatch(/"(token|access|refresh|key)":/);
  });

  it('status --check exits 1 when something is expired or needs re-login', async () => {
    expect((await runCli(['models', 'status', '--check'], { env: state.env })).code).toBe(1);
  });
});
