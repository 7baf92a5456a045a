import { t } from '../../base/i18n/index.js';
import { option } from '../shared/commander.js';
import { getCredential } from '../../auth/credentials/resolve.js';
import { parseModelRef, pinnedProfile, pinnedWarning } from '../../auth/routing/model-ref.js';
import { EXIT, UserError } from '../../base/errors.js';
import { hasControl } from '../../base/text.js';
import type { AgentPaths } from '../../env/paths.js';
import { builtin } from '../../env/import.js';
import { readView, viewOptionsOf } from '../../auth/credentials/sources.js';
import { defineCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { flag } from '../shared/flags.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, profileIdFor } from '../shared/options.js';

interface TokenOptions extends AgentOption {
  provider?: string;
  profileId?: string;
  model?: string;
}

/**
 * `models auth token`: the one command that prints a secret, and only that on stdout (as `gh auth token`),
 * so that `$(openclaw models auth token --provider …)` is the secret. Everything else goes to stderr.
 */
export const tokenCommand = defineCommand<TokenOptions>({
  path: 'models auth token',
  // It reads a secret, it never takes one: nothing to pipe it to.
  tokenInstead: null,
  about: () => t('help.token'),
  flags: () => [
    option('--provider <provider>', t('help.token.provider')),
    flag.profileId(t('help.flag.profileIdActive')),
    option('--model <ref>', t('help.token.model')),
  ],
  async run(ctx, options) {
    const given = options.provider === undefined ? undefined : assertProvider(options.provider);
    const pinned = options.model === undefined ? null : parseModelRef(options.model).profileId;
    if (pinned !== null && options.profileId !== undefined) {
      throw new UserError(t('token.both'), EXIT.usage);
    }
    if (given === undefined && pinned === null) {
      throw new UserError(t('token.needsProvider'), EXIT.usage);
    }
    // An id of another provider passes here, so that the error lists the provider's ids.
    const named = options.profileId === undefined ? undefined : profileIdFor(given!, options.profileId, { anyProvider: true });
    const paths = await resolveAgent(ctx, options);
    const target = await explicitTarget(ctx, paths, given, { pinned, named });
    const credential = await getCredential(paths, target.provider, target.profileId, { now: ctx.now, warn: ctx.warn, env: ctx.env, beforeRefresh: baselineWasmOnly });
    if (target.warning) ctx.warn(target.warning);
    // A secret stored before tokens were checked (or made by a plugin) could write to the terminal.
    if (hasControl(credential.secret)) throw new UserError(t('token.control', { id: credential.profileId }));
    ctx.stdout.write(`${credential.secret}\n`);
    return EXIT.ok;
  },
});

/**
 * A refresh is this process's only HTTP request, parsed by undici's llhttp in WebAssembly. V8 compiles that
 * module again in the background with its optimizing tier and, at exit, waits for that compile: about 60 ms
 * spent after the work is done. Its baseline tier alone parses one response just as well. Only when a
 * refresh is due: node:v8 loads the stream modules, a cost to every token that needs none.
 */
async function baselineWasmOnly(): Promise<void> {
  (await builtin<typeof import('node:v8')>('node:v8')).setFlagsFromString('--liftoff-only');
}

interface Target {
  provider: string;
  profileId?: string;
  warning?: string;
}

/**
 * A profile named by the user (`--model Model@id` or `--profile-id`) is used as asked, even when routing
 * would skip it for now (SPEC 5); reading the store here finds its provider and what to warn about.
 * Without one, getCredential follows the provider's order and nothing is read twice.
 */
async function explicitTarget(
  ctx: CliContext,
  paths: AgentPaths,
  given: string | undefined,
  { pinned, named }: { pinned: string | null; named: string | undefined },
): Promise<Target> {
  if (pinned === null && named === undefined) return { provider: given! };
  // SPEC 11: a linked or external profile is pinned as any other (status lists it; getCredential reads it through).
  const { store } = await readView(paths, viewOptionsOf(ctx.warn, ctx.env));
  // An unknown --profile-id is left to getCredential, which names the agent and the provider's ids.
  const { provider, profileId } = pinned !== null ? pinnedProfile(store, pinned, given) : { provider: given!, profileId: named! };
  const warning = pinnedWarning(store, profileId, ctx.now());
  return { provider, profileId, ...(warning ? { warning } : {}) };
}
