import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, process.env.OPENCLAW_DIST || 'dist', 'openclaw.cjs');
export const REDIRECT_FETCH = join(ROOT, 'test', 'support', 'redirect-fetch.mjs');
/** Preloaded into every CLI a test spawns: no fetch leaves this machine (test/support/offline.mjs). */
export const OFFLINE = join(ROOT, 'test', 'support', 'offline.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  /** Preload the fetch redirect so https://auth.openai.com goes to this test issuer. */
  issuer?: string;
  timeoutMs?: number;
  /** Node options before the script (`--require` a fixture). */
  nodeArgs?: string[];
  /** Another launcher than the built one (a copy of the package). */
  cli?: string;
}

/** An environment with nothing of the developer's machine in it that could change behaviour. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export function cliArgs(args: string[], issuer?: string): string[] {
  return issuer ? ['--import', OFFLINE, '--import', REDIRECT_FETCH, CLI, ...args] : ['--import', OFFLINE, CLI, ...args];
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env = cleanEnv({ ...options.env, ...(options.issuer ? { OPENCLAW_TEST_ISSUER: options.issuer } : {}) });
  return new Promise((resolvePromise, reject) => {
    const script = options.cli ? [options.cli, ...args] : cliArgs(args, options.issuer);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export async function tempState(): Promise<{ dir: string; env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'openclaw-test-'));
  return { dir, env: { OPENCLAW_STATE_DIR: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function storeFileOf(stateDir: string, agent = 'main'): string {
  return join(stateDir, 'agents', agent, 'agent', 'auth-profiles.json');
}

/**
 * Writes a store file for a test to start from, as the store leaves one: a private directory, mode 0600,
 * the store's own layout. An object is the file's fields beside `version: 1`; a string is written as it is.
 */
export async function plantStore(file: string, store: Record<string, unknown> | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, typeof store === 'string' ? store : `${JSON.stringify({ version: 1, ...store }, null, 2)}\n`, { mode: 0o600 });
}

/** A setup-token shaped like the real thing (test-only; never a real secret). */
export function fakeSetupToken(seed = 'x'): string {
  const body = `${seed}${'A1b2C3d4E5'.repeat(10)}`.replace(/[^A-Za-z0-9]/g, 'z');
  return `sk-ant-oat01-${body}`;
}
