import type * as Os from 'node:os';

/**
 * The two things this project asks of node:os. It is not among the modules Node has loaded at start, and
 * compiling it was ~0.3 ms of every command's start: it is loaded only when one of these is asked for.
 */

/** `$HOME`, else the system's idea of the user's home. */
export function homeOf(env: { HOME?: string }): string {
  return env.HOME || os().homedir();
}

/** The system's folder for temporary files. */
export function tempDir(): string {
  return os().tmpdir();
}

function os(): typeof Os {
  const loaded = process.getBuiltinModule?.('node:os') as typeof Os | undefined;
  // Node before 20.16 has no getBuiltinModule; the bundles it runs are CommonJS, with a require() of their own.
  return loaded ?? (require('node:os') as typeof Os);
}
