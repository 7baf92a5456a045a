import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthProfiles } from '../../src/model/schema.js';
import { parseStore } from '../../src/store/parse.js';
import { fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

/**
 * SPEC 2: every command acts on the agent it names and no other. Each command runs with `--agent work`
 * while `main` holds a store of its own: work changes as asked, main's files stay byte for byte.
 */
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
  await plant('main', { 'anthropic:default': token('main'), 'openrouter:default': { type: 'token', provider: 'openrouter', token: 'sk-or-v1-MAINKEY0000' } });
  await plant('work', { 'anthropic:w1': token('w1'), 'anthropic:w2': token('w2') });
});
afterEach(() => state.cleanup());

const FAR = Date.now() + 100 * 86_400_000;
const token = (seed: string) => ({ type: 'token', provider: 'anthropic', token: fakeSetupToken(seed), expires: FAR });

const plant = (agent: string, profiles: Record<string, unknown>) => plantStore(storeFileOf(state.dir, agent), { profiles });

async function storeOf(agent: string): Promise<AuthProfiles> {
  const parsed = parseStore(await readFile(storeFileOf(state.dir, agent)));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

/** Every file under the state dir with its bytes: what "nothing else changed" is checked against. */
async function snapshot(dir = state.dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(state.dir, path)] = (await readFile(path)).toString('base64');
  }
  return out;
}
const mainFiles = async () => Object.fromEntries(Object.entries(await snapshot()).filter(([path]) => path.startsWith('agents/main/')));

interface Case {
  name: string;
  args: string[];
  input?: string;
  /** What must hold for work afterwards (and for the output). */
  check(result: { stdout: string; stderr: string }): Promise<void>;
}

const cases: Case[] = [
  {
    name: 'paste-token',
    args: ['models', 'auth', 'paste-token', '--provider', 'openrouter'],
    input: 'sk-or-v1-WORKKEY1111aaaaaaaa\n',
    check: async ({ stdout }) => {
      expect((await storeOf('work')).profiles['openrouter:default']).toMatchObject({ type: 'api_key', key: 'sk-or-v1-WORKKEY1111aaaaaaaa' });
      expect(stdout).toContain(join('agents', 'work', 'agent', 'auth-profiles.json'));
    },
  },
  {
    name: 'setup-token',
    args: ['models', 'auth', 'setup-token', '--profile-id', 'new'],
    input: fakeSetupToken('new'),
    check: async () => expect((await storeOf('work')).profiles['anthropic:new']).toMatchObject({ token: fakeSetupToken('new') }),
  },
  {
    name: 'login --provider anthropic (paste)',
    args: ['models', 'auth', 'login', '--provider', 'anthropic', '--profile-id', 'viaLogin'.toLowerCase()],
    input: fakeSetupToken('login'),
    check: async () => expect((await storeOf('work')).profiles['anthropic:vialogin']).toMatchObject({ token: fakeSetupToken('login') }),
  },
  {
    name: 'logout',
    args: ['models', 'auth', 'logout', '--provider', 'anthropic', '--profile-id', 'w1'],
    check: async () => expect(Object.keys((await storeOf('work')).profiles)).toEqual(['anthropic:w2']),
  },
  {
    name: 'order set',
    args: ['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'w2', 'w1'],
    check: async () => expect((await storeOf('work')).order).toEqual({ anthropic: ['anthropic:w2', 'anthropic:w1'] }),
  },
  {
    name: 'order clear',
    args: ['models', 'auth', 'order', 'clear', '--provider', 'anthropic'],
    check: async () => expect((await storeOf('work')).order).toBeUndefined(),
  },
  {
    name: 'token',
    args: ['models', 'auth', 'token', '--provider', 'anthropic', '--profile-id', 'w2'],
    check: async ({ stdout }) => expect(stdout).toBe(`${fakeSetupToken('w2')}\n`),
  },
  {
    name: 'status',
    args: ['models', 'status'],
    check: async ({ stdout }) => {
      expect(stdout).toMatch(/^Agent work$/m);
      expect(stdout).toContain('anthropic:w1');
      expect(stdout).not.toContain('anthropic:default');
    },
  },
  {
    name: 'status --json',
    args: ['models', 'status', '--json'],
    check: async ({ stdout }) => {
      const status = JSON.parse(stdout);
      expect(status.agent).toBe('work');
      expect(status.profiles.map((p: { id: string }) => p.id).sort()).toEqual(['anthropic:w1', 'anthropic:w2']);
    },
  },
  {
    name: 'channels list --json',
    args: ['channels', 'list', '--json'],
    check: async ({ stdout }) => expect(JSON.parse(stdout).auth.map((a: { id: string }) => a.id)).toEqual(['anthropic:w1', 'anthropic:w2']),
  },
  {
    name: 'agents add --copy-auth-from work',
    args: ['agents', 'add', 'copy', '--copy-auth-from', 'work'],
    check: async () => expect(Object.keys((await storeOf('copy')).profiles).sort()).toEqual(['anthropic:w1', 'anthropic:w2']),
  },
  {
    name: 'scripted onboard',
    args: ['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--token-profile-id', 'onb'],
    input: fakeSetupToken('onb'),
    check: async ({ stdout }) => {
      expect((await storeOf('work')).profiles['anthropic:onb']).toMatchObject({ token: fakeSetupToken('onb') });
      expect(stdout).toContain('openclaw models status --agent work');
    },
  },
];

describe('--agent work: work changes as asked, main stays byte-identical', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = await mainFiles();
      expect(Object.keys(before)).toContain(join('agents', 'main', 'agent', 'auth-profiles.json'));
      const result = await runInProcess([...c.args, '--agent', 'work'], { env: state.env, input: c.input ?? '' });
      expect(result.code, result.stderr).toBe(0);
      await c.check(result);
      expect(await mainFiles()).toEqual(before);
    });
  }
});

describe('--agent nosuch: exit 1 naming the agents, nothing created', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = await snapshot();
      const folders = await readdir(join(state.dir, 'agents'));
      const result = await runInProcess([...c.args, '--agent', 'nosuch'], { env: state.env, input: c.input ?? '' });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('error: There is no agent nosuch. Agents: main, work. Create it with: openclaw agents add nosuch\n');
      expect(await snapshot()).toEqual(before);
      expect(await readdir(join(state.dir, 'agents'))).toEqual(folders);
    });
  }
});

describe('the default agent', () => {
  it('without --agent, main is used and work is left alone', async () => {
    const work = await snapshot(join(state.dir, 'agents', 'work'));
    const result = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openrouter', '--profile-id', 'second'], {
      env: state.env,
      input: 'sk-or-v1-SECOND0000000000000',
    });
    expect(result.code, result.stderr).toBe(0);
    expect((await storeOf('main')).profiles['openrouter:second']).toBeDefined();
    expect(await snapshot(join(state.dir, 'agents', 'work'))).toEqual(work);
  });

  it('--agent main always exists, even before its folder does', async () => {
    const fresh = await tempState();
    try {
      const result = await runInProcess(['models', 'status', '--agent', 'main', '--json'], { env: fresh.env });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).agent).toBe('main');
    } finally {
      await fresh.cleanup();
    }
  });

  it('an invalid --agent id is a usage error (exit 2)', async () => {
    const result = await runInProcess(['models', 'status', '--agent', '../x'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Invalid agent id "\.\.\/x"/);
  });
});
