import { callbackPortDeps, loginCodex, type CodexLoginEvents } from '../../auth/sign-in/codex-login.js';
import { loginCodexDevice, realSleep, type DeviceCodeEvents } from '../../auth/sign-in/device-code.js';
import { browserNotice, codexCopy, deviceCopy, codexReturnNotice, signedInLine, SSH_TUNNEL_HINT, type Notice } from '../../auth/sign-in/copy.js';
import { CancelledError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import { clackTitle, guideWidth, wrapText } from '../../base/terminal.js';
import type { AgentPaths } from '../../env/paths.js';
import { openBrowser } from '../../env/browser.js';
import { detectHeadless } from '../../env/headless.js';
import { importPackage } from '../../env/import.js';
import { expiresIn } from '../../model/profile-state.js';
import type { CliContext } from '../context.js';
import { clackSession } from './clack-session.js';
import { reportSignedIn } from './verify-sign-in.js';
import { CODEX_PROVIDER } from '../../auth/credentials/codex-refresh.js';
import { lineSpinner } from './spinner.js';
import { lineKit } from './plain-lines.js';

/** The two ChatGPT sign-ins of `models auth login --provider openai-codex`, as line prompts. */

/** The ChatGPT sign-in as line prompts (clack); the wizard shows the same sign-in in Ink. */
export async function codexLogin(ctx: CliContext, paths: AgentPaths, profileId: string, noBrowser: boolean, verify = true): Promise<number> {
  const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const say = (text: string) => wrapText(text, guideWidth(ctx.stdout));
  const notify = (notice: Notice) => (notice.tone === 'warn' ? p.log.warn : p.log.info)(say(notice.text), io);
  // Not clack's spinner: it puts stdin in raw mode and exits 0 on Ctrl+C (this one leaves SIGINT to us: 130).
  const spinner = lineSpinner(ctx.stdout);

  p.intro(clackTitle(codexCopy.title(profileId), ctx.stdout, ctx.env), io);

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
      if (phase === 'exchanging') spinner.start(codexCopy.phase.exchanging);
      else if (spinner.running) spinner.message(codexCopy.phase.saving);
    },
  };

  return clackSession(
    p,
    io,
    { cancelled: codexCopy.cancelled },
    async (signal) => {
      const result = await loginCodex(
        {
          paths,
          profileId,
          noBrowser,
          signal,
          readPaste: async (check, signal) => {
            const value = await p.text({
              ...io,
              message: codexCopy.pasteLabel.replace(/[:\uff1a]$/, ''),
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
        { env: ctx.env, headless: detectHeadless(ctx.env), openBrowser, ...callbackPortDeps, warn: ctx.warn, now: ctx.now },
      );
      spinner.stop('◆', t('spinner.signedIn'));
      p.log.success(say(signedInLine({ accountId: result.accountId, email: result.email, profileId: result.profileId, expiresIn: expiresIn(result.expires, ctx.now()) })), io);
      return { ...result, code: await reportSignedIn(ctx, p.log, io, paths, { provider: CODEX_PROVIDER, profileId: result.profileId, verify, say }) };
    },
    () => spinner.stop('■', t('spinner.stopped')),
  );
}

/**
 * SPEC 7's device code as line prompts: the code shown prominently, polling under a spinner. It asks
 * nothing, so it runs without a terminal too (a script, CI): then in plain lines, the link, the code and
 * progress on stderr and the outcome on stdout (plainLines).
 */
export async function codexDeviceLogin(ctx: CliContext, paths: AgentPaths, profileId: string, noBrowser: boolean, verify = true): Promise<number> {
  const terminal = Boolean(ctx.stdout.isTTY);
  const kit = lineKit(ctx, terminal ? await importPackage<typeof import('@clack/prompts')>('@clack/prompts') : null);
  const { draw: p, say } = kit;
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const spinner = kit.spinner();
  p.intro(kit.title(deviceCopy.title(profileId)), io);
  const events: DeviceCodeEvents = {
    onCode: ({ userCode, url }) => {
      spinner.clear();
      p.log.step(deviceCopy.openPage, io);
      // Alone on its line, with a blank line around it on a terminal: it copies whole.
      (terminal ? ctx.stdout : ctx.stderr).write(terminal ? `\n${url}\n\n` : `${url}\n`);
      p.note(`   ${userCode}   `, deviceCopy.enterCode, io);
      p.log.warn(say(`${deviceCopy.expires} ${deviceCopy.neverShare}`), io);
    },
    onBrowser: (launch) => {
      if (launch.kind === 'opened') spinner.message(`${deviceCopy.waiting} ${deviceCopy.opened(launch.via)}`);
    },
    onPhase: (phase) => {
      if (phase === 'waiting') spinner.start(`${deviceCopy.waiting} (${deviceCopy.cancelHint})`);
      else spinner.message(phase === 'exchanging' ? deviceCopy.exchanging : deviceCopy.saving);
    },
  };
  return clackSession(
    p,
    io,
    { cancelled: codexCopy.cancelled },
    async (signal) => {
      const deps = { env: ctx.env, warn: ctx.warn, now: ctx.now, sleep: realSleep, headless: detectHeadless(ctx.env), openBrowser };
      spinner.start(t('device.asking'));
      const result = await loginCodexDevice({ paths, profileId, signal, noBrowser }, events, deps);
      spinner.stop('◆', t('spinner.approved'));
      p.log.success(say(signedInLine({ accountId: result.accountId, email: result.email, profileId, expiresIn: expiresIn(result.expires, ctx.now()) })), io);
      return { ...result, code: await reportSignedIn(ctx, p.log, io, paths, { provider: CODEX_PROVIDER, profileId, verify, say }) };
    },
    () => spinner.stop('■', t('spinner.stopped')),
  );
}
