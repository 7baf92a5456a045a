import { t } from '../../base/i18n/index.js';
import type { CliContext } from '../context.js';
import { canPrompt } from '../context.js';
import { CancelledError, EXIT, UserError } from '../../base/errors.js';
import type { TokenCheck } from '../../auth/sign-in/setup-token.js';
import { importPackage } from '../../env/import.js';

/** A paste larger than this is refused without reading further. */
const STDIN_LIMIT = 256 * 1024;

async function readPipedStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > STDIN_LIMIT) {
      throw new UserError(t('secret.stdinTooLarge', { kb: STDIN_LIMIT / 1024 }));
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** As many bullets as the wizard draws at most: a long paste is not drawn past the prompt's line. */
const MAX_BULLETS = 24;

/**
 * clack draws its mask as `value.replaceAll(/./g, mask)`; given a function, that is called for each
 * character: a bullet for the first 24, nothing after, and the length (as the wizard says it) after the
 * last, so that a 108-character token is "••••… (108 characters)" on one line instead of 108 bullets.
 */
function cappedMask(_char: string, at: number, value: string): string {
  const bullet = at < MAX_BULLETS ? '•' : '';
  return at === value.length - 1 && value.length > MAX_BULLETS ? `${bullet}  ${t('masked.length', { n: value.length })}` : bullet;
}

/**
 * A secret from stdin when it is piped, else from a masked prompt that asks again until `check` passes.
 * Never from argv. `command` is the command to pipe the secret into instead, named when stdin is a
 * terminal but stdout is not (`… | cat`): the prompt is drawn on stdout.
 */
export async function readSecret(
  ctx: CliContext,
  prompt: { message: string; check: (raw: string) => TokenCheck; command: string },
): Promise<string> {
  if (!ctx.stdin.isTTY) {
    const result = prompt.check(await readPipedStdin(ctx.stdin));
    if (!result.ok) throw new UserError(result.problem);
    return result.token;
  }
  // stdin is a terminal here: what is missing is a terminal on stdout.
  if (!canPrompt(ctx)) throw new UserError(t('secret.outputPiped', { command: prompt.command }), EXIT.usage);
  const { password, isCancel } = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  let last: TokenCheck | null = null;
  const value = await password({
    message: prompt.message,
    mask: cappedMask as unknown as string,
    input: ctx.stdin,
    output: ctx.stdout as NodeJS.WriteStream,
    validate: (raw) => {
      last = prompt.check(raw ?? '');
      return last.ok ? undefined : last.problem;
    },
  });
  if (isCancel(value)) throw new CancelledError();
  const result = prompt.check(value);
  if (!result.ok) throw new UserError(result.problem);
  return result.token;
}
