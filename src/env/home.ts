import type * as Os from 'node:os';
import { builtinNow } from './import.js';

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

const os = () => builtinNow<typeof Os>('node:os');
