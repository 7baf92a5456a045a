import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { cleanEnv, cliArgs } from './cli.js';

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][A-Za-z0-9]|\u001b[=>78]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface PtySession {
  pty: IPty;
  /** Everything written to the terminal so far, raw. */
  raw(): string;
  /** The same without escape sequences. */
  text(): string;
  /** Waits until the text written after `since` (an offset into raw()) matches. */
  waitFor(pattern: RegExp | string, options?: { timeoutMs?: number; since?: number }): Promise<RegExpMatchArray>;
  write(data: string): void;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(): void;
}

/**
 * The built CLI in a real pseudo-terminal. `zeroSize`: the terminal reports 0×0 (as `docker exec -t` can),
 * which node-pty does not make itself (it takes 0 for its default), so `stty` sets it before the CLI starts.
 */
export function spawnCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; issuer?: string; cols?: number; rows?: number; zeroSize?: boolean } = {},
): PtySession {
  const env = cleanEnv({ TERM: 'xterm-256color', ...options.env, ...(options.issuer ? { OPENCLAW_TEST_ISSUER: options.issuer } : {}) });
  const [file, argv] = options.zeroSize
    ? ['sh', ['-c', 'stty cols 0 rows 0 && exec "$@"', 'sh', process.execPath, ...cliArgs(args, options.issuer)]]
    : [process.execPath, cliArgs(args, options.issuer)];
  const pty = spawnPty(file, argv, {
    name: 'xterm-256color',
    cols: options.cols ?? 120,
    rows: options.rows ?? 40,
    env,
  });
  let output = '';
  const waiters = new Set<() => void>();
  pty.onData((data) => {
    output += data;
    for (const check of [...waiters]) check();
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => pty.onExit(resolve));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const check of [...waiters]) check();
  });

  return {
    pty,
    raw: () => output,
    text: () => stripAnsi(output),
    write: (data) => pty.write(data),
    exited,
    kill: () => {
      try {
        pty.kill('SIGKILL');
      } catch {
        // already gone
      }
    },
    waitFor(pattern, { timeoutMs = 15_000, since = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = stripAnsi(output.slice(since));
          const match = typeof pattern === 'string' ? (text.includes(pattern) ? ([pattern] as RegExpMatchArray) : null) : text.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          } else if (done) {
            cleanup();
            reject(new Error(`process exited before ${String(pattern)} appeared. Screen:\n${stripAnsi(output).slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(pattern)}. Screen:\n${stripAnsi(output).slice(-3000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Follows the authorize URL like a browser would, up to the redirect to the loopback callback. */
export async function authorizeRedirect(authorizeUrl: string, issuerUrl: string): Promise<URL> {
  const target = authorizeUrl.replace(/^https:\/\/auth\.openai\.com/, issuerUrl);
  const response = await fetch(target, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) throw new Error(`authorize gave no redirect (${response.status})`);
  return new URL(location);
}

export const AUTHORIZE_URL = /https:\/\/auth\.openai\.com\/oauth\/authorize\?\S+/;
