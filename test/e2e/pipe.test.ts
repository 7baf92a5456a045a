import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, cliArgs, plantStore, ROOT, storeFileOf, tempState } from '../support/cli.js';
import { lacks } from '../support/tools.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

it('a reader that closes the pipe early (| head -1) is no crash: exit 0, nothing on stderr', async () => {
  // More than a pipe holds (64 kB), so that the command is still writing when the reader goes.
  const profiles = Object.fromEntries(
    Array.from({ length: 1500 }, (_, i) => [`openrouter:key-${i}`, { type: 'api_key', provider: 'openrouter', key: `sk-or-v1-${i}` }]),
  );
  await plantStore(storeFileOf(state.dir), { profiles });
  const child = spawn(process.execPath, cliArgs(['models', 'status']), { env: cleanEnv(state.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Read the first chunk, then close our end, as `head -1` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});

it.skipIf(lacks('python3'))('a pipe left non-blocking by whoever opened it, and full: the output is whole (Node stream waits for room)', async () => {
  const profiles = Object.fromEntries(
    Array.from({ length: 1500 }, (_, i) => [`openrouter:key-${i}`, { type: 'api_key', provider: 'openrouter', key: `sk-or-v1-${i}` }]),
  );
  await plantStore(storeFileOf(state.dir), { profiles });
  // libuv makes a child's stdio blocking when Node spawns it; a parent that spawns otherwise (here Python) can
  // hand over a non-blocking pipe, on which a write to a full pipe is EAGAIN. Nothing is read from it until
  // the child has filled it (64 kB of its ~200 kB).
  const parent = [
    'import os, subprocess, sys, time',
    'r, w = os.pipe()',
    'os.set_blocking(w, False)',
    'child = subprocess.Popen(sys.argv[1:], stdout=w, stdin=subprocess.DEVNULL)',
    'os.close(w)',
    'time.sleep(0.4)',
    'data = b"".join(iter(lambda: os.read(r, 65536), b""))',
    'sys.stdout.buffer.write(data)',
    'sys.exit(child.wait())',
  ].join('\n');
  const child = spawn('python3', ['-c', parent, process.execPath, ...cliArgs(['models', 'status', '--json'])], {
    env: cleanEnv(state.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
  expect(stderr).toBe('');
  const shown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  expect(shown.profiles).toHaveLength(1500);
});

it('models status over pipes loads neither net nor child_process (its start-up figure: ~3.5 ms of them)', async () => {
  await plantStore(storeFileOf(state.dir), { profiles: { 'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-test' } } });
  const child = spawn(process.execPath, ['--require', join(ROOT, 'test', 'fixtures', 'loaded-modules.cjs'), ...cliArgs(['models', 'status'])], {
    env: cleanEnv({ ...state.env, OPENCLAW_TEST_WATCH_MODULES: 'net,child_process,stream,tty' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
  expect(stdout).toContain('openai:work');
  expect(stderr).toBe('LOADED []\n');
});

describe('output that cannot be written', () => {
  async function run(stdout: number) {
    const child = spawn(process.execPath, cliArgs(['models', 'status']), { env: cleanEnv(state.env), stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stderr };
  }

  it('a full device (Node stream): one line on stderr, exit 1, no stack trace', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      expect(await run(fd)).toEqual({ code: 1, stderr: 'openclaw: The output could not be written (ENOSPC); what was left of it is lost.\n' });
    } finally {
      closeSync(fd);
    }
  });

  it('a stderr that cannot be written (only a warning was on it): the run still succeeds', async () => {
    await plantStore(storeFileOf(state.dir), { profiles: { 'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-test' } } });
    await chmod(storeFileOf(state.dir), 0o644); // a warning on stderr: tightened to 0600
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, cliArgs(['models', 'auth', 'token', '--provider', 'openai']), { env: cleanEnv(state.env), stdio: ['ignore', 'pipe', full] });
      let stdout = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
      expect(stdout).toBe('sk-test\n');
    } finally {
      closeSync(full);
    }
  });

  it('a file it may not write (written straight to the descriptor): the same', async () => {
    const file = join(state.dir, 'read-only');
    writeFileSync(file, '');
    const fd = openSync(file, 'r');
    try {
      expect(await run(fd)).toEqual({ code: 1, stderr: 'openclaw: The output could not be written (EBADF); what was left of it is lost.\n' });
    } finally {
      closeSync(fd);
    }
  });
});
