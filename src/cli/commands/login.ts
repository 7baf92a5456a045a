import { Option } from 'commander';
import { loginCodex, type CodexLoginEvents } from '../../auth/codex-login.js';
import { browserNotice, codexCopy, codexReturnNotice, SSH_TUNNEL_HINT, type Notice } from '../../auth/copy.js';
import { SETUP_TOKEN_LIFETIME_MS } from '../../auth/setup-token.js';
import { CancelledError, EXIT, UserError } from '../../base/errors.js';
import { guideWidth, wrapText } from '../../base/terminal.js';
import type { AgentPaths } from '../../env/paths.js';
import { openBrowser } from '../../env/browser.js';
import { detectHeadless } from '../../env/headless.js';
import { importPackage } from '../../env/import.js';
import { portIsFree } from '../../env/port.js';
import { expiresIn } from '../../model/profile-state.js';
import { readStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { canPrompt, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { profileIdFor } from '../shared/options.js';
import { setupTokenSignIn } from '../shared/sign-in.js';

interface LoginOptions extends AgentOption {
  provider: 'openai-codex' | 'anthropic';
  profileId?: string;
  browser?: boolean;
}

export const loginCommand = defineCommand<LoginOptions>({
  parent: ['models', 'auth'],
  name: 'login',
  define: (command) =>
    command
      .description('sign in to a provider (openai-codex: ChatGPT in the browser; anthropic: setup-token)')
      .addOption(new Option('--provider <provider>', 'provider').choices(['openai-codex', 'anthropic']).makeOptionMandatory())
      .option('--profile-id <id>', 'profile id or name (default: <provider>:default)')
      .option('--no-browser', 'do not open a browser; paste the redirect address instead'),
  async run(ctx, options) {
    const profileId = profileIdFor(options.provider, options.profileId);
    const paths = await resolveAgent(ctx, options);
    // A broken store fails before the sign-in starts.
    await readStore(paths, { warn: ctx.warn });
    if (options.provider === 'anthropic') {
      await setupTokenSignIn(ctx, paths, { profileId, lifetimeMs: SETUP_TOKEN_LIFETIME_MS });
      return EXIT.ok;
    }
    if (!canPrompt(ctx)) throw new UserError(codexCopy.needsTerminal, EXIT.usage);
    return codexLogin(ctx, paths, profileId, options.browser === false);
  },
});

/** The ChatGPT sign-in as line prompts (clack); the wizard shows the same sign-in in Ink. */
async function codexLogin(ctx: CliContext, paths: AgentPaths, profileId: string, noBrowser: boolean): Promise<number> {
  const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const say = (text: string) => wrapText(text, guideWidth(ctx.stdout));
  const notify = (notice: Notice) => (notice.tone === 'warn' ? p.log.warn : p.log.info)(say(notice.text), io);
  const spinner = p.spinner({ ...io });
  let spinning = false;

  const cancel = new AbortController();
  const onSigint = () => cancel.abort(new CancelledError());
  process.on('SIGINT', onSigint);
  p.intro(codexCopy.title(profileId), io);

  const events: CodexLoginEvents = {
    onAuthUrl: (info) => {
      p.log.step(codexCopy.openLink, io);
      // Printed bare, on its own line: the terminal wraps it and it copies whole.
      ctx.stdout.write(`\n${info.url}\n\n`);
      const notice = codexReturnNotice(info);
      if (notice) notify(notice);
      if (notice && !info.portBusy) p.log.info(`${say(codexCopy.tunnel)}\n  ${SSH_TUNNEL_HINT}`, io);
    },
    onBrowser: (launch) => notify(browserNotice(launch)),
    onPasteRejected: (problem) => p.log.error(say(problem), io),
    onPhase: (phase) => {
      if (phase === 'exchanging') {
        spinner.start(codexCopy.phase.exchanging);
        spinning = true;
      } else if (spinning) spinner.message(codexCopy.phase.saving);
    },
  };

  try {
    const result = await loginCodex(
      {
        paths,
        profileId,
        noBrowser,
        signal: cancel.signal,
        readPaste: async (check, signal) => {
          const value = await p.text({
            ...io,
            message: codexCopy.pasteLabel.replace(/:$/, ''),
            placeholder: codexCopy.pastePlaceholder,
            signal,
            validate: (raw) => {
              const result = check(raw ?? '');
              return result.ok ? undefined : result.problem;
            },
          });
          if (p.isCancel(value)) throw signal.aborted ? signal.reason : new CancelledError();
          return value;
        },
      },
      events,
      { env: ctx.env, headless: detectHeadless(ctx.env), openBrowser, portIsFree, warn: ctx.warn, now: ctx.now },
    );
    if (spinning) spinner.stop('Signed in');
    p.log.success(say(codexCopy.signedIn({ accountId: result.accountId, email: result.email, profileId: result.profileId, expiresIn: expiresIn(result.expires, ctx.now()) })), io);
    p.outro(`Saved to ${result.storeFile}`, io);
    return EXIT.ok;
  } catch (error) {
    if (spinning) spinner.error('Stopped');
    if (error instanceof CancelledError) {
      p.cancel(codexCopy.cancelled, io);
      return EXIT.cancelled;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
