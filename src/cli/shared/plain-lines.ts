import { clackTitle, guideWidth, wrapText } from '../../base/terminal.js';
import type { CliContext } from '../context.js';
import { lineSpinner } from './spinner.js';

type Clack = typeof import('@clack/prompts');

/** The part of clack a line sign-in draws with; `plainLines` gives the same without a terminal. */
export type LineDrawer = Pick<Clack, 'intro' | 'outro' | 'cancel' | 'note'> & {
  log: Pick<Clack['log'], 'step' | 'info' | 'warn' | 'error' | 'success' | 'message'>;
};

/**
 * clack's calls as plain lines, for a sign-in whose stdout is not a terminal (a script, a CI job, `| tee`):
 * no frame, no symbols, no escape sequences, nothing wrapped. What a person has to read or do (the title,
 * the link, the code, warnings, progress) goes to stderr, which a script that captures stdout still
 * shows; stdout carries only the outcome (signed in as whom, the check, the file written), as the other
 * commands print their results there and their warnings on stderr.
 */
export function plainLines(ctx: Pick<CliContext, 'stdout' | 'stderr'>): LineDrawer {
  const line = (out: NodeJS.WritableStream) => (text?: string | string[]) => {
    const lines = Array.isArray(text) ? text.join('\n') : text;
    if (lines) out.write(`${lines}\n`);
  };
  const toUser = line(ctx.stderr);
  const outcome = line(ctx.stdout);
  return {
    intro: toUser,
    outro: outcome,
    cancel: toUser,
    note: (message?: string, title?: string) => {
      toUser(title);
      toUser(message?.trim() ? `  ${message.trim()}` : undefined);
    },
    log: { step: toUser, info: toUser, warn: toUser, error: toUser, success: outcome, message: outcome },
  };
}

/**
 * How a line sign-in draws, chosen once: with clack `p` on a terminal (its frame, text wrapped to the
 * guide, a framed title, the spinner on stdout), or, given null, plain lines (plainLines: text as it is,
 * the spinner's progress on stderr).
 */
export function lineKit(ctx: Pick<CliContext, 'stdout' | 'stderr' | 'env'>, p: Clack | null) {
  if (p === null) {
    return { draw: plainLines(ctx), say: (text: string) => text, title: (text: string) => text, spinner: () => lineSpinner(ctx.stderr, '') };
  }
  return {
    draw: p as LineDrawer,
    say: (text: string) => wrapText(text, guideWidth(ctx.stdout)),
    title: (text: string) => clackTitle(text, ctx.stdout, ctx.env),
    spinner: () => lineSpinner(ctx.stdout),
  };
}
