import { SETUP_TOKEN_LIFETIME } from '../../auth/setup-token.js';
import { loginCodex, SSH_TUNNEL_HINT, CODEX_PROVIDER, type CodexLoginEvents } from '../../auth/codex-login.js';
import { expiresIn } from '../../auth/profile-state.js';
import { openBrowser } from '../../env/browser.js';
import { detectHeadless } from '../../env/headless.js';
import { importPackage } from '../../env/import.js';
import { portIsFree } from '../../env/port.js';
import { readStore } from '../../store/store.js';
import { agentPaths, profileIdFor, type AgentOption } from '../common.js';
import { canPrompt, type CliContext } from '../context.js';
import { CancelledError, EXIT, UserError } from '../errors.js';
import { colorEnabled, guideWidth, paint, wrapText } from '../style.js';
import { setupTokenCommand } from './setup-token.js';

interface LoginOptions extends AgentOption {
  provider: 'openai-codex' | 'anthropic';
  profileId?: string;
  browser?: boolean;
}

export async function loginCommand(ctx: CliContext, options: LoginOptions): Promise<number> {
  if (options.provider === 'anthropic') {
    return setupTokenCommand(ctx, { agent: options.agent, profileId: options.profileId, provider: 'anthropic', expiresIn: SETUP_TOKEN_LIFETIME });
  }
  return codexLogin(ctx, options);
}

async function codexLogin(ctx: CliContext, options: LoginOptions): Promise<number> {
  const paths = agentPaths(ctx, options);
  const profileId = profileIdFor(CODEX_PROVIDER, options.profileId);
  if (!canPrompt(ctx)) {
    throw new UserError(
      'Signing in to OpenAI Codex needs a terminal, to show the link and take the pasted address. ' +
        'Run it in a terminal (over SSH, `ssh -t`).',
      EXIT.usage,
    );
  }
  await readStore(paths, { warn: ctx.warn }); // a broken store fails before the sign-in starts
  const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  const c = paint(colorEnabled(ctx.env, ctx.stdout));
  const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
  const say = (text: string) => wrapText(text, guideWidth(ctx.stdout));
  const spinner = p.spinner({ ...io });
  let spinning = false;

  const cancel = new AbortController();
  const onSigint = () => cancel.abort(new CancelledError());
  process.on('SIGINT', onSigint);
  p.intro(`Sign in to OpenAI Codex ${c.muted(`(profile ${profileId})`)}`, io);

  const events: CodexLoginEvents = {
    onAuthUrl: ({ url, headless, portBusy, noBrowser }) => {
      p.log.step('Open this link to sign in:', io);
      // Printed bare, on its own line: the terminal wraps it and it copies whole.
      ctx.stdout.write(`\n${url}\n\n`);
      if (portBusy) {
        p.log.warn(
          say('Port 1455 is in use (is another sign-in running?), so the browser cannot hand the sign-in back here. ' +
            'After signing in, copy the address the browser lands on and paste it below.'),
          io,
        );
      } else if (headless.headless || noBrowser) {
        const why = noBrowser ? 'No browser will be opened (--no-browser).' : `No browser will be opened here: ${headless.reason}.`;
        p.log.info(
          say(`${why}\nOpen the link in the browser on your own computer. After signing in it lands on a page that ` +
            `does not load (http://localhost:1455/…): copy that address and paste it below.\n` +
            `Or forward the port first, and the sign-in completes by itself:\n  ${SSH_TUNNEL_HINT}`),
          io,
        );
      }
    },
    onBrowser: (launch) => {
      if (launch.kind === 'opened') p.log.info(say(`Opened in ${launch.via}. Finish signing in there, or paste the address it lands on below.`), io);
      else if (launch.kind === 'failed') p.log.warn(say(`Could not open a browser (${launch.detail.slice(0, 120)}). Open the link above yourself.`), io);
      else p.log.info('BROWSER=none: open the link above yourself.', io);
    },
    onPasteRejected: (problem) => p.log.error(say(problem), io),
    onPhase: (phase) => {
      if (phase === 'exchanging') {
        spinner.start('Exchanging the code for tokens');
        spinning = true;
      } else if (spinning) spinner.message('Saving credentials');
    },
  };

  try {
    const result = await loginCodex(
      {
        paths,
        profileId,
        noBrowser: options.browser === false,
        signal: cancel.signal,
        readPaste: async (check, signal) => {
          const value = await p.text({
            ...io,
            message: 'Paste the address the browser landed on',
            placeholder: 'http://localhost:1455/auth/callback?code=…',
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
      {
        env: ctx.env,
        headless: detectHeadless(ctx.env),
        openBrowser,
        portIsFree,
        warn: ctx.warn,
        now: ctx.now,
      },
    );
    if (spinning) spinner.stop('Signed in');
    p.log.success(
      say(`Signed in as ChatGPT account ${result.accountId} (${result.profileId}). The access token expires ${expiresIn(result.expires, ctx.now())} and refreshes by itself.`),
      io,
    );
    p.outro(`Saved to ${result.storeFile}`, io);
    return EXIT.ok;
  } catch (error) {
    if (spinning) spinner.error('Stopped');
    if (error instanceof CancelledError) {
      p.cancel('Sign-in cancelled; nothing was saved.', io);
      return EXIT.cancelled;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
