import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, ROOT, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// A provider id that names no registered provider and no stored profile: said so, with the nearest id and
// the registered ones, exit 2 (as `models auth login --provider nosuch`); never a sign-in command that
// cannot work. A provider known only from the store is listed, not refused.
let state: Awaited<ReturnType<typeof tempState>>;
const run = (args: string[], env: Record<string, string> = {}) => runInProcess(args, { env: { ...state.env, ...env } });
const BUILT_IN = 'Registered: anthropic, openai-codex, openai, openrouter, github-copilot.';

beforeEach(async () => {
  state = await tempState();
});
afterEach(() => state.cleanup());

describe('a misspelled provider', () => {
  it.each([
    ['models status', ['models', 'status', '--provider', 'antropic']],
    ['models auth token', ['models', 'auth', 'token', '--provider', 'antropic']],
  ])('%s: exit 2, "Did you mean anthropic?", the registered ids, no sign-in command', async (_name, args) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: No provider "antropic" is registered, and agent main has no profiles of it. Did you mean anthropic? ${BUILT_IN} See openclaw models auth providers.\n`,
    );
  });

  it('models status --check: the same message, exit 1 (--check keeps 2 for "expiring soon")', async () => {
    const result = await run(['models', 'status', '--check', '--provider', 'antropic']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No provider "antropic" is registered');
  });

  it('models auth login: the nearest id too; none when nothing is close', async () => {
    const typo = await run(['models', 'auth', 'login', '--provider', 'antropic']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No provider "antropic" is registered. Did you mean anthropic? Registered:');
    const far = await run(['models', 'auth', 'login', '--provider', 'nosuch']);
    expect(far.stderr).toBe(`error: No provider "nosuch" is registered. ${BUILT_IN} See openclaw models auth providers.\n`);
  });

  it('in Chinese', async () => {
    const result = await run(['models', 'status', '--provider', 'antropic'], { LANG: 'zh_TW.UTF-8' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      '錯誤：沒有註冊供應商 "antropic"，代理程式 main 也沒有它的設定檔。你要找的是不是 anthropic？已註冊：anthropic、openai-codex、openai、openrouter、github-copilot。請見 openclaw models auth providers。\n',
    );
  });

  it('onboard --non-interactive: an unknown choice gets the nearest choice and the list, not "pipe the key to …"', async () => {
    const bogus = await run(['onboard', '--non-interactive', '--auth-choice', 'bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).not.toContain('models auth login');
    expect(bogus.stderr).toContain('--auth-choice "bogus" is not a choice: no provider "bogus" is registered. Choices: setup-token, openai-codex, openai-codex-device-code, skip, anthropic:setup-token, anthropic:api-key,');
    const typo = await run(['onboard', '--non-interactive', '--auth-choice', 'antropic:api-key']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean anthropic:api-key?');
    const known = await run(['onboard', '--non-interactive', '--auth-choice', 'openai:api-key']);
    expect(known.code).toBe(2);
    expect(known.stderr).toContain('pipe the key to openclaw models auth login --provider openai');
  });

  it('onboard (the wizard): an unknown choice is the same usage error before any screen; a known one goes on', async () => {
    const typo = await run(['onboard', '--auth-choice', 'antropic:api-key']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--auth-choice "antropic:api-key" is not a choice');
    expect(typo.stderr).toContain('Did you mean anthropic:api-key?');
    // A registered provider with a method it does not have: its methods, not "no provider".
    const method = await run(['onboard', '--auth-choice', 'anthropic:apikey']);
    expect(method.code).toBe(2);
    expect(method.stderr).toBe(
      'error: --auth-choice "anthropic:apikey" is not a choice: anthropic has no sign-in method "apikey"; its methods: setup-token, api-key, claude-cli. Did you mean anthropic:api-key?\n',
    );
    // A known choice reaches the wizard, which (no terminal here) says it needs one.
    for (const choice of ['anthropic:api-key', 'openai-codex-device-code']) {
      const known = await run(['onboard', '--auth-choice', choice]);
      expect(known.code).toBe(2);
      expect(known.stderr).toContain('openclaw onboard is interactive and needs a terminal');
    }
  });
});

describe('a provider only the store knows', () => {
  beforeEach(async () => {
    await plantStore(storeFileOf(state.dir), { version: 1, profiles: { 'legacyco:default': { type: 'token', provider: 'legacyco', token: 'lc-secret-1' } } });
  });

  it('models status --provider lists its profiles (exit 0); a typo of it is offered it', async () => {
    const known = await run(['models', 'status', '--provider', 'legacyco']);
    expect(known.code).toBe(0);
    expect(known.stdout).toContain('legacyco:default');
    const typo = await run(['models', 'auth', 'token', '--provider', 'legacyc']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean legacyco?');
  });
});

describe('with plugins configured, models status does not load them', () => {
  beforeEach(async () => {
    const fixtures = join(ROOT, 'test', 'fixtures', 'plugins');
    await mkdir(join(state.dir, 'plugins'), { recursive: true });
    for (const file of ['acme.mjs', 'broken.mjs']) await copyFile(join(fixtures, file), join(state.dir, 'plugins', file));
    await writeFile(join(state.dir, 'openclaw.json'), '{ "plugins": { "load": { "paths": ["plugins"] } } }\n');
  });

  it('an id it does not know is told, not refused: plugins are not consulted; no sign-in command', async () => {
    const result = await run(['models', 'status', '--provider', 'acmee']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '"acmee" is not a built-in provider, and agent main has no profiles of it. Built in: anthropic, openai-codex, openai, openrouter, github-copilot. Plugins are not consulted here; openclaw models auth providers lists theirs.',
    );
    expect(result.stdout).not.toContain('models auth login');
    expect(result.stderr).not.toContain('broken.mjs'); // a loaded plugin folder would have warned about it
    const typo = await run(['models', 'status', '--provider', 'antropic']);
    expect(typo.stdout).toContain('Did you mean anthropic?');
  });

  it('onboard --auth-choice checks them first, naming a plugin that failed to load only when the choice is refused (the wizard names it itself)', async () => {
    const known = await run(['onboard', '--auth-choice', 'acme:oauth']);
    expect(known.code).toBe(2);
    expect(known.stderr).toContain('needs a terminal');
    expect(known.stderr).not.toContain('broken.mjs');
    const typo = await run(['onboard', '--auth-choice', 'acme:oaut']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('broken.mjs');
    expect(typo.stderr).toContain('acme has no sign-in method "oaut"; its methods: oauth, api-key. Did you mean acme:oauth?');
  });

  it("models auth token consults them: a plugin's provider without profiles is told to sign in; a typo of it is offered it", async () => {
    const acme = await run(['models', 'auth', 'token', '--provider', 'acme']);
    expect(acme.code).toBe(1);
    expect(acme.stderr).toContain('openclaw models auth login --provider acme');
    const typo = await run(['models', 'auth', 'token', '--provider', 'acmee']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No provider "acmee" is registered, and agent main has no profiles of it. Did you mean acme?');
  });
});
