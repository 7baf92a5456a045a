// What `openclaw onboard` does (src/cli/commands/onboard.ts declares it, and loads this when it runs).
import { t } from '../../base/i18n/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkSetupToken, SETUP_TOKEN_LIFETIME } from '../../auth/sign-in/setup-token.js';
import { loadAgentStatus } from '../../auth/routing/status.js';
import { findProvider, loadRegistry, methodSummaries } from '../../auth/providers/registry.js';
import type { Registry } from '../../auth/providers/types.js';
import { authChoices } from '../../auth/providers/choices.js';
import { didYouMean } from '../../auth/providers/unknown.js';
import { EXIT, UserError } from '../../base/errors.js';
import { echoed } from '../../base/redact.js';
import { detectHeadless } from '../../env/headless.js';
import { assertAgentId, DEFAULT_AGENT, resolveAgentPaths } from '../../env/paths.js';
import { apiKeyCommand, suggest } from '../../model/commands.js';
import { providerOf } from '../../model/schema.js';
import { agentExists, agentPathsOf } from '../../store/agents.js';
import { assertOwnPaths } from '../../store/ownership.js';
import { readStore, updateStore } from '../../store/store.js';
import { canPrompt, print, printJson, type CliContext } from '../context.js';
import { resolveAgent } from '../shared/agent.js';
import { durationOption, profileIdFor } from '../shared/options.js';
import { noTerminalFix } from '../shared/no-terminal.js';
import { readSecret } from '../shared/secret-input.js';
import { storeToken } from '../shared/sign-in.js';
import { checkedJson } from '../shared/verify-sign-in.js';
import type { OnboardOptions } from './onboard.js';

export async function wizard(ctx: CliContext, options: OnboardOptions): Promise<number> {
  const agent = options.agent === undefined ? null : assertAgentId(options.agent);
  // SPEC 2 before anything is read (the config names plugin code to run): the state dir and the agent's
  // folders and files must be ours. An agent that does not exist yet has nothing to check but the state dir.
  await assertOwnPaths(agentPathsOf(ctx.env, agent ?? DEFAULT_AGENT), ctx.warn);
  // A choice that names no sign-in is a usage error before any screen (the wizard would ask for the agent first).
  if (options.authChoice !== undefined && !FIXED_CHOICES.includes(options.authChoice)) {
    // The wizard loads the registry again and reports a plugin that failed to load itself: said here only
    // when the choice is refused (it may be why).
    const warnings: string[] = [];
    const registry = await loadRegistry(resolveAgentPaths(ctx.env), { warn: (line) => warnings.push(line) });
    if (!choicesOf(registry).includes(options.authChoice)) {
      for (const line of warnings) ctx.warn(line);
      throw unknownChoice(options.authChoice, registry);
    }
  }
  if (!canPrompt(ctx)) {
    ctx.stderr.write(`${t('onboard.needsTerminal', { fix: noTerminalFix(ctx) })}\n${t('onboard.scripted')}\n`);
    return EXIT.usage;
  }
  // SPEC 2: `onboard --agent <new id>` offers to create it; a re-login needs an agent that exists.
  const newAgent = agent !== null && !(await agentExists(ctx.env, agent, ctx.warn));
  if (newAgent && options.relogin !== undefined) await resolveAgent(ctx, options);
  const { runWizard } = loadWizard();
  return runWizard(
    {
      agent,
      newAgent,
      authChoice: options.authChoice ?? null,
      relogin: options.relogin ?? null,
      noBrowser: options.browser === false,
      headless: options.browser === false || detectHeadless(ctx.env).headless,
      verify: options.verify !== false,
    },
    { env: ctx.env, stdin: ctx.stdin, stdout: ctx.stdout as NodeJS.WriteStream, stderr: ctx.stderr as NodeJS.WriteStream },
  );
}

/**
 * The wizard is a bundle of its own beside the CLI's (dist/wizard.cjs), run by the launcher with its own code
 * cache (src/launcher/openclaw.cjs, loadBundle).
 */
function loadWizard(): typeof import('../../../flows/onboard/run.js') {
  const load = (globalThis as { [LOAD_BUNDLE]?: (name: string) => unknown })[LOAD_BUNDLE];
  if (!load) throw new Error('the wizard runs from the built CLI (dist/openclaw.cjs); run npm run build');
  if (!existsSync(join(__dirname, 'wizard.cjs'))) throw new Error(`the wizard bundle is missing (${join(__dirname, 'wizard.cjs')}); run npm run build`);
  return load('wizard') as typeof import('../../../flows/onboard/run.js');
}

const LOAD_BUNDLE = Symbol.for('openclaw.loadBundle');

export async function scriptedOnboard(ctx: CliContext, options: OnboardOptions): Promise<number> {
  const choice = options.authChoice;
  if (!choice) throw new UserError(`${t('onboard.needsChoice')}\n${t('onboard.scripted')}`, EXIT.usage);
  if (choice === 'openai-codex' || choice === 'openai-codex-device-code') {
    throw new UserError(t('onboard.codexScripted'), EXIT.usage);
  }
  if (choice !== 'setup-token' && choice !== 'skip') throw await notScripted(ctx, choice);
  if (options.relogin !== undefined) throw new UserError(t('onboard.reloginScripted'), EXIT.usage);
  if (choice === 'setup-token' && !options.tokenStdin) {
    throw new UserError(t('onboard.needsStdin'), EXIT.usage);
  }
  const profileId = profileIdFor('anthropic', options.tokenProfileId, { flag: '--token-profile-id' });
  const lifetime = durationOption('--token-expires-in', options.tokenExpiresIn ?? SETUP_TOKEN_LIFETIME);
  const paths = await resolveAgent(ctx, options);
  await readStore(paths, { warn: ctx.warn });

  let saved: { profileId: string; expires: number | undefined; checked: ReturnType<typeof checkedJson> } | null = null;
  if (choice === 'setup-token') {
    if (ctx.stdin.isTTY) throw new UserError(t('onboard.stdinIsTty'), EXIT.usage);
    const again = suggest('onboard --non-interactive --auth-choice setup-token --token-stdin', { agent: paths.agentId });
    const keyCommand = apiKeyCommand('anthropic', { agent: paths.agentId, profileId });
    const token = await readSecret(ctx, { message: '', check: (raw) => checkSetupToken(raw, { apiKeyCommand: keyCommand }), command: again });
    const expires = lifetime === undefined ? undefined : ctx.now() + lifetime;
    const check = await storeToken(ctx, paths, { id: profileId, provider: 'anthropic', token, expires }, { quiet: options.json, verify: options.verify !== false, again });
    saved = { profileId, expires, checked: checkedJson(check) };
  } else {
    // Skip: the agent exists afterwards, with whatever it had.
    await updateStore(paths, () => undefined, { warn: ctx.warn, now: ctx.now });
    if (!options.json) print(ctx, t('onboard.skipped', { agent: paths.agentId }));
  }

  if (options.json) {
    const status = await loadAgentStatus(paths, ctx);
    printJson(ctx, { agent: paths.agentId, authChoice: choice, saved: saved ? { ...saved, storeFile: paths.storeFile } : null, status });
  } else {
    print(ctx, t('onboard.checkWith', { command: suggest('models status', { agent: paths.agentId }) }));
  }
  return EXIT.ok;
}

/**
 * An --auth-choice that --non-interactive cannot take. A registered provider's key can be piped to `models
 * auth login`; a choice that names no registered provider gets the nearest choice and the list instead.
 */
async function notScripted(ctx: CliContext, choice: string): Promise<UserError> {
  const provider = providerOf(choice);
  const registry = await loadRegistry(resolveAgentPaths(ctx.env), { warn: ctx.warn });
  if (findProvider(registry, provider)) {
    return new UserError(t('onboard.keyScripted', { choice: echoed(choice), provider: echoed(provider, 64, { quote: false }) }), EXIT.usage);
  }
  return unknownChoice(choice, registry);
}

const choicesOf = (registry: Registry): string[] => authChoices(methodSummaries(registry));

/** An --auth-choice that names no sign-in: the provider's methods when it is registered, else the nearest choice and the list. */
function unknownChoice(choice: string, registry: Registry): UserError {
  const provider = providerOf(choice);
  const choices = choicesOf(registry);
  const hint = didYouMean(choice, choices);
  const known = findProvider(registry, provider);
  if (known) {
    const method = choice.slice(provider.length + 1);
    const methods = known.methods.map((m) => m.id).join(t('list.join'));
    return new UserError(t('onboard.unknownMethod', { choice: echoed(choice), provider: known.id, method: echoed(method), methods, hint }), EXIT.usage);
  }
  return new UserError(
    t('onboard.unknownChoice', { choice: echoed(choice), provider: echoed(provider), hint, choices: choices.join(t('list.join')) }),
    EXIT.usage,
  );
}

/** The choices known without the registry. */
const FIXED_CHOICES = authChoices([]);
