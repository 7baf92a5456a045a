import { chmod, chown, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 11: `openclaw doctor [--fix] [--json]`: each check with a planted problem; a clean state exits 0.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const NOW = Date.now();
const grant = (n: string, expires = NOW + 3_600_000) => ({ type: 'oauth', provider: 'openai-codex', access: `eyJ.access-${n}.sig`, refresh: `rt_${n}_0123456789`, expires, accountId: 'acct_1' });
const doctor = (...args: string[]) => runInProcess(['doctor', ...args], { env: state.env });
const json = async (...args: string[]) => {
  const result = await doctor('--json', ...args);
  return { code: result.code, report: JSON.parse(result.stdout) as { ok: boolean; problems: { check: string; agent: string | null; message: string; fixed: boolean; done?: string }[] } };
};
const storeOf = async (agent: string) => JSON.parse(await readFile(storeFileOf(state.dir, agent), 'utf8'));

describe('openclaw doctor', () => {
  it('a clean state (no agents yet, then two agents with their own grants): exit 0, "No problems found."', async () => {
    expect(await doctor()).toMatchObject({ code: 0, stdout: 'No problems found.\n' });
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant('main') } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai-codex:default': grant('work') }, links: {} });
    expect((await json()).report).toEqual({ ok: true, problems: [] });
  });

  it('one grant held by two agents: status warns naming both; doctor exits 1 naming both; --fix keeps main\'s copy and links work', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant('same') } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai-codex:default': grant('same'), 'openai:key': { type: 'api_key', provider: 'openai', key: 'sk-1234567890' } } });
    const status = await runInProcess(['models', 'status', '--agent', 'work'], { env: state.env });
    expect(status.stderr).toContain('agent work and agent main hold the same openai-codex:default grant');
    expect(status.stderr).toContain('openclaw doctor --fix');
    const before = await doctor();
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('agents main, work hold one openai-codex:default grant');
    const fixed = await doctor('--fix');
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toContain('kept it in agent main; agent work now uses it by reference');
    const work = await storeOf('work');
    expect(work.profiles).toEqual({ 'openai:key': { type: 'api_key', provider: 'openai', key: 'sk-1234567890' } });
    expect(work.links).toEqual({ 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } });
    expect((await storeOf('main')).profiles['openai-codex:default']).toEqual(grant('same'));
    expect(await doctor()).toMatchObject({ code: 0 });
    const after = JSON.parse((await runInProcess(['models', 'status', '--agent', 'work', '--json'], { env: state.env })).stdout);
    expect(after.heldTwice).toEqual([]);
  });

  it('the most recently refreshed copy is kept when the default agent holds none', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await plantStore(storeFileOf(state.dir, 'lab'), { profiles: { 'openai-codex:default': grant('same', NOW + 3_600_000) } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai-codex:work': grant('same', NOW + 7_200_000) } });
    expect((await doctor('--fix')).code).toBe(0);
    expect((await storeOf('work')).profiles['openai-codex:work']).toBeDefined();
    expect((await storeOf('lab')).links).toEqual({ 'openai-codex:default': { provider: 'openai-codex', agent: 'work', profileId: 'openai-codex:work' } });
    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'lab'], { env: state.env });
    expect(token).toMatchObject({ code: 0, stdout: `${grant('same').access}\n` });
  });

  it('loose modes: named, exit 1; --fix tightens them (the legacy file is told about, never changed)', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await chmod(storeFileOf(state.dir, 'main'), 0o644);
    await chmod(dirname(storeFileOf(state.dir, 'main')), 0o755);
    const { code, report } = await json();
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.check)).toEqual(['mode', 'mode']);
    expect(report.problems[1]!.message).toBe(`${storeFileOf(state.dir, 'main')} has mode 0644; it should be 0600`);
    expect((await json('--fix')).code).toBe(0);
    expect((await stat(storeFileOf(state.dir, 'main'))).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(storeFileOf(state.dir, 'main')))).mode & 0o777).toBe(0o700);
  });

  it('without --fix changes nothing: a 0777 agent dir and a 0644 store, the config and a grant, byte- and mode-identical after; --fix tightens and says so', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant('m') } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai-codex:default': grant('w') } });
    await writeFile(join(state.dir, 'openclaw.json'), '{"auth": {}}\n', { mode: 0o666 });
    await chmod(join(state.dir, 'openclaw.json'), 0o666);
    await chmod(storeFileOf(state.dir, 'work'), 0o644);
    await chmod(dirname(storeFileOf(state.dir, 'work')), 0o777);
    const paths = [state.dir, join(state.dir, 'openclaw.json'), dirname(storeFileOf(state.dir, 'work')), storeFileOf(state.dir, 'work'), storeFileOf(state.dir, 'main')];
    const snapshot = async () => Promise.all(paths.map(async (path) => [path, (await stat(path)).mode & 0o777, (await stat(path)).isFile() ? await readFile(path, 'utf8') : null]));
    const before = await snapshot();
    const looked = await doctor();
    expect(looked.code).toBe(1);
    expect(looked.stdout).toContain(`${dirname(storeFileOf(state.dir, 'work'))} has mode 0777`);
    expect(looked.stderr).toBe('');
    expect(await snapshot()).toEqual(before);
    const fixed = await doctor('--fix');
    expect(fixed.stdout).toContain('✓');
    expect((await stat(dirname(storeFileOf(state.dir, 'work')))).mode & 0o777).toBe(0o700);
    expect((await stat(storeFileOf(state.dir, 'work'))).mode & 0o777).toBe(0o600);
  });

  it('a command run in the same process while doctor (without --fix) looks still tightens what it reads', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai-codex:default': grant('w') } });
    // A plugin that holds the doctor in its last check (loading plugins) until the other command is done.
    const gate = globalThis as { __doctorReached?: () => void; __doctorGate?: Promise<void> };
    let open!: () => void;
    gate.__doctorGate = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (gate.__doctorReached = resolve));
    const plugin = join(state.dir, 'gate.mjs');
    await writeFile(plugin, 'globalThis.__doctorReached();\nawait globalThis.__doctorGate;\nexport const providers = [];\n', { mode: 0o600 });
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [plugin] } } }), { mode: 0o600 });
    const looking = doctor();
    try {
      await reached;
      await chmod(storeFileOf(state.dir, 'work'), 0o644);
      const status = await runInProcess(['models', 'status', '--agent', 'work'], { env: state.env });
      expect(status.stderr).toContain(`${storeFileOf(state.dir, 'work')} had mode 0644 (readable by others); tightened to 0600.`);
      expect((await stat(storeFileOf(state.dir, 'work'))).mode & 0o777).toBe(0o600);
    } finally {
      open();
      await looking;
      delete gate.__doctorGate;
      delete gate.__doctorReached;
    }
  });

  // Planting another user's file needs root (CI runs as root); elsewhere this check is not planted.
  it.skipIf(process.getuid?.() !== 0)('a store of another user: named, never read or changed, --fix cannot fix it', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai-codex:default': grant('w') } });
    await chown(storeFileOf(state.dir, 'work'), 65534, 65534);
    const { code, report } = await json('--fix');
    expect(code).toBe(1);
    expect(report.problems).toContainEqual(expect.objectContaining({ check: 'owner', agent: 'work', fixed: false, message: expect.stringContaining(`${storeFileOf(state.dir, 'work')} belongs to another user`) }));
    expect((await stat(storeFileOf(state.dir, 'work'))).uid).toBe(65534);
  });

  it('a stale lock and a temporary file left by a killed writer: found, and removed by --fix', async () => {
    const store = storeFileOf(state.dir, 'main');
    await plantStore(store, { profiles: {} });
    await mkdir(`${store}.lock`);
    const old = new Date(NOW - 60_000);
    await utimes(`${store}.lock`, old, old);
    const temp = join(dirname(store), '.auth-profiles.json.999999999.abc.tmp');
    await writeFile(temp, '{"half', { mode: 0o600 });
    const { code, report } = await json();
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.check).sort()).toEqual(['stale-lock', 'stale-temp']);
    expect((await json('--fix')).code).toBe(0);
    expect(existsSync(`${store}.lock`)).toBe(false);
    expect(existsSync(temp)).toBe(false);
  });

  it('order, lastGood and usageStats entries that name no profile: found; --fix removes only those', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), {
      profiles: { 'openai-codex:default': grant('a') },
      order: { 'openai-codex': ['openai-codex:gone', 'openai-codex:default'] },
      lastGood: { anthropic: 'anthropic:gone' },
      usageStats: { 'openai:gone': { errorCount: 2 }, 'openai-codex:default': { lastUsed: 5 } },
    });
    const { code, report } = await json();
    expect(code).toBe(1);
    expect(report.problems.map((p) => `${p.check} ${p.message}`)).toEqual([
      'dangling order names openai-codex:gone, which is no profile of agent main',
      'dangling lastGood names anthropic:gone, which is no profile of agent main',
      'dangling usageStats names openai:gone, which is no profile of agent main',
    ]);
    expect((await json('--fix')).code).toBe(0);
    const main = await storeOf('main');
    expect(main).toMatchObject({ order: { 'openai-codex': ['openai-codex:default'] }, usageStats: { 'openai-codex:default': { lastUsed: 5 } } });
    expect(main.lastGood).toBeUndefined();
    expect(main.profiles['openai-codex:default']).toEqual(grant('a'));
  });

  it('a profile needing re-login and a link that leads nowhere: exit 1 naming the command; --fix cannot fix them', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant('a') }, usageStats: { 'openai-codex:default': { reloginRequired: { since: 1, reason: 'refresh_token_reused' } } } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, links: { 'openai-codex:other': { provider: 'openai-codex', agent: 'main' }, 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } });
    const result = await doctor('--fix');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('openai-codex:default of agent main needs a new sign-in: openclaw models auth login --provider openai-codex');
    expect(result.stdout).toContain('openai-codex:other is linked to main, which holds no usable sign-in for it now');
    expect(result.stdout).toContain('Fixed 0 of 2 problem(s).');
  });

  it('a legacy file main has not imported: found; --fix imports it into main only', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {} });
    await mkdir(join(state.dir, 'credentials'), { mode: 0o700 });
    await writeFile(join(state.dir, 'credentials', 'oauth.json'), JSON.stringify({ 'openai-codex': { access: 'a'.repeat(20), refresh: 'r'.repeat(20), expires: NOW } }), { mode: 0o600 });
    const { code, report } = await json();
    expect(code).toBe(1);
    expect(report.problems).toMatchObject([{ check: 'legacy', agent: 'main' }]);
    expect((await json('--fix')).code).toBe(0);
    expect((await storeOf('main')).profiles['openai-codex:default']).toMatchObject({ refresh: 'r'.repeat(20) });
    expect((await storeOf('work')).profiles).toEqual({});
  });

  it('a broken config and a plugin that does not load: found, left to the user', async () => {
    await writeFile(join(state.dir, 'openclaw.json'), '{ plugins: { load: { paths: ["missing-plugin.mjs"] } } }\n');
    const { code, report } = await json('--fix');
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.check)).toEqual(['plugin']);
    await writeFile(join(state.dir, 'openclaw.json'), '{{{ not json');
    expect((await json()).report.problems.map((p) => p.check)).toEqual(['config']);
  });

  it('speaks Traditional Chinese, --json stays English', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {}, lastGood: { a: 'a:b' } });
    const zh = await runInProcess(['doctor'], { env: { ...state.env, LANG: 'zh_TW.UTF-8' } });
    expect(zh.stdout).toContain('不是代理程式 main 的設定檔');
    const en = await runInProcess(['doctor', '--json'], { env: { ...state.env, LANG: 'zh_TW.UTF-8' } });
    expect(en.stdout).toContain('which is no profile of agent main');
  });

  it('checks every agent, so it takes no --agent: --help lists none (both languages) and one typed is refused, not ignored', async () => {
    for (const lang of ['en', 'zh-Hant']) {
      const help = await runInProcess(['doctor', '--help'], { env: { ...state.env, OPENCLAW_LANG: lang } });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--fix');
      expect(help.stdout).not.toContain('--agent');
    }
    const typed = await doctor('--agent', 'nope');
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("unknown option '--agent'");
    expect(typed.stdout).not.toContain('No problems found.');
    // Every other command still takes it.
    expect((await runInProcess(['models', 'status', '--help'], { env: state.env })).stdout).toContain('--agent <id>');
  });
});
