import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, plantStore, ROOT, runCli, storeFileOf, tempState } from '../support/cli.js';

/**
 * Issue 23: what the start-up paths load, pinned, so that a change cannot bring a cost back unseen. Each of
 * these was measured on one of them: the net and stream modules (Node's stream for a pipe), child_process
 * (commander, the browser), readline (node:fs/promises on Node 20), the ES module loader (import() of a
 * built-in), node:v8 (which loads the streams). A module a new feature needs goes behind import() or
 * builtin() (src/env/import.ts), on the path that uses it.
 */
const BANNED = [
  'net',
  'tls',
  'http',
  'child_process',
  // node:fs/promises loads readline's internals on Node 20 (for FileHandle.readLines), not node:readline.
  'readline',
  'internal/readline/interface',
  'fs/promises',
  'stream',
  'tty',
  'v8',
  // Not loaded at Node's start; only for the home folder when HOME is not set (src/env/home.ts).
  'os',
  'worker_threads',
  'internal/modules/esm/translators',
  'internal/modules/esm/module_job',
];
const FIXTURE = join(ROOT, 'test', 'fixtures', 'loaded-modules.cjs');

let state: Awaited<ReturnType<typeof tempState>>;
beforeAll(async () => {
  state = await tempState();
  await plantStore(storeFileOf(state.dir), {
    profiles: {
      'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-test' },
      // An hour left: no refresh is due.
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'eyJ.a.b', refresh: 'r', expires: Date.now() + 3600_000 },
    },
  });
});
afterAll(() => state.cleanup());

// The launcher itself (`cli: CLI`), without the offline preload the other tests' runs take (an ES module,
// which would load the ESM loader into every run): these commands make no request to stop.
const run = (args: string[]) =>
  runCli(args, { env: { ...state.env, OPENCLAW_TEST_WATCH_MODULES: BANNED.join(','), OPENCLAW_TEST_WATCH_THREADS: '1' }, nodeArgs: ['--require', FIXTURE], cli: CLI });

const threadsOf = (stderr: string) => Number(/^THREADS (\d+)$/m.exec(stderr)?.[1]);

describe.skipIf(!existsSync('/proc/self/task'))('the start-up paths (built CLI, output to pipes)', () => {
  let nodeThreads: number;
  beforeAll(async () => {
    const node = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--require', FIXTURE, '-e', '0'], { env: cleanEnv({ OPENCLAW_TEST_WATCH_THREADS: '1' }), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', () => resolve(stderr));
    });
    nodeThreads = threadsOf(node);
    expect(nodeThreads).toBeGreaterThan(0);
  });

  it.each([
    ['models status', ['models', 'status'], 'openai:work'],
    ['models status --json', ['models', 'status', '--json'], '"openai:work"'],
    ['models auth token (an API key)', ['models', 'auth', 'token', '--provider', 'openai'], 'sk-test'],
    ['models auth token (OAuth, no refresh due)', ['models', 'auth', 'token', '--provider', 'openai-codex'], 'eyJ.a.b'],
    ['--help', ['--help'], 'models'],
    ['models --help', ['models', '--help'], 'status'],
  ])('%s loads none of the banned modules, and starts no worker thread of libuv', async (_name, args, shown) => {
    const result = await run(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(shown);
    expect(result.stderr).toContain('LOADED []\n');
    // Every file call is made in place (src/base/fs.ts): the first asynchronous one would start libuv's
    // four worker threads, and each later one would wait for one of them to be scheduled.
    expect(threadsOf(result.stderr)).toBe(nodeThreads);
  });

  it.each([
    ['models status', ['models', 'status'], 'openai:work'],
    ['models auth token (an API key)', ['models', 'auth', 'token', '--provider', 'openai'], 'sk-test'],
  ])('%s in a terminal (a pseudo-terminal) loads none of them either: no tty stream is made for it', async (_name, args, shown) => {
    const { spawn: spawnPty } = await import('@lydell/node-pty');
    const env = cleanEnv({ ...state.env, TERM: 'xterm-256color', OPENCLAW_TEST_WATCH_MODULES: BANNED.join(',') });
    const pty = spawnPty(process.execPath, ['--require', FIXTURE, CLI, ...args], { name: 'xterm-256color', cols: 100, rows: 30, env });
    let output = '';
    pty.onData((data) => (output += data));
    const { exitCode } = await new Promise<{ exitCode: number }>((resolve) => pty.onExit(resolve));
    expect(exitCode).toBe(0);
    expect(output).toContain(shown);
    expect(output).toContain('LOADED []');
  });

  it('the watch itself works: a run that does load them is seen', async () => {
    // The same fixture on a process that loads what the CLI must not: the test above cannot pass vacuously.
    const child = spawn(process.execPath, ['--require', FIXTURE, '-e', "require('node:child_process'); require('node:fs/promises'); require('node:fs').stat('/', () => {})"], {
      env: cleanEnv({ OPENCLAW_TEST_WATCH_MODULES: BANNED.join(','), OPENCLAW_TEST_WATCH_THREADS: '1' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await new Promise((resolve) => child.on('close', resolve));
    const loaded = JSON.parse(/^LOADED (.*)$/m.exec(stderr)![1]!) as string[];
    expect(loaded).toEqual(expect.arrayContaining(['child_process', 'net', 'fs/promises', 'internal/readline/interface']));
    expect(threadsOf(stderr)).toBeGreaterThan(nodeThreads);
  });
});

/** Issue 23's wizard goal: what its first frame must not make (test/fixtures/costly-intl.cjs). */
const COSTLY = join(ROOT, 'test', 'fixtures', 'costly-intl.cjs');
const costlyOf = (output: string) => JSON.parse(/COSTLY (\[.*\])/.exec(output)?.[1] ?? 'null') as string[] | null;

describe('the wizard to its first prompt (built CLI, a pseudo-terminal at 80×24)', () => {
  it('makes no grapheme segmenter and no emoji regular expression: its text is plain', async () => {
    const { spawn: spawnPty } = await import('@lydell/node-pty');
    const fresh = await tempState();
    try {
      const env = cleanEnv({ ...fresh.env, TERM: 'xterm-256color', BROWSER: '/bin/false' });
      const pty = spawnPty(process.execPath, ['--require', COSTLY, CLI, 'onboard'], { name: 'xterm-256color', cols: 80, rows: 24, env });
      let output = '';
      let asked = false;
      pty.onData((data) => {
        output += data;
        if (!asked && output.includes('Which agent')) {
          asked = true;
          pty.write('\u0003');
        }
      });
      const { exitCode } = await new Promise<{ exitCode: number }>((resolve) => pty.onExit(resolve));
      expect(asked).toBe(true);
      expect(exitCode).toBe(130);
      // Both were made at load (ansi-tokenize's segmenter, string-width's \p{RGI_Emoji}), ~48 ms of the first frame.
      expect(costlyOf(output)).toEqual([]);
    } finally {
      await fresh.cleanup();
    }
  });

  it('the count itself works: a run that makes them is seen', async () => {
    const child = spawn(process.execPath, ['--require', COSTLY, '-e', "new Intl.Segmenter(); new RegExp('^\\\\p{RGI_Emoji}$', 'v'); /a/.test('a')"], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await new Promise((resolve) => child.on('close', resolve));
    expect(costlyOf(stderr)).toEqual(['Intl.Segmenter', 'RegExp ^\\p{RGI_Emoji}$']);
  });
});
