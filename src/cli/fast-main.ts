import { processContext } from './context.js';
import { fastCommand } from './fast-path.js';
import { finish, runFast } from './run.js';

/**
 * The entry of dist/fast.cjs, the bundle src/launcher/openclaw.cjs starts for the lines the fast path
 * takes (`models status`, `models auth token --provider p`): those commands and what they use, without
 * commander or any other command. Half the size of dist/cli.cjs, so that there is less to read and its code
 * cache is less than half as much to load. The launcher asks the same fastCommand() before it chooses.
 */
export async function main(argv: string[]): Promise<void> {
  const fast = fastCommand(argv);
  if (!fast) throw new Error(`dist/fast.cjs was started for a line the fast path does not take: ${argv.slice(2).length} words`);
  // Status and token leave nothing running (no child, no unawaited write): the process ends at once.
  finish(await runFast(processContext(), fast), { leavesNothing: true });
}
