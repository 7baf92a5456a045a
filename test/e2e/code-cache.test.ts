import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, plantStore, runCli, storeFileOf } from '../support/cli.js';

/**
 * Issue 23 / SPEC 10: the launcher's code cache follows the running Node. V8 does not check a cache's
 * contents in release builds (handed a damaged one, Node 20 stops on a fatal error), so a cache file that is
 * damaged, cut short or made for another Node is ignored, and the command works all the same. Each test runs
 * a copy of the built package, so that its shipped cache can be replaced; each runs for the three caches the
 * launcher chooses from: dist/fast.cjs's for status and for token (the fast path's lines), and dist/cli.cjs's for a
 * command and for help.
 */
let dir: string;
let pkg: string;
let cache: string;
let env: Record<string, string | undefined>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openclaw-cache-'));
  pkg = join(dir, 'pkg');
  mkdirSync(pkg);
  for (const name of ['openclaw.cjs', 'cli.cjs', 'cli.cjs.cache', 'cli.cjs.help.cache', 'fast.cjs', 'fast.cjs.cache', 'fast.cjs.token.cache', 'wizard.cjs', 'wizard.cjs.cache', 'i18n']) cpSync(join(dirname(CLI), name), join(pkg, name), { recursive: true });
  cache = join(dir, 'xdg');
  const state = join(dir, 'state');
  await plantStore(storeFileOf(state), { profiles: { 'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-test' } } });
  env = { OPENCLAW_STATE_DIR: state, XDG_CACHE_HOME: cache };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe.each([
  // [the cache's name, a line that takes it, what that line prints]
  ['fast.cjs', ['models', 'status'], 'openai:work'],
  ['fast.cjs.token', ['models', 'auth', 'token', '--provider', 'openai'], 'sk-test'],
  ['cli.cjs', ['models', 'status', '--check'], 'openai:work'],
  ['cli.cjs.help', ['--help'], 'models'],
])('%s.cache', (cacheName, line, printed) => {
  const bundle = cacheName.replace('.cjs', '');
  const status = () => runCli(line, { env, cli: join(pkg, 'openclaw.cjs') });

  async function works(): Promise<void> {
    const result = await status();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(printed);
  }

  /** The user's cache files of the bundle ($XDG_CACHE_HOME/openclaw/<bundle>-*.cache). */
  function userCaches(): string[] {
    try {
      return readdirSync(join(cache, 'openclaw'))
        .filter((name) => name.startsWith(`${bundle}-`) && name.endsWith('.cache'))
        .map((name) => join(cache, 'openclaw', name));
    } catch {
      return [];
    }
  }

  /** A cache file's header line and data (see src/launcher/openclaw.cjs). */
  function parts(file: string): { header: string; data: Buffer } {
    const bytes = readFileSync(file);
    const end = bytes.indexOf(10);
    return { header: bytes.toString('latin1', 0, end + 1), data: bytes.subarray(end + 1) };
  }

  /** The shipped cache, relabelled as made by another Node: what a package built elsewhere brings. */
  function shipForeign(): void {
    const shipped = join(pkg, `${cacheName}.cache`);
    const { header, data } = parts(shipped);
    writeFileSync(shipped, Buffer.concat([Buffer.from(header.replace(/"key":"v[^ "]+/, '"key":"v0.0.1'), 'latin1'), data]));
  }

  /** Bytes changed all through the data, the header left as it was: V8 would crash on it. */
  function damage(file: string): void {
    const { header, data } = parts(file);
    const bad = Buffer.from(data);
    for (let i = 1000; i < bad.length; i += 997) bad[i] = bad[i]! ^ 0x55;
    writeFileSync(file, Buffer.concat([Buffer.from(header, 'latin1'), bad]));
  }

  describe('the shipped cache', () => {
    it('made by this Node: used as it is; no cache is written, only the stamp that it was checked', async () => {
      await works();
      expect(userCaches()).toEqual([]);
      // This line ran in this bundle: the stamp names it.
      const stamps = () => readdirSync(join(cache, 'openclaw')).filter((name) => name.endsWith('.ok'));
      expect(stamps()).toEqual([expect.stringMatching(new RegExp(`^shipped-${bundle.replace('.', '\\.')}-`))]);
      // The same cache written anew (a reinstall): checked again, and its old stamp goes.
      const shipped = join(pkg, `${cacheName}.cache`);
      const bytes = readFileSync(shipped);
      await rm(shipped);
      writeFileSync(shipped, bytes);
      const [before] = stamps();
      await works();
      expect(stamps()).toEqual([expect.not.stringMatching(before!)]);
      expect(userCaches()).toEqual([]);
    });

    it('two installs of one build, run in turn: each keeps its stamp (neither is checked again)', async () => {
      const other = join(dir, 'other');
      cpSync(pkg, other, { recursive: true });
      const stamps = () => readdirSync(join(cache, 'openclaw')).filter((name) => name.endsWith('.ok')).sort();
      await works();
      const first = await runCli(line, { env, cli: join(other, 'openclaw.cjs') });
      expect(first.code).toBe(0);
      const both = stamps();
      expect(both).toHaveLength(2);
      await works();
      await runCli(line, { env, cli: join(other, 'openclaw.cjs') });
      expect(stamps()).toEqual(both);
    });

    it('made by another Node: ignored; a cache for this Node is written once to the user cache folder, never the package', async () => {
      shipForeign();
      const before = readdirSync(pkg).sort();
      await works();
      const [written, ...more] = userCaches();
      expect(more).toEqual([]);
      expect(statSync(written!).mode & 0o777).toBe(0o600);
      expect(readdirSync(pkg).sort()).toEqual(before);
      // The next run uses it and leaves it as it is.
      const { mtimeMs, ino } = statSync(written!);
      await works();
      expect(statSync(written!)).toMatchObject({ mtimeMs, ino });
    });

    it.each([
      ['damaged', (file: string) => damage(file)],
      ['cut short', (file: string) => writeFileSync(file, readFileSync(file).subarray(0, 100_000))],
      ['not a cache at all', (file: string) => writeFileSync(file, Buffer.alloc(4096, 0x41))],
      ['empty', (file: string) => writeFileSync(file, '')],
    ])('%s, after a run that checked it whole: ignored, the command works', async (_name, spoil) => {
      await works();
      spoil(join(pkg, `${cacheName}.cache`));
      await works();
    });
  });

  it('a user cache folder that cannot be made (a file is in the way): the command works all the same', async () => {
    shipForeign();
    writeFileSync(cache, 'a file, not a folder');
    await works();
    await works();
    expect(readFileSync(cache, 'utf8')).toBe('a file, not a folder');
  });

  describe('a cache in the user cache folder', () => {
    async function written(): Promise<string> {
      shipForeign();
      await works();
      const [file] = userCaches();
      expect(file).toBeDefined();
      return file!;
    }

    it('used whole after one check (a stamp), and damaged after that check: ignored all the same, and replaced', async () => {
      const file = await written();
      // This run checks it whole and stamps it; the next would not check it again if it were unchanged.
      await works();
      expect(readdirSync(join(cache, 'openclaw')).filter((n) => n.endsWith('.ok') && !n.startsWith('shipped-'))).toHaveLength(1);
      damage(file);
      const damaged = readFileSync(file);
      await works();
      // Seen for what it is (the file changed since its stamp), never handed to V8, and replaced.
      expect(readFileSync(file).equals(damaged)).toBe(false);
      await works();
    });

    it.each([
      ['damaged (its data changed, its header not)', damage],
      ['cut short', (file: string) => writeFileSync(file, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)))],
      ['made by another Node', (file: string) => {
        const { header, data } = parts(file);
        writeFileSync(file, Buffer.concat([Buffer.from(header.replace(/"key":"v[^ "]+/, '"key":"v0.0.1'), 'latin1'), data]));
      }],
      ['made for another build of the bundle', (file: string) => {
        const { header, data } = parts(file);
        writeFileSync(file, Buffer.concat([Buffer.from(header.replace(/"bundle":"[0-9a-f]{8}/, '"bundle":"00000000'), 'latin1'), data]));
      }],
      ['garbage', (file: string) => writeFileSync(file, 'openclaw-code-cache 1 {nonsense\n')],
    ])('%s: ignored (never handed to V8), the command works, and a good one replaces it', async (_name, spoil) => {
      const file = await written();
      const good = readFileSync(file);
      spoil(file);
      const spoiled = readFileSync(file);
      expect(spoiled.equals(good)).toBe(false);
      await works();
      const replaced = readFileSync(file);
      expect(replaced.equals(spoiled)).toBe(false);
      // The replacement is whole again: the next run uses it as it is.
      const { mtimeMs } = statSync(file);
      await works();
      expect(statSync(file).mtimeMs).toBe(mtimeMs);
    });
  });
});

describe('the shipped launcher', () => {
  // Node compiles it from its text at every start (nothing can cache it): its comments were half its 12.7 kB.
  it('is shipped without comments and under 8 kB, and still names each bundle it starts', () => {
    const text = readFileSync(CLI, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text.length).toBeLessThan(8000);
    expect(text).not.toMatch(/^\s*\/\/|\/\*\*/m);
    for (const bundle of ['cli', 'fast', 'wizard']) expect(text).toMatch(new RegExp(`${bundle}:"[0-9a-f]{64}"`));
  });
});
