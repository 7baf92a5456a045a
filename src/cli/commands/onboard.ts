import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSetupToken, SETUP_TOKEN_LIFETIME } from '../../auth/setup-token.js';
import { loadAgentStatus } from '../../auth/status.js';
import { EXIT, UserError } from '../../base/errors.js';
import { echoed } from '../../base/redact.js';
import { detectHeadless } from '../../env/headless.js';
import { importPackage } from '../../env/import.js';
import { assertAgentId } from '../../env/paths.js';
import { suggest } from '../../model/commands.js';
import { profileIdProblem } from '../../model/schema.js';
import { agentExists } from '../../store/agents.js';
import { saveTokenProfile } from '../../store/profiles.js';
import { readStore, updateStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { canPrompt, print, printJson, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { durationOption, profileIdFor } from '../shared/options.js';
import { readSecret } from '../shared/secret-input.js';
import { savedLine } from '../shared/sign-in.js';

/** setup-token, openai-codex, openai-codex-device-code, skip, or <provider>:<method> (checked by the wizard against the registry). */
type AuthChoice = string;

interface OnboardOptions extends AgentOption {
  authChoice?: AuthChoice;
  relogin?: string | true;
  browser?: boolean;
  nonInteractive?: boolean;
  tokenStdin?: boolean;
  tokenProfileId?: string;
  tokenExpiresIn?: string;
  json?: boolean;
}

const SCRIPTED_FORM = [
  'For scripts, the non-interactive form:',
  '  … | openclaw onboard --non-interactive --auth-choice setup-token --token-stdin [--token-profile-id work] [--json]',
  '  openclaw onboard --non-interactive --auth-choice skip [--json]',
].join('\n');

export const onboardCommand = defineCommand<OnboardOptions>({
  path: 'onboard',
  about: 'set up OpenClaw: choose an agent, sign in, see the status',
  flags: [
    new Option('--auth-choice <choice>', 'skip the auth choice screen: setup-token, openai-codex, openai-codex-device-code, skip, or <provider>:<method> of any registered method (see models auth providers)'),
    new Option('--relogin [profileId]', 'go straight to signing in again for a profile'),
    flag.noBrowser(),
    new Option('--non-interactive', 'no prompts: needs --auth-choice setup-token|skip'),
    new Option('--token-stdin', 'with --non-interactive: read the setup-token from stdin'),
    new Option('--token-profile-id <id>', 'with --non-interactive: profile id for the token'),
    new Option('--token-expires-in <duration>', 'with --non-interactive: token lifetime, e.g. 365d'),
    flag.json('with --non-interactive: print the result as JSON'),
  ],
  run: (ctx, options) => {
    if (typeof options.relogin === 'string') {
      // Checked here, before the wizard quotes it back: a token pasted into the wrong place must not be shown.
      const problem = profileIdProblem(options.relogin);
      if (problem) throw new UserError(`Invalid --relogin: ${problem}.`, EXIT.usage);
    }
    return options.nonInteractive ? scriptedOnboard(ctx, options) : wizard(ctx, options);
  },
});

async function wizard(ctx: CliContext, options: OnboardOptions): Promise<number> {
  const agent = options.agent === undefined ? null : assertAgentId(options.agent);
  if (!canPrompt(ctx)) {
    ctx.stderr.write(`openclaw onboard is interactive and needs a terminal.\n${SCRIPTED_FORM}\n`);
    return EXIT.usage;
  }
  // SPEC 2: `onboard --agent <new id>` offers to create it; a re-login needs an agent that exists.
  const newAgent = agent !== null && !(await agentExists(ctx.env, agent));
  if (newAgent && options.relogin !== undefined) await resolveAgent(ctx, options);
  const { runWizard } = await importPackage<typeof import('../../../flows/onboard/run.js')>(wizardModule());
  return runWizard(
    {
      agent,
      newAgent,
      authChoice: options.authChoice ?? null,
      relogin: options.relogin ?? null,
      noBrowser: options.browser === false,
      headless: options.browser === false || detectHeadless(ctx.env).headless,
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
  if (choice === 'openai-codex' || choice === 'openai-codex-device-code') {
    throw new UserError(
      'The ChatGPT sign-in needs a terminal (a browser link and a paste), so it cannot run with --non-interactive. ' +
        'Run `openclaw onboard` or `openclaw models auth login --provider openai-codex` in a terminal.',
      EXIT.usage,
    );
  }
  if (choice !== 'setup-token' && choice !== 'skip') {
    const provider = choice.includes(':') ? choice.slice(0, choice.indexOf(':')) : choice;
    throw new UserError(
      `--non-interactive takes --auth-choice setup-token or skip. For ${echoed(choice)}, pipe the key to ` +
        `openclaw models auth login --provider ${echoed(provider, 64, { quote: false })}, or run openclaw onboard in a terminal.`,
      EXIT.usage,
    );
  }
  if (options.relogin !== undefined) throw new UserError('--relogin needs the interactive wizard; leave out --non-interactive.', EXIT.usage);
  if (choice === 'setup-token' && !options.tokenStdin) {
    throw new UserError('--auth-choice setup-token with --non-interactive reads the token from stdin: add --token-stdin and pipe it in.', EXIT.usage);
  }
  const profileId = profileIdFor('anthropic', options.tokenProfileId);
  const lifetime = durationOption('--token-expires-in', options.tokenExpiresIn ?? SETUP_TOKEN_LIFETIME);
  const paths = await resolveAgent(ctx, options);
  await readStore(paths, { warn: ctx.warn });

  let saved: { profileId: string; expires: number | undefined } | null = null;
  if (choice === 'setup-token') {
    if (ctx.stdin.isTTY) throw new UserError('--token-stdin reads a piped token, but stdin is a terminal. Pipe the token in.', EXIT.usage);
    const token = await readSecret(ctx, { message: '', check: checkSetupToken });
    const expires = lifetime === undefined ? undefined : ctx.now() + lifetime;
    await saveTokenProfile(paths, { id: profileId, provider: 'anthropic', token, expires }, { warn: ctx.warn, now: ctx.now });
    if (!options.json) print(ctx, savedLine(profileId, expires, paths.storeFile, ctx.now()));
    saved = { profileId, expires };
  } else {
    // Skip: the agent exists afterwards, with whatever it had.
    await updateStore(paths, () => undefined, { warn: ctx.warn, now: ctx.now });
    if (!options.json) print(ctx, `Agent ${paths.agentId}: sign-in skipped.`);
  }

  if (options.json) {
    const status = await loadAgentStatus(paths, ctx);
    printJson(ctx, { agent: paths.agentId, authChoice: choice, saved: saved ? { ...saved, storeFile: paths.storeFile } : null, status });
  } else {
    print(ctx, `Check it with: ${suggest('models status', { agent: paths.agentId })}`);
  }
  return EXIT.ok;
}
