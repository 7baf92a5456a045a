import { UserError } from '../../../base/errors.js';
import type { Env } from '../../../base/io.js';
import type { RunResult, Runner } from '../run.js';

/**
 * SPEC 12: the system keychain behind one interface (as git's and Docker's credential helpers put a store
 * behind get/store/erase). Items are generic passwords of the service `openclaw`, one per profile, named
 * by the profile's keychain id (`<agent>/<profile id>`). The secret never goes on a command line: each
 * backend hands it to its tool on stdin.
 */
export interface Keychain {
  /** What status and messages call it: `Secret Service`, `macOS login keychain`, `Windows Credential Manager`. */
  readonly name: string;
  /** Fails (KeychainError) when there is no keychain to reach: checked before a secret is asked for. */
  assertAvailable(): Promise<void>;
  store(id: string, label: string, secret: string): Promise<void>;
  /** The secret, or null when there is no such item. */
  lookup(id: string): Promise<string | null>;
  /** True when an item was removed, false when there was none. */
  remove(id: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'openclaw';
/** Long enough for a keychain that asks the user to unlock it; a stuck tool does not hang the command. */
export const KEYCHAIN_TIMEOUT_MS = 30_000;
export const KEYCHAIN_MAX_OUTPUT = 1024 * 1024;

export type KeychainProblem = 'no-session' | 'no-tool' | 'locked' | 'refused' | 'timeout' | 'unsupported';

/** A keychain that cannot be used; the message says why and what to do (the file instead), never a secret. */
export class KeychainError extends UserError {
  constructor(
    message: string,
    readonly problem: KeychainProblem,
  ) {
    super(message);
    this.name = 'KeychainError';
  }
}

export interface KeychainDeps {
  env: Env;
  platform: NodeJS.Platform;
  run: Runner;
}

/** The environment a keychain tool gets: the user's own (it needs the session bus, HOME, PATH). */
export function toolEnv(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * What a backend's tool answered to a lookup or a removal: exit 0 gives what it printed; `notFound`, the
 * tool's own exit code for "no such item", gives null (with `silent`, only when it said nothing on stderr
 * too: secret-tool exits 1 for other failures as well); anything else is the backend's `failure`.
 */
export function itemAnswer(result: RunResult, answer: { notFound: number; silent?: boolean; failure: (result: RunResult) => KeychainError }): string | null {
  if (result.kind === 'exited' && result.code === 0) return result.stdout;
  if (result.kind === 'exited' && result.code === answer.notFound && (!answer.silent || result.stderr.trim() === '')) return null;
  throw answer.failure(result);
}
