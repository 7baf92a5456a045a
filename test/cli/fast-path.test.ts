import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fastCommand, lineKind } from '../../src/cli/fast-path.js';
import { runLine } from '../../src/cli/main.js';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { fakeContext } from '../support/context.js';

// src/cli/fast-path.ts runs a few command lines without commander: each must print, fail and exit exactly
// as commander's path does, in both languages.
const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

let state: Awaited<ReturnType<typeof tempState>>;
let empty: Awaited<ReturnType<typeof tempState>>;
beforeAll(async () => {
  state = await tempState();
  empty = await tempState();
  await plantStore(storeFileOf(state.dir), {
    profiles: {
      'anthropic:default': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${'a'.repeat(90)}`, expires: NOW - DAY },
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'eyJ.a.b', refresh: 'r', expires: NOW + 3_600_000, accountId: 'acct' },
      'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-fast-path' },
    },
  });
});
afterAll(async () => {
  await state.cleanup();
  await empty.cleanup();
});

async function run(args: string[], env: Record<string, string>, viaCommander: boolean) {
  const { ctx, out } = fakeContext({ env, now: () => NOW });
  const argv = ['node', 'openclaw', ...args];
  const code = await runLine(argv, ctx, viaCommander ? undefined : fastCommand(argv));
  await new Promise((resolve) => setImmediate(resolve));
  return { code, ...out };
}

const LINES = [
  ['models', 'status'],
  ['models', 'status', '--json'],
  ['models', 'status', '--agent', 'main'],
  ['models', 'status', '--json', '--agent', 'main'],
  ['models', 'status', '--agent', 'main', '--json'],
  // An agent that is not there, and an id that is not one.
  ['models', 'status', '--agent', 'work'],
  ['models', 'status', '--agent', 'No Such!'],
  ['models', 'auth', 'token', '--provider', 'openai', '--agent', 'main'],
  ['models', 'auth', 'token', '--agent', 'main', '--provider', 'openai'],
  ['models', 'auth', 'token', '--agent', 'work', '--provider', 'openai'],
  ['models', 'auth', 'token', '--provider', 'openai-codex'],
  ['models', 'auth', 'token', '--provider', 'openai'],
  // Expired: an error naming the fix.
  ['models', 'auth', 'token', '--provider', 'anthropic'],
  // Unknown, and not a provider name at all.
  ['models', 'auth', 'token', '--provider', 'nope'],
  ['models', 'auth', 'token', '--provider', 'Not A Provider!'],
];

describe('the fast path', () => {
  it('names the code cache each line starts with (src/launcher/openclaw.cjs)', () => {
    const kind = (...words: string[]) => lineKind(['node', 'openclaw', ...words]);
    expect(kind('models', 'status')).toBe('status');
    expect(kind('models', 'status', '--agent', 'work', '--json')).toBe('status');
    expect(kind('models', 'auth', 'token', '--provider', 'openai-codex')).toBe('token');
    expect(kind('--agent', 'work', 'models', 'auth', 'token', '--provider', 'x')).toBe('command');
    expect(kind('models', 'status', '--check')).toBe('command');
    expect(kind()).toBe('help');
    expect(kind('models', 'status', '--help')).toBe('help');
  });

  it('takes exactly the plain shapes and leaves every other line to commander', () => {
    for (const line of LINES) expect(fastCommand(['node', 'openclaw', ...line]), line.join(' ')).toBeDefined();
    for (const line of [
      [],
      ['--help'],
      ['models'],
      ['models', 'status', '--check'],
      ['models', 'status', '--json', '--json'],
      ['models', 'status', '--agent'],
      ['models', 'status', '--agent', 'main', '--agent', 'main'],
      ['models', 'status', '--agent', '--json'],
      ['models', 'status', '--agent=main'],
      ['models', 'auth', 'token', '--agent', 'main'],
      ['models', 'status', 'extra'],
      ['models', 'auth', 'token'],
      ['models', 'auth', 'token', '--provider'],
      ['models', 'auth', 'token', '--provider', ''],
      ['models', 'auth', 'token', '--provider', '--json'],
      ['models', 'auth', 'token', '--provider=openai'],
      ['models', 'auth', 'token', '--provider', 'openai', '--token', 'x'],
      ['models', 'auth', 'token', '--provider', 'openai', '-h'],
    ]) {
      expect(fastCommand(['node', 'openclaw', ...line]), line.join(' ')).toBeUndefined();
    }
  });

  for (const lang of ['en', 'zh-Hant']) {
    for (const [name, dir] of [['a store', () => state], ['no store', () => empty]] as const) {
      it(`prints, fails and exits as commander's path does (${lang}, ${name})`, async () => {
        const env = { ...dir().env, OPENCLAW_LANG: lang };
        for (const line of LINES) {
          const fast = await run(line, env, false);
          const slow = await run(line, env, true);
          expect(fast, line.join(' ')).toEqual(slow);
        }
      });
    }
  }

  it('the outputs compared are the commands’ real ones', async () => {
    const env = { ...state.env, OPENCLAW_LANG: 'en' };
    expect(await run(['models', 'auth', 'token', '--provider', 'openai'], env, false)).toMatchObject({ code: 0, stdout: 'sk-fast-path\n' });
    expect((await run(['models', 'auth', 'token', '--provider', 'nope'], env, false)).code).toBe(2);
    expect((await run(['models', 'status'], env, false)).stdout).toContain('openai-codex:default');
  });

  it('does not load commander', async () => {
    vi.resetModules();
    const { runCli } = await import('../../src/cli/main.js');
    const { commanderIfLoaded } = await import('../../src/cli/shared/commander.js');
    const { ctx } = fakeContext({ env: { ...state.env }, now: () => NOW });
    expect(await runCli(['node', 'openclaw', 'models', 'status'], ctx)).toBe(0);
    expect(commanderIfLoaded()).toBeUndefined();
    expect(await runCli(['node', 'openclaw', 'models', 'status', '--check'], ctx)).toBe(1);
    expect(commanderIfLoaded()).toBeDefined();
  });
});
