import type { Argument, Option } from 'commander';
import type { CliContext } from './context.js';

/**
 * One command of the tree, declared in its own file next to its options type and its run function
 * (as gh's NewCmdX): where it hangs, its arguments and flags, and what it does. src/cli/main.ts only
 * assembles them, and adds `--agent <id>` to every one that works on one agent.
 */
export interface CommandSpec<O = Record<string, unknown>, A extends unknown[] = []> {
  /** The words that call it, e.g. 'models auth login'. */
  path: string;
  /**
   * The one-line description in --help. A function reads the catalogue when the program is built, in the
   * language of the run; a plain value is English only (kept for commands not yet moved to the catalogue).
   */
  about: Lazy<string>;
  args?: Lazy<Argument[]>;
  flags?: Lazy<Option[]>;
  /**
   * Every command refuses a secret typed as `--token` (argv is visible to other users): the command to
   * pipe it to instead, given the `--provider` typed; null for a command that reads a secret and never
   * takes one. Unset: `models auth paste-token --provider <provider>`.
   */
  tokenInstead?: ((provider: string) => string) | null;
  /** False for a command of the whole state dir (doctor checks every agent): it takes no `--agent`. */
  agentFlag?: false;
  /** Returns the exit code; throws UserError for failures the user can act on. */
  run(ctx: CliContext, options: O, ...args: A): Promise<number>;
}

/** A value, or a function that makes it when the program is built. */
export type Lazy<T> = T | (() => T);

export function made<T>(value: Lazy<T>): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/** Lets a list of specs with different option types share one array. */
export type AnyCommandSpec = CommandSpec<never, never[]>;

export function defineCommand<O, A extends unknown[] = []>(spec: CommandSpec<O, A>): AnyCommandSpec {
  return spec as unknown as AnyCommandSpec;
}
