import { PassThrough, Readable } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import type { CliResult, RunOptions } from './cli.js';
import { cleanEnv } from './cli.js';

/** A CliContext over strings: stdin from `input` (piped, not a terminal), stdout and stderr captured. */
export function fakeContext(options: { env?: Record<string, string | undefined>; input?: string; now?: () => number } = {}) {
  const stdin = Readable.from(options.input === undefined ? [] : [options.input]) as unknown as NodeJS.ReadStream;
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => {
    const stream = new PassThrough();
    stream.setEncoding('utf8').on('data', (chunk: string) => (out[key] += chunk));
    return stream;
  };
  const stderr = sink('stderr');
  const ctx: CliContext = {
    env: cleanEnv(options.env),
    stdin,
    stdout: sink('stdout'),
    stderr,
    now: options.now ?? Date.now,
    warn: (line) => stderr.write(`openclaw: ${line}\n`),
  };
  return { ctx, out };
}

/**
 * The command line run in this process through CliContext (no build, no child process): the same
 * result shape as runCli in ./cli.ts, for everything that needs no real terminal or second process.
 */
export async function runInProcess(args: string[], options: Omit<RunOptions, 'issuer' | 'timeoutMs'> & { now?: () => number } = {}): Promise<CliResult> {
  const input = options.input === undefined ? undefined : String(options.input);
  const { ctx, out } = fakeContext({ env: options.env, input, now: options.now });
  const code = await runCli(['node', 'openclaw', ...args], ctx);
  // Let the PassThrough streams deliver what was written.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, signal: null, stdout: out.stdout, stderr: out.stderr };
}
