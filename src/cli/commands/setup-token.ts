import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';

// Placeholder while the command is being built; replaced in the same series of commits.
export async function setupTokenCommand(_ctx: CliContext, ..._args: unknown[]): Promise<number> {
  throw new UserError('This command is not available yet.');
}
