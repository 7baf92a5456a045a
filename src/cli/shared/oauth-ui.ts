import { oauthBrowserNotice, oauthCopy } from '../../auth/providers/copy.js';
import { signInWithOAuth, type OAuthUi } from '../../auth/providers/oauth-sign-in.js';
import type { OAuthMethod, ProviderDef } from '../../auth/providers/types.js';
import { CancelledError, EXIT, UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import { openBrowser } from '../../env/browser.js';
import { detectHeadless } from '../../env/headless.js';
import { importPackage } from '../../env/import.js';
import type { AgentPaths } from '../../env/paths.js';
import { canPrompt, type CliContext } from '../context.js';
import { clackSession } from './clack-session.js';
import { reportSignedIn } from './verify-sign-in.js';
import { noTerminalFix } from './no-terminal.js';
import { lineKit } from './plain-lines.js';

/** An OAuth method's sign-in (GitHub Copilot's, a plugin's) as line prompts (clack). */

type Clack = typeof import('@clack/prompts');

/**
 * The OAuthUi of the line commands: the link bare on its own line, clack fields, a spinner for progress.
 * `plain` (stdout is no terminal, a method that asks nothing): plain lines instead of clack's frame, the
 * link and progress on stderr (plainLines).
 */
export function clackOAuthUi(ctx: CliContext, p: Clack, plain = false): OAuthUi & { stop(ok: boolean): void } {
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const kit = lineKit(ctx, plain ? null : p);
  const { draw, say } = kit;
  const spinner = kit.spinner();
  // After the link, a spinner says what is going on, unless a question follows at once.
  let waiting: NodeJS.Timeout | undefined;
  const pause = () => {
    clearTimeout(waiting);
    spinner.stop('◇', spinner.text);
  };
  const progress = (message: string) => {
    clearTimeout(waiting);
    if (spinner.running) spinner.message(message);
    else spinner.start(message);
  };
  const answer = (value: string | symbol | undefined, signal: AbortSignal): string => {
    if (typeof value !== 'string') {
      if (p.isCancel(value)) throw signal.aborted ? signal.reason : new CancelledError(oauthCopy.cancelled);
      return '';
    }
    return value;
  };
  return {
    onAuth({ url, instructions }) {
      pause();
      draw.log.step(oauthCopy.openLink, io);
      // Printed bare, on its own line: the terminal wraps it and it copies whole.
      if (plain) ctx.stderr.write(`${url}\n`);
      else ctx.stdout.write(`\n${url}\n\n`);
      if (instructions) draw.log.info(say(instructions), io);
      waiting = setTimeout(() => progress(oauthCopy.waiting), 2000);
    },
    onBrowser(launch) {
      pause();
      const notice = oauthBrowserNotice(launch);
      (notice.tone === 'warn' ? draw.log.warn : draw.log.info)(say(notice.text), io);
      waiting = setTimeout(() => progress(oauthCopy.waiting), 2000);
    },
    async prompt(question, signal) {
      pause();
      const value = await p.text({
        ...io,
        message: question.message,
        ...(question.placeholder ? { placeholder: question.placeholder } : {}),
        signal,
        validate: question.allowEmpty ? undefined : (raw) => ((raw ?? '').trim() === '' ? oauthCopy.answerNeeded : undefined),
      });
      return answer(value, signal);
    },
    progress,
    async select(question, signal) {
      pause();
      const value = await p.select({ ...io, message: question.message, options: question.options.map((o) => ({ value: o.id, label: o.label })), signal });
      return answer(value, signal);
    },
    async manualCode(signal) {
      pause();
      const value = await p.text({ ...io, message: oauthCopy.manualCode, signal, validate: (raw) => ((raw ?? '').trim() === '' ? oauthCopy.answerNeeded : undefined) });
      return answer(value, signal);
    },
    stop(ok) {
      clearTimeout(waiting);
      spinner.stop(ok ? '◇' : '■', ok ? spinner.text : t('spinner.stopped'));
    },
  };
}

/** `models auth login` with an OAuth method (GitHub Copilot, a plugin's): Ctrl+C aborts, exit 130, nothing written. */
export async function oauthLogin(
  ctx: CliContext,
  paths: AgentPaths,
  target: { provider: ProviderDef; method: OAuthMethod; profileId: string; noBrowser: boolean; verify?: boolean },
): Promise<number> {
  // A method that asks nothing (prompts: false) runs without a terminal, as the built-in device code does.
  const terminal = canPrompt(ctx);
  if (!terminal && target.method.prompts !== false) throw new UserError(oauthCopy.needsTerminal(target.provider.label, noTerminalFix(ctx)), EXIT.usage);
  const p = await importPackage<Clack>('@clack/prompts');
  const plain = !ctx.stdout.isTTY;
  const kit = lineKit(ctx, plain ? null : p);
  const { draw } = kit;
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const refused: { error?: UserError } = {};
  const ui = terminal ? clackOAuthUi(ctx, p) : withoutAnswers(clackOAuthUi(ctx, p, plain), oauthCopy.promptWithoutTerminal(target.provider.label, noTerminalFix(ctx)), refused);
  const title = oauthCopy.title(target.provider.label, target.method.label, target.profileId);
  draw.intro(kit.title(title), io);
  const request = { paths, provider: target.provider.id, providerLabel: target.provider.label, method: target.method, profileId: target.profileId, noBrowser: target.noBrowser };
  return clackSession(
    draw,
    io,
    { cancelled: oauthCopy.cancelled },
    async (signal) => {
      const result = await signInWithOAuth({ ...request, signal }, ui, { env: ctx.env, warn: ctx.warn, now: ctx.now, headless: detectHeadless(ctx.env), openBrowser }).catch((error: unknown) => {
        // Whatever the method made of the refused question, that is what went wrong.
        throw refused.error ?? error;
      });
      ui.stop(true);
      draw.log.success(oauthCopy.signedIn(result.account, result.profileId), io);
      return { ...result, code: await reportSignedIn(ctx, draw.log, io, paths, { provider: target.provider.id, profileId: result.profileId, verify: target.verify ?? true, say: kit.say }) };
    },
    () => ui.stop(false),
  );
}

/**
 * The UI of a method that said it asks nothing, run without a terminal: a question fails (exit 2, saying
 * so); a paste that would race a callback server is simply never given, so the callback alone decides.
 */
function withoutAnswers<T extends OAuthUi>(ui: T, why: string, refused: { error?: UserError }): T {
  const refuse = () => Promise.reject((refused.error = new UserError(why, EXIT.usage)));
  return {
    ...ui,
    prompt: refuse,
    select: refuse,
    manualCode: (signal: AbortSignal) => new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
  };
}
