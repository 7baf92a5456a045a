import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSetupToken, SETUP_TOKEN_LIFETIME } from '../../auth/setup-token.js';
import { loadAgentStatus } from '../../auth/status.js';
import { importPackage } from '../../env/import.js';
import { assertAgentId, DEFAULT_AGENT } from '../../env/paths.js';
import { readStore, updateStore } from '../../store/store.js';
import { agentPaths, durationOption, profileIdFor } from '../common.js';
import { canPrompt, print, printJson, type CliContext } from '../context.js';
import { EXIT, UserError } from '../errors.js';
import { readSecret } from '../secret-input.js';
import { savedLine } from './paste-token.js';
import { saveTokenProfile } from '../../store/profiles.js';

type AuthChoice = 'setup-token' | 'openai-codex' | 'skip';

interface OnboardOptions {
  agent?: string;
  authChoice?: AuthChoice;
  relogin?: string | true;
  browser?: boolean;
  nonInteractive?: boolean;
  tokenStdin?: boolean;
  tokenProfileId?: string;
  tokenExpiresIn?: string;
  json?: boolean;
}

export const SCRIPTED_FORM = [
  'For scripts, the non-interactive form:',
  '  … | openclaw onboard --non-interactive --auth-choice setup-token --token-stdin [--token-profile-id work] [--json]',
  '  openclaw onboard --non-interactive --auth-choice skip [--json]',
].join('\n');

export async function onboardCommand(ctx: CliContext, options: OnboardOptions): Promise<number> {
  if (options.agent !== undefined) assertAgentId(options.agent);
  if (options.nonInteractive) return scriptedOnboard(ctx, options);
  if (!canPrompt(ctx)) {
    ctx.stderr.write(`openclaw onboard is interactive and needs a terminal.\n${SCRIPTED_FORM}\n`);
    return EXIT.usage;
  }
  const { runWizard } = await importPackage<typeof import('../../../flows/onboard/run.js')>(wizardModule());
  return runWizard(
    {
      agent: options.agent ?? null,
      authChoice: options.authChoice ?? null,
      relogin: options.relogin ?? null,
      noBrowser: options.browser === false,
    },
    { env: ctx.env, stdin: ctx.stdin, stdout: ctx.stdout as NodeJS.WriteStream, stderr: ctx.stderr as NodeJS.WriteStream },
  );
}

/** The wizard is its own ES module bundle (Ink and React are ESM); it sits beside the CLI bundle. */
function wizardModule(): string {
  const file = join(__dirname, 'wizard.mjs');
  if (!existsSync(file)) throw new Error(`the wizard bundle is missing (${file}); run npm run build`);
  return pathToFileURL(file).href;
}

async function scriptedOnboard(ctx: CliContext, options: OnboardOptions): Promise<number> {
  const choice = options.authChoice;
  if (!choice) throw new UserError(`--non-interactive needs --auth-choice setup-token or skip.\n${SCRIPTED_FORM}`, EXIT.usage);
  if (choice === 'openai-codex') {
    throw new UserError(
      'The ChatGPT sign-in needs a terminal (a browser link and a paste), so it cannot run with --non-interactive. ' +
        'Run `openclaw onboard` or `openclaw models auth login --provider openai-codex` in a terminal.',
      EXIT.usage,
    );
  }
  if (options.relogin !== undefined) throw new UserError('--relogin needs the interactive wizard; leave out --non-interactive.', EXIT.usage);
  const paths = agentPaths(ctx, options);
  await readStore(paths, { warn: ctx.warn });

  let saved: { profileId: string; expires: number | undefined } | null = null;
  if (choice === 'setup-token') {
    if (!options.tokenStdin) {
      throw new UserError('--auth-choice setup-token with --non-interactive reads the token from stdin: add --token-stdin and pipe it in.', EXIT.usage);
    }
    if (ctx.stdin.isTTY) throw new UserError('--token-stdin reads a piped token, but stdin is a terminal. Pipe the token in.', EXIT.usage);
    const profileId = profileIdFor('anthropic', options.tokenProfileId);
    const lifetime = durationOption('--token-expires-in', options.tokenExpiresIn ?? SETUP_TOKEN_LIFETIME);
    const token = await readSecret(ctx, { message: '', check: checkSetupToken });
    const expires = lifetime === undefined ? undefined : ctx.now() + lifetime;
    await saveTokenProfile(paths, { id: profileId, provider: 'anthropic', token, expires }, { warn: ctx.warn, now: ctx.now });
    saved = { profileId, expires };
  } else {
    // Skip: the agent exists afterwards, with whatever it had.
    await updateStore(paths, () => undefined, { warn: ctx.warn, now: ctx.now });
  }

  const status = await loadAgentStatus(paths, ctx);
  if (options.json) {
    printJson(ctx, { agent: paths.agentId, authChoice: choice, saved: saved ? { ...saved, storeFile: paths.storeFile } : null, status });
  } else {
    if (saved) print(ctx, savedLine(saved.profileId, saved.expires, paths.storeFile, ctx.now()));
    else print(ctx, `Agent ${paths.agentId}: sign-in skipped.`);
    print(ctx, `Check it with: openclaw models status${paths.agentId === DEFAULT_AGENT ? '' : ` --agent ${paths.agentId}`}`);
  }
  return EXIT.ok;
}
