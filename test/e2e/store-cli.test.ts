import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStore } from '../../src/store/parse.js';
import { cleanEnv, cliArgs, fakeSetupToken, runCli, storeFileOf, tempState } from '../support/cli.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const paste = (name: string, token = fakeSetupToken(name)) =>
  runCli(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', name], { env: state.env, input: `${token}\n` });

async function storedProfiles(): Promise<string[]> {
  const parsed = parseStore(await readFile(storeFileOf(state.dir)));
  if (!parsed.ok) throw new Error(parsed.problem);
  return Object.keys(parsed.value.profiles).sort();
}

describe('concurrent writers', () => {
  it('16 concurrent paste-token processes keep 16/16 profiles', async () => {
    const names = Array.from({ length: 16 }, (_, i) => `p${i}`);
    const results = await Promise.all(names.map((name) => paste(name)));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await storedProfiles()).toEqual(names.map((n) => `anthropic:${n}`).sort());
  });

  it('writers killed by SIGKILL at random moments never corrupt the store nor lose a finished write', async () => {
    const finished = new Set<string>();
    let killed = 0;
    for (let round = 0; round < 12; round++) {
      const runs = Array.from({ length: 6 }, (_, i) => {
        const name = `r${round}-${i}`;
        const child = spawn(process.execPath, cliArgs(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', name]), {
          env: cleanEnv(state.env),
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        child.stdin.end(`${fakeSetupToken(name)}\n`);
        // Half of them die somewhere between start-up and their write.
        if (i % 2 === 1) setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 160);
        return new Promise<void>((resolve) =>
          child.on('close', (code, signal) => {
            if (code === 0) finished.add(`anthropic:${name}`);
            if (signal === 'SIGKILL') killed++;
            resolve();
          }),
        );
      });
      await Promise.all(runs);
      const bytes = await readFile(storeFileOf(state.dir)).catch(() => null);
      if (bytes) {
        const parsed = parseStore(bytes);
        expect(parsed.ok, `round ${round}: ${parsed.ok ? '' : parsed.problem}`).toBe(true);
      }
    }
    const stored = new Set(await storedProfiles());
    for (const id of finished) expect(stored.has(id), id).toBe(true);
    expect(finished.size).toBeGreaterThanOrEqual(36);
    expect(killed).toBeGreaterThan(0);
    // A later writer still gets the lock (no lock left behind by a killed one for longer than the stale time).
    expect((await paste('after')).code).toBe(0);
  }, 180_000);

  it('takes over a lock left by a dead holder within 10 s', async () => {
    const store = storeFileOf(state.dir);
    await mkdir(`${store}.lock`, { recursive: true });
    const now = new Date();
    await utimes(`${store}.lock`, now, now);
    const started = Date.now();
    const result = await paste('late');
    const elapsed = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    expect(elapsed).toBeLessThanOrEqual(10_000);
    expect(elapsed).toBeGreaterThan(5_000); // it did wait for the lock to go stale
    expect(await storedProfiles()).toEqual(['anthropic:late']);
  }, 30_000);
});

const broken: Record<string, string | Buffer> = {
  empty: '',
  truncated: '{"version": 1, "profiles": {"anthropic:default": {"type": "token", "provider": "anth',
  array: '[]',
  null: 'null',
  'version 2': '{"version": 2, "profiles": {}}',
  'wrong types': '{"version": 1, "profiles": {"anthropic:default": {"type": "token", "provider": "anthropic", "token": 42}}}',
  'provider mismatch': `{"version": 1, "profiles": {"openai:default": {"type": "token", "provider": "anthropic", "token": "${fakeSetupToken()}"}}}`,
  binary: Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x13, 0x37, 0x00, 0x7d]),
  'unknown type': '{"version": 1, "profiles": {"anthropic:default": {"type": "cookie", "provider": "anthropic"}}}',
  'bad profile name': '{"version": 1, "profiles": {"anthropic:Work Account": {"type": "api_key", "provider": "anthropic", "key": "k"}}}',
  'escape sequence in a key': '{"version": 1, "profiles": {"anthropic:\\u001b]0;owned\\u0007x": {"type": "api_key", "provider": "anthropic", "key": "k"}}}',
};

describe('a broken store is never overwritten', () => {
  for (const [name, content] of Object.entries(broken)) {
    it(`${name}: exit 1, names the file, bytes unchanged`, async () => {
      const file = storeFileOf(state.dir);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content, { mode: 0o600 });
      const before = await readFile(file);
      for (const args of [
        ['models', 'auth', 'paste-token', '--provider', 'anthropic'],
        ['models', 'auth', 'logout', '--provider', 'anthropic', '--all'],
        ['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'default'],
        ['models', 'status'],
        ['channels', 'list', '--json'],
      ]) {
        const result = await runCli(args, { env: state.env, input: `${fakeSetupToken()}\n` });
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toContain(file);
        expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      }
      expect(await readFile(file)).toEqual(before);
      expect((await readdir(dirname(file))).sort()).toEqual(['auth-profiles.json']);
    });
  }
});

const hostile: Record<string, string | Buffer> = {
  empty: '',
  whitespace: ' \n\t \r\n',
  'too short': 'sk-ant-oat01-abc123',
  'wrong prefix': `sk-ant-api03-${'A'.repeat(90)}`,
  'other prefix': `sk-proj-${'B'.repeat(90)}`,
  'code#state': 'Xy7Qk2mN4pR8sT1vW3zB5cD6#f0e1d2c3b4a5968778695a4b3c2d1e0f',
  'redirect URL': 'http://localhost:1455/auth/callback?code=abc123def456&state=0123456789abcdef',
  'escape sequences': '\u001b[31m\u001b]0;pwned\u0007\u001b[2J',
  'NUL bytes': `sk-ant-oat01-${'C'.repeat(40)}\u0000${'D'.repeat(45)}`,
  '200 kB': `sk-ant-oat01-${'E'.repeat(200 * 1024)}`,
  'spaces inside': `sk-ant-oat01-${'F'.repeat(40)} <script> ${'G'.repeat(45)}`,
};

describe('hostile pastes are refused and nothing is stored', () => {
  for (const [name, input] of Object.entries(hostile)) {
    it(name, async () => {
      const result = await runCli(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: \S/);
      expect(result.stderr.length).toBeLessThan(400);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(/[\u0000\u0007\u001b]/);
      await expect(readFile(storeFileOf(state.dir))).rejects.toThrow(/ENOENT/);
    });
  }

  it('accepts a real-shaped token wrapped in bracketed-paste markers and line breaks', async () => {
    const token = fakeSetupToken('wrap');
    const result = await runCli(['models', 'auth', 'paste-token', '--provider', 'anthropic'], {
      env: state.env,
      input: `\u001b[200~${token.slice(0, 40)}\r\n${token.slice(40)}\u001b[201~\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    const parsed = parseStore(await readFile(storeFileOf(state.dir)));
    expect(parsed.ok && parsed.value.profiles['anthropic:default']).toMatchObject({ type: 'token', token });
  });

  it('refuses a token on argv without storing it', async () => {
    const result = await runCli(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--token', fakeSetupToken()], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--token is refused/);
    expect(result.stderr).not.toContain(fakeSetupToken());
    await expect(readFile(storeFileOf(state.dir))).rejects.toThrow(/ENOENT/);
  });
});
