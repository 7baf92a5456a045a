import { CancelledError, EXIT, refuseSecretOnArgv, UserError } from '../base/errors.js';
import { chooseLang, t, useLang } from '../base/i18n/index.js';
import { maskKnown, redact } from '../base/redact.js';
import { exitAsSoonAsWritten, exitWhenWritten, outputWasLost } from '../base/stdio.js';
import { PROVIDER_PATTERN } from '../model/schema.js';
import { withOwnChecksHeld } from '../store/checks-held.js';
import type { AnyCommandSpec } from './command.js';
import type { CliContext } from './context.js';
import type { FastCommand } from './fast-path.js';
import { commanderIfLoaded } from './shared/commander.js';

/**
 * What both entries share: running a command's spec, turning what it throws into an exit code, and the
 * exit. src/cli/main.ts (commander's tree) and src/cli/fast-main.ts (the fast path's own, smaller bundle)
 * each end in these, so a line prints, fails and exits alike whichever ran it.
 */

/** What every command's action does once commander has parsed its line (and what the fast path does without it). */
export async function runSpec(ctx: CliContext, spec: AnyCommandSpec, options: Record<string, unknown>, args: unknown[] = []): Promise<number> {
  if (options.token !== undefined) {
    const provider = typeof options.provider === 'string' && PROVIDER_PATTERN.test(options.provider) ? options.provider : '<provider>';
    const instead = spec.tokenInstead === undefined ? pasteTokenFor : spec.tokenInstead;
    if (instead === null) throw new UserError(t('error.tokenOnArgvRead'), EXIT.usage);
    refuseSecretOnArgv(instead(provider));
  }
  // SPEC 2's checks answer for the command's next moments (src/store/checks-held.ts).
  return withOwnChecksHeld(() => spec.run(ctx, options as never, ...(args as never[])));
}

/**
 * Runs `body` in the language ctx.env chooses (SPEC 9), put back after it, and returns its exit code, or the
 * exit code of what it threw (its message written to stderr).
 */
export async function inLanguage(ctx: CliContext, body: () => Promise<number>): Promise<number> {
  const restore = await useLang(chooseLang(ctx.env));
  try {
    return await body();
  } catch (error) {
    return reportError(ctx, error);
  } finally {
    restore();
  }
}

/**
 * The commands the fast path runs, loaded on demand. src/cli/main.ts's table holds them too, and
 * src/cli/fast-main.ts (bundled on its own, dist/fast.cjs) holds nothing else.
 */
export const FAST_COMMANDS: Record<FastCommand['path'], () => Promise<AnyCommandSpec>> = {
  'models auth token': async () => (await import('./commands/token.js')).tokenCommand as AnyCommandSpec,
  'models status': async () => (await import('./commands/status.js')).statusCommand as AnyCommandSpec,
};

/** A line the fast path recognised (src/cli/fast-path.ts), run without commander. */
export function runFast(ctx: CliContext, fast: FastCommand): Promise<number> {
  return inLanguage(ctx, async () => runSpec(ctx, await FAST_COMMANDS[fast.path](), fast.options));
}

/**
 * The process's exit code (1 when output was lost), set once what was written has gone out. `leavesNothing`:
 * the command is known to leave nothing running (the fast path), so the process ends at once.
 */
export function finish(code: number, { leavesNothing = false } = {}): void {
  process.exitCode = code === EXIT.ok && outputWasLost() ? EXIT.failed : code;
  if (leavesNothing) exitAsSoonAsWritten();
  else exitWhenWritten();
}

const pasteTokenFor = (provider: string) => `models auth paste-token --provider ${provider}`;

function reportError(ctx: CliContext, error: unknown): number {
  const commander = commanderIfLoaded();
  if (commander && error instanceof commander.CommanderError) {
    // Commander has printed its message already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return EXIT.ok;
    }
    return EXIT.usage;
  }
  if (error instanceof CancelledError) {
    ctx.stderr.write(`${error.message}\n`);
    return EXIT.cancelled;
  }
  if (error instanceof UserError) {
    // A user error is worded to be safe, but a secret resolved from a reference is masked all the same (SPEC 12).
    ctx.stderr.write(`${t('error.line', { message: maskKnown(error.message) })}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`${t('error.line', { message: redact(message) })}\n`);
  if (ctx.env.OPENCLAW_DEBUG && error instanceof Error && error.stack) {
    ctx.stderr.write(`${redact(error.stack)}\n`);
  } else {
    ctx.stderr.write(`${t('error.unexpected')}\n`);
  }
  return EXIT.failed;
}
