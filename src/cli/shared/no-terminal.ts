import { t } from '../../base/i18n/index.js';
import type { CliContext } from '../context.js';

/**
 * What to do when a command that prompts finds no terminal to prompt on. Prompts are drawn on stdout and
 * read from stdin: when stdin is a terminal, what is missing is stdout (`… | cat`, `> log`), and "run it in
 * a terminal" would be wrong for a user sitting at one.
 */
export function noTerminalFix(ctx: CliContext): string {
  return ctx.stdin.isTTY && !ctx.stdout.isTTY ? t('terminal.outputPiped') : t('terminal.runInOne');
}
