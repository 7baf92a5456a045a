import type { Env } from '../base/io.js';
import { warnOnStderr, type Warn } from '../base/io.js';
import { stderr, stdout } from '../base/stdio.js';

/** What a command may touch of the outside world; tests build their own. */
export interface CliContext {
  env: Env;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  now: () => number;
  warn: Warn;
}

export function processContext(): CliContext {
  return {
    env: process.env,
    // A getter: creating process.stdin costs a millisecond or more, and most commands never read it.
    get stdin() {
      return process.stdin;
    },
    stdout: stdout(),
    // A getter too: most runs write nothing to stderr, and looking at its descriptor costs a status ~0.1 ms.
    get stderr() {
      return stderr();
    },
    now: Date.now,
    warn: warnOnStderr,
  };
}

export function print(ctx: CliContext, text = ''): void {
  ctx.stdout.write(`${text}\n`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Both ends of the terminal must be a TTY to prompt. */
export function canPrompt(ctx: CliContext): boolean {
  return Boolean(ctx.stdin.isTTY && ctx.stdout.isTTY);
}
