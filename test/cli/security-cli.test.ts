import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

// Findings of the security review (issue #9), each at the cheapest level that shows it: commands in-process.

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
});
afterEach(() => state.cleanup());

const storeFile = () => storeFileOf(state.dir);
const agentDir = () => dirname(storeFile());
const writeStore = (store: Record<string, unknown>) => plantStore(storeFile(), store);
const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('a token typed into a flag is not echoed', () => {
  const SECRET = 'sk-ant-oat01-SeCrEtToKeN1234567890abcdefABCDEF';
  const FRAGMENT = 'SeCrEt';
  const cases: string[][] = [
    ['models', 'auth', 'token', '--provider', SECRET],
    ['models', 'auth', 'token', '--provider', 'anthropic', '--profile-id', SECRET],
    ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--expires-in', SECRET],
    ['agents', 'add', SECRET],
    ['models', 'status', '--agent', SECRET],
    ['models', 'auth', 'order', 'set', '--provider', 'anthropic', SECRET],
    ['onboard', '--relogin', SECRET],
    ['onboard', '--non-interactive', '--auth-choice', 'skip', '--token-profile-id', SECRET],
    ['onboard', '--non-interactive', '--auth-choice', 'skip', '--token-expires-in', SECRET],
    ['models', 'auth', 'login', '--provider', SECRET],
    [SECRET.toLowerCase()],
  ];
  for (const args of cases) {
    it(args.join(' ').replace(SECRET, '<token>'), async () => {
      const result = await runCli(args, { env: state.env });
      expect(result.code).not.toBe(0);
      const output = result.stdout + result.stderr;
      expect(output).not.toContain(FRAGMENT);
      expect(output.toLowerCase()).not.toContain('secrettoken');
      expect(result.stderr).toMatch(/error/);
    });
  }

  it('a lowercase token that is a valid profile name is not echoed by order set or logout either', async () => {
    const lower = 'sk-ant-oat01-secrettoken1234567890abcdefabcdef';
    await writeStore({ version: 1, profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken() } } });
    for (const args of [
      ['models', 'auth', 'order', 'set', '--provider', 'anthropic', lower],
      ['models', 'auth', 'logout', '--provider', 'anthropic', '--profile-id', lower],
    ]) {
      const result = await runCli(args, { env: state.env });
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('secrettoken');
    }
  });
});

describe('a provider named like an Object.prototype key', () => {
  // paste-token takes only registered providers (issue 22): a plugin registers "constructor".
  const plugin = async (config: Record<string, unknown> = {}) => {
    const file = join(state.dir, 'constructor-plugin.mjs');
    await writeFile(file, "export const providers = [{ id: 'constructor', label: 'Constructor', auth: [{ kind: 'api-key', id: 'api-key', label: 'API key' }] }];\n");
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ ...config, plugins: { load: { paths: [file] } } }));
  };

  it('constructor works as a provider, and later writes still work', async () => {
    await plugin();
    const token = fakeSetupToken('c');
    const put = await runCli(['models', 'auth', 'paste-token', '--provider', 'constructor'], { env: state.env, input: `${token}\n` });
    expect(put.stderr).not.toMatch(/is not a function|unexpected/i);
    expect(put.code).toBe(0);
    const cache = JSON.parse(await readFile(join(agentDir(), 'auth.json'), 'utf8'));
    expect(Object.hasOwn(cache, 'constructor')).toBe(true);

    const other = await runCli(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input: `${fakeSetupToken('a')}\n` });
    expect(other.code).toBe(0);
    expect((await runCli(['models', 'status'], { env: state.env })).code).toBe(0);
    expect((await runCli(['models', 'auth', 'order', 'get', '--provider', 'constructor'], { env: state.env })).code).toBe(0);

    const out = await runCli(['models', 'auth', 'logout', '--provider', 'constructor'], { env: state.env });
    expect(out.code).toBe(0);
    // The logged-out secret is gone from the runtime cache too.
    expect(await readFile(join(agentDir(), 'auth.json'), 'utf8')).not.toContain(token);
  });

  it('an auth.order of "constructor" in the config does not break routing', async () => {
    await plugin({ auth: { order: { anthropic: ['anthropic:default'] } } });
    const put = await runCli(['models', 'auth', 'paste-token', '--provider', 'constructor'], { env: state.env, input: `${fakeSetupToken('c')}\n` });
    expect(put.code).toBe(0);
  });
});

describe('text read from the store is shown without control characters', () => {
  const OSC = '\u001b]0;pwned\u0007';
  const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
  it('models status, status --json and order get', async () => {
    const now = Date.now();
    await writeStore({
      version: 1,
      profiles: {
        'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'a'.repeat(20), refresh: 'r'.repeat(20), expires: now + 3600_000, accountId: `acct${OSC}` },
        'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken(), expires: now + 9e9, email: `me${OSC52}@example.com` },
        'anthropic:work': { type: 'token', provider: 'anthropic', token: fakeSetupToken('w'), disabledReason: OSC },
      },
      order: { anthropic: ['anthropic:work', `anthropic:x${OSC}`] },
      usageStats: {
        'anthropic:work': { reloginRequired: { since: now, reason: `bad${OSC52}` } },
        'anthropic:default': { disabledUntil: now + 60_000, disabledReason: `billing${OSC}` },
      },
    });
    for (const args of [['models', 'status'], ['models', 'status', '--json'], ['models', 'auth', 'order', 'get', '--provider', 'anthropic']]) {
      const result = await runCli(args, { env: state.env });
      expect(result.code, args.join(' ')).toBe(0);
      const output = result.stdout + result.stderr;
      expect(output, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(output, args.join(' ')).not.toMatch(/\\u001b|\\u0007/);
    }
  });
});

describe('leftovers', () => {
  const DEAD_PID = 2_147_483_000;
  it('temporary files of a killed writer are removed by the next write (logout --all included)', async () => {
    await writeStore({ version: 1, profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken() } } });
    const temps = [`.auth-profiles.json.${DEAD_PID}.abc.tmp`, `.auth.json.${DEAD_PID}.def.tmp`];
    for (const name of temps) await writeFile(join(agentDir(), name), fakeSetupToken('leak'), { mode: 0o600 });
    const result = await runCli(['models', 'auth', 'logout', '--provider', 'anthropic', '--all'], { env: state.env });
    expect(result.code).toBe(0);
    const left = (await readdir(agentDir())).filter((n) => n.endsWith('.tmp'));
    expect(left).toEqual([]);
  });

  it('a corrupt store found at 0644 is tightened, though it is not used', async () => {
    await writeStore({ version: 2 });
    await chmod(storeFile(), 0o644);
    const result = await runCli(['models', 'status'], { env: state.env });
    expect(result.code).toBe(1);
    expect(await modeOf(storeFile())).toBe(0o600);
    expect(result.stderr).toMatch(/tightened/);
  });

  it('a legacy credentials/oauth.json readable by others is imported with a warning', async () => {
    const legacy = join(state.dir, 'credentials', 'oauth.json');
    await mkdir(dirname(legacy), { recursive: true });
    await writeFile(legacy, JSON.stringify({ 'openai-codex': { access: 'a'.repeat(20), refresh: 'r'.repeat(20), expires: Date.now() + 3600_000 } }), { mode: 0o644 });
    await chmod(legacy, 0o644);
    const result = await runCli(['models', 'status'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(legacy);
    expect(result.stderr).toMatch(/readable by others/);
  });
});

it('--token on models auth token: refused with words that fit a command that reads a secret', async () => {
  const { runInProcess } = await import('../support/context.js');
  const r = await runInProcess(['models', 'auth', 'token', '--provider', 'openai', '--token', 'sk-abcdefghijklmnopqrstuv'], {});
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/models auth token prints a secret and takes none/);
  expect(r.stderr).not.toMatch(/stored|paste-token|abcdefghijkl/);
});

// Security review (issue 17, item 6): JSON.parse makes "__proto__" an own key, which zod drops without a
// word; a rewrite then lost what it held. The store is refused untouched (SPEC 3); the config's section is ignored, said.
describe('a "__proto__" key', () => {
  const token = fakeSetupToken();
  const stores: Record<string, string> = {
    'a profile': `{"version":1,"profiles":{"anthropic:default":{"type":"token","provider":"anthropic","token":"${token}"},"__proto__":{"type":"token","provider":"anthropic","token":"${token}"}}}`,
    'a field of a profile': `{"version":1,"profiles":{"anthropic:default":{"type":"token","provider":"anthropic","token":"${token}","__proto__":{"keep":"me"}}}}`,
    'an order': `{"version":1,"profiles":{},"order":{"__proto__":["anthropic:default"]}}`,
    'failure counts': `{"version":1,"profiles":{},"usageStats":{"anthropic:default":{"failureCounts":{"__proto__":1}}}}`,
  };
  for (const [where, text] of Object.entries(stores)) {
    it(`in ${where}: the store is refused, naming the key, and left byte for byte`, async () => {
      await plantStore(storeFile(), text);
      for (const args of [['models', 'status'], ['models', 'auth', 'paste-token', '--provider', 'anthropic']]) {
        const result = await runCli(args, { env: state.env, input: `${fakeSetupToken('new')}\n` });
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toContain(storeFile());
        expect(result.stderr).toMatch(/"__proto__" key \([a-zA-Z:.]*__proto__\)/);
      }
      expect(await readFile(storeFile(), 'utf8')).toBe(text);
    });
  }

  it('in the config: that section is ignored, with a warning that names the key', async () => {
    await writeStore({ profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken() } } });
    await writeFile(join(state.dir, 'openclaw.json'), '{"auth":{"order":{"__proto__":["anthropic:x"],"anthropic":["anthropic:default"]}},"plugins":{"load":{"paths":[]}}}');
    const result = await runCli(['models', 'status'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`ignoring the auth settings in ${join(state.dir, 'openclaw.json')}: they have a "__proto__" key (auth.order.__proto__)`);
  });
});
