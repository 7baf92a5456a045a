import { Command } from 'commander';
import type { CliContext } from './context.js';

/**
 * One command of the tree, declared in its own file next to its options type and its run function
 * (as gh's NewCmdX): where it hangs, its flags, and what it does. src/cli/main.ts only assembles them.
 * Every command also takes `--agent <id>` (added by main.ts).
 */
export interface CommandSpec<O = Record<string, unknown>, A extends unknown[] = []> {
  /** The groups it hangs under, e.g. ['models', 'auth']. */
  parent: readonly string[];
  name: string;
  /** Description, arguments and flags. */
  define(command: Command): Command;
  /** Returns the exit code; throws UserError for failures the user can act on. */
  run(ctx: CliContext, options: O, ...args: A): Promise<number>;
}

/** Lets a list of specs with different option types share one array. */
export type AnyCommandSpec = CommandSpec<never, never[]>;

export function defineCommand<O, A extends unknown[] = []>(spec: CommandSpec<O, A>): AnyCommandSpec {
  return spec as unknown as AnyCommandSpec;
}
