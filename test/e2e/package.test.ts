// The package (issue 13, SPEC §10): `npm pack` makes a tarball that installs with nothing else fetched
// (an empty npm cache and --offline, so any dependency would fail the install), is at most 5 MB
// installed, and whose `openclaw` works at once: line commands, the scripted onboard, the wizard.
//
// The tarball is packed from the checkout with --ignore-scripts: `npm test` has just run `npm run build`,
// which is what the prepack script runs, and a prepack here would rebuild dist/ under the feet of the
// other end-to-end tests running beside this file.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnPty } from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, fakeSetupToken, ROOT, storeFileOf } from '../support/cli.js';
import { stripAnsi } from '../support/pty.js';

const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;
const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

let root: string;
let packageDir: string;
let bin: string;
let packedFiles: string[];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd: options.cwd ?? root, env: options.env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** npm with nothing of the developer's machine: its own HOME, user config and empty cache. */
function npm(args: string[], cwd = root): Promise<Run> {
  const env = cleanEnv({
    HOME: join(root, 'home'),
    npm_config_userconfig: join(root, 'home', '.npmrc'),
    npm_config_cache: join(root, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  });
  return run('npm', args, { cwd, env });
}

const stateEnv = (state: string) => cleanEnv({ OPENCLAW_STATE_DIR: state });

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'openclaw.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
  root = await mkdtemp(join(tmpdir(), 'openclaw-pack-'));
  await mkdir(join(root, 'home'), { recursive: true });
  await writeFile(join(root, 'home', '.npmrc'), '');

  const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', root], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = info!.files.map((f) => f.path).sort();

  const prefix = join(root, 'prefix');
  const installed = await npm(['install', '--global', '--prefix', prefix, '--offline', join(root, info!.filename)]);
  expect(installed.code, installed.stderr).toBe(0);
  packageDir = join(prefix, 'lib', 'node_modules', 'openclaw-onboard');
  bin = join(prefix, 'bin', 'openclaw');
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships the bundles, the launcher, the licence notices and the README, nothing else', () => {
    expect(packedFiles).toContain('dist/openclaw.cjs');
    expect(packedFiles).toContain('dist/cli.cjs');
    expect(packedFiles).toContain('dist/cli.cjs.cache');
    expect(packedFiles).toContain('dist/fast.cjs');
    expect(packedFiles).toContain('dist/fast.cjs.cache');
    expect(packedFiles).toContain('dist/fast.cjs.token.cache');
    expect(packedFiles).toContain('dist/wizard.cjs');
    expect(packedFiles).toContain('dist/wizard.cjs.cache');
    expect(packedFiles).toContain('dist/i18n/zh-Hant.json');
    expect(packedFiles).toContain('dist/THIRD_PARTY_NOTICES');
    expect(packedFiles).toContain('dist/vendor/mariozechner+pi-ai+oauth.mjs');
    expect(packedFiles).toContain('README.md');
    expect(packedFiles).toContain('LICENSE');
    for (const file of packedFiles) expect(file).toMatch(/^(package\.json|README\.md|LICENSE|dist\/.+)$/);
    expect(packedFiles.filter((f) => f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('ships the openclaw-keychain resolver, an executable that speaks protocol v1 (SPEC 12)', async () => {
    // Not a second bin: `npx <tarball>` must still find the one executable. References name it by path.
    const resolver = join(packageDir, 'dist', 'openclaw-keychain.cjs');
    expect((await stat(resolver)).mode & 0o111).not.toBe(0);
    // No D-Bus session here: the answer says the keychain is unavailable for the id, in protocol v1.
    const request = JSON.stringify({ protocolVersion: 1, provider: 'openclaw-keychain', ids: ['main/openai:default'] });
    const answer = await run(resolver, [], { env: { PATH: process.env.PATH! }, input: request });
    expect(answer.code, answer.stderr).toBe(0);
    expect(JSON.parse(answer.stdout)).toEqual({ protocolVersion: 1, values: {}, errors: { 'main/openai:default': { code: 'KEYCHAIN_UNAVAILABLE' } } });
  });

  it('installs offline with no dependency, at most 5 MB', async () => {
    const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(existsSync(join(packageDir, 'node_modules'))).toBe(false);
    expect(await sizeOf(packageDir)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('the installed openclaw: --version, models status, the scripted onboard', async () => {
    const state = join(root, 'state-line');
    const v = await run(bin, ['--version'], { env: stateEnv(state) });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(version);

    const empty = await run(bin, ['models', 'status'], { env: stateEnv(state) });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toMatch(/No credentials yet/);
    // The Traditional Chinese catalogue is a file beside the bundles: found from the installed package too.
    const zh = await run(bin, ['models', 'status'], { env: { ...stateEnv(state), LANG: 'zh_TW.UTF-8' } });
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/代理程式 main/);

    const token = fakeSetupToken('pack');
    const onboard = await run(bin, ['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin'], {
      env: stateEnv(state),
      input: token,
    });
    expect(onboard.code, onboard.stderr).toBe(0);
    expect(onboard.stdout).toMatch(/Saved anthropic:default/);
    expect(onboard.stdout + onboard.stderr).not.toContain(token);
    const store = JSON.parse(await readFile(storeFileOf(state), 'utf8'));
    expect(store.profiles['anthropic:default']).toMatchObject({ type: 'token', provider: 'anthropic', token });

    const status = await run(bin, ['models', 'status', '--json'], { env: stateEnv(state) });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('anthropic:default');
    expect(status.stdout).not.toContain(token);
  });

  it('npx <tarball> runs it too, offline', async () => {
    const tarball = (await readdir(root)).find((f) => f.endsWith('.tgz'))!;
    const v = await npm(['exec', '--yes', '--offline', `./${tarball}`, '--', '--version']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(version);
  });

  it('each bundled package loads on its own, with the exports the sources use', async () => {
    const vendor = join(packageDir, 'dist', 'vendor');
    const expected: Record<string, string[]> = {
      'mariozechner+pi-ai+oauth.mjs': ['loginOpenAICodex', 'refreshOpenAICodexToken'],
      'undici.mjs': ['EnvHttpProxyAgent', 'setGlobalDispatcher'],
      'clack+prompts.mjs': ['password', 'isCancel', 'intro', 'log', 'spinner', 'text', 'outro', 'cancel'],
      'proper-lockfile.mjs': ['default'],
      'json5.mjs': ['default'],
      'open.mjs': ['default'],
    };
    const script = `
      const out = {};
      for (const file of ${JSON.stringify(Object.keys(expected))}) out[file] = Object.keys(await import(${JSON.stringify(vendor)} + '/' + file));
      console.log(JSON.stringify(out));`;
    // Run from the empty temp dir: no node_modules anywhere above it to fall back on.
    const loaded = await run(process.execPath, ['--input-type=module', '-e', script], { env: cleanEnv() });
    expect(loaded.code, loaded.stderr).toBe(0);
    const names = JSON.parse(loaded.stdout) as Record<string, string[]>;
    for (const [file, wanted] of Object.entries(expected)) expect(names[file], file).toEqual(expect.arrayContaining(wanted));
  });

  it('models status loads none of the bundled packages', async () => {
    const state = join(root, 'state-status');
    const token = fakeSetupToken('lazy');
    const saved = await run(bin, ['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: stateEnv(state), input: token });
    expect(saved.code, saved.stderr).toBe(0);
    const vendor = join(packageDir, 'dist', 'vendor');
    await rename(vendor, `${vendor}.away`);
    try {
      const status = await run(bin, ['models', 'status'], { env: stateEnv(state) });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/anthropic:default\s+token/);
    } finally {
      await rename(`${vendor}.away`, vendor);
    }
  });

  it("the installed wizard's first screen in a terminal; Ctrl+C exits 130", async () => {
    const pty = spawnPty(bin, ['onboard'], {
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      cwd: root,
      env: cleanEnv({ TERM: 'xterm-256color', OPENCLAW_STATE_DIR: join(root, 'state-wizard') }),
    });
    let output = '';
    const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no agent screen in 15 s:\n${stripAnsi(output)}`)), 15_000);
        pty.onData((data) => {
          output += data;
          // The terminal title names the step once its input handlers are armed (flows/onboard/run.tsx).
          if (stripAnsi(output).includes('Which agent are you setting up?') && output.includes('\u001b]2;openclaw onboard:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => reject(new Error(`onboard exited before its first screen:\n${stripAnsi(output)}`)));
      });
      pty.write('\x03');
      expect(await exited).toBe(130);
    } finally {
      try {
        pty.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
