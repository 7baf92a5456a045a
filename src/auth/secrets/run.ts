import { builtin } from '../../env/import.js';

export type RunResult =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'timeout' }
  | { kind: 'too-much' }
  | { kind: 'spawn-failed'; code: string };

export interface RunOptions {
  env: Record<string, string>;
  /** Written to stdin, which is then closed: where a secret goes, never argv. */
  input?: string;
  timeoutMs: number;
  maxOutputBytes: number;
  /** Keep stderr (at most 64 KiB) for the caller to classify; dropped by default. */
  keepStderr?: boolean;
}

/** How a secret-handling program is run: the exec source and each keychain backend (tests pass their own). */
export type Runner = (command: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

const STDERR_KEPT = 64 * 1024;

/**
 * Runs `command` directly (no shell) in a process group of its own, so that a cut (time, size) ends
 * whatever it started too: a `sleep` under a shell script would otherwise hold the pipes open after its
 * parent is gone.
 */
export const runProgram: Runner = async (command, args, options) => {
  // Loaded here: the start-up paths (`models auth token`, `--help`) import what resolves a reference.
  const { spawn } = await builtin<typeof import('node:child_process')>('node:child_process');
  return new Promise((done) => {
    let settled = false;
    const child = spawn(command, [...args], { env: options.env, shell: false, stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (result.kind !== 'exited') kill();
      child.stdout?.destroy();
      child.stderr?.destroy();
      done(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'spawn-failed', code: error.code ?? 'EIO' }));
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxOutputBytes) finish({ kind: 'too-much' });
      else chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (options.keepStderr && stderr.length < STDERR_KEPT) stderr += chunk;
    });
    child.on('close', (code, signal) => finish({ kind: 'exited', code, signal, stdout: Buffer.concat(chunks).toString('utf8'), stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
};
