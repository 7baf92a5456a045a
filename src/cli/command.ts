import type { Argument, Option } from 'commander';
import type { CliContext } from './context.js';

/**
 * One command of the tree, declared in its own file next to its options type and its run function
 * (as gh's NewCmdX): where it hangs, its arguments and flags, and what it does. src/cli/main.ts only
 * assembles them, and adds `--agent <id>` to every one.
 */
export interface CommandSpec<O = Record<string, unknown>, A extends unknown[] = []> {
  /** The words that call it, e.g. 'models auth login'. */
  path: string;
  /** The one-line description in --help. */
  about: string;
  args?: Argument[];
  flags?: Option[];
  /** Returns the exit code; throws UserError for failures the user can act on. */
  run(ctx: CliContext, options: O, ...args: A): Promise<number>;
}

/** Lets a list of specs with different option types share one array. */
export type AnyCommandSpec = CommandSpec<never, never[]>;

export function defineCommand<O, A extends unknown[] = []>(spec: CommandSpec<O, A>): AnyCommandSpec {
  return spec as unknown as AnyCommandSpec;
}
