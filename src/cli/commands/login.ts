import { Option } from 'commander';
import { loginCodex, type CodexLoginEvents } from '../../auth/codex-login.js';
import { loginCodexDevice, realSleep } from '../../auth/device-code.js';
import { browserNotice, codexCopy, deviceCopy, codexReturnNotice, signedInLine, SSH_TUNNEL_HINT, type Notice } from '../../auth/copy.js';
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
import { flag } from '../shared/flags.js';
import { canPrompt, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { profileIdFor } from '../shared/options.js';
import { setupTokenSignIn } from '../shared/sign-in.js';
import { lineSpinner } from '../shared/spinner.js';

interface LoginOptions extends AgentOption {
  provider: 'openai-codex' | 'anthropic';
  profileId?: string;
  browser?: boolean;
  deviceCode?: boolean;
}

export const loginCommand = defineCommand<LoginOptions>({
  path: 'models auth login',
  about: 'sign in to a provider (openai-codex: ChatGPT in the browser; anthropic: setup-token)',
  flags: [
    flag.providerOf(['openai-codex', 'anthropic']),
    flag.profileId(),
    flag.noBrowser(),
    new Option('--device-code', 'openai-codex: sign in with a code approved on any device (nothing to paste back)'),
  ],
  async run(ctx, options) {
    const profileId = profileIdFor(options.provider, options.profileId);
    if (options.deviceCode && options.provider !== 'openai-codex') {
      throw new UserError('--device-code is a sign-in of openai-codex; anthropic signs in with a setup-token.', EXIT.usage);
    }
    const paths = await resolveAgent(ctx, options);
    // A broken store fails before the sign-in starts.
    await readStore(paths, { warn: ctx.warn });
    if (options.provider === 'anthropic') {
      await setupTokenSignIn(ctx, paths, { profileId, lifetimeMs: SETUP_TOKEN_LIFETIME_MS });
      return EXIT.ok;
    }
    if (options.deviceCode) return codexDeviceLogin(ctx, paths, profileId, options.browser === false);
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
    p.log.success(say(signedInLine({ accountId: result.accountId, email: result.email, profileId: result.profileId, expiresIn: expiresIn(result.expires, ctx.now()) })), io);
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

/** SPEC 7's device code as line prompts: the code shown prominently, polling under a spinner. */
async function codexDeviceLogin(ctx: CliContext, paths: AgentPaths, profileId: string, noBrowser: boolean): Promise<number> {
  const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const say = (text: string) => wrapText(text, guideWidth(ctx.stdout));
  const cancel = new AbortController();
  const onSigint = () => cancel.abort(new CancelledError());
  process.on('SIGINT', onSigint);
  const spinner = lineSpinner(ctx.stdout);
  let spinning = false;
  const headless = detectHeadless(ctx.env);
  p.intro(deviceCopy.title(profileId), io);
  try {
    const result = await loginCodexDevice(
      { paths, profileId, signal: cancel.signal },
      {
        onCode: ({ userCode, url }) => {
          p.log.step(deviceCopy.openPage, io);
          ctx.stdout.write(`\n${url}\n\n`);
          p.note(`   ${userCode}   `, deviceCopy.enterCode, io);
          p.log.warn(say(`${deviceCopy.expires} ${deviceCopy.neverShare}`), io);
          if (!noBrowser && !headless.headless) {
            void openBrowser(url, ctx.env).then((launch) => {
              if (launch.kind === 'opened') spinner.message(`${deviceCopy.waiting} ${deviceCopy.opened(launch.via)}`);
            });
          }
        },
        onPhase: (phase) => {
          if (phase === 'waiting') {
            spinner.start(`${deviceCopy.waiting} (${deviceCopy.cancelHint})`);
            spinning = true;
          } else spinner.message(phase === 'exchanging' ? deviceCopy.exchanging : deviceCopy.saving);
        },
      },
      { env: ctx.env, warn: ctx.warn, now: ctx.now, sleep: realSleep },
    );
    if (spinning) spinner.stop('◆', 'Approved');
    spinning = false;
    const line = signedInLine({ accountId: result.accountId, email: result.email, profileId, expiresIn: expiresIn(result.expires, ctx.now()) });
    p.log.success(say(line), io);
    p.outro(`Saved to ${result.storeFile}`, io);
    return EXIT.ok;
  } catch (error) {
    if (spinning) spinner.stop('■', 'Stopped');
    if (error instanceof CancelledError) {
      p.cancel(codexCopy.cancelled, io);
      return EXIT.cancelled;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
