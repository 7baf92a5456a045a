import { Option } from 'commander';
import { BUILTIN_PROVIDERS, DEFAULT_METHODS } from '../../auth/providers/builtins.js';
import { PLUGIN_ID_PATTERN } from '../../auth/providers/plugins.js';
import { findMethod, findProvider, loadRegistry } from '../../auth/providers/registry.js';
import type { ProviderDef, Registry, SignInMethod } from '../../auth/providers/types.js';
import { codexCopy } from '../../auth/copy.js';
import { SETUP_TOKEN_LIFETIME_MS } from '../../auth/setup-token.js';
import { CancelledError, EXIT, UserError } from '../../base/errors.js';
import { importPackage } from '../../env/import.js';
import { readStore } from '../../store/store.js';
import { echoed } from '../../base/redact.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { canPrompt, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { codexDeviceLogin, codexLogin } from '../shared/codex-sign-in.js';
import { apiKeyLogin } from '../shared/api-key-sign-in.js';
import { oauthLogin } from '../shared/oauth-ui.js';
import { listOrNone, profileIdFor } from '../shared/options.js';
import { setupTokenSignIn } from '../shared/sign-in.js';

interface LoginOptions extends AgentOption {
  provider: string;
  method?: string;
  profileId?: string;
  browser?: boolean;
  deviceCode?: boolean;
}

const BUILTIN_IDS = BUILTIN_PROVIDERS.map((p) => p.id).join(', ');
const SEVERAL = BUILTIN_PROVIDERS.filter((p) => p.methods.length > 1)
  .map((p) => `${p.id}: ${p.methods.map((m) => (m.id === DEFAULT_METHODS[p.id] ? `${m.id} (default)` : m.id)).join(', ')}`)
  .join('; ');

export const loginCommand = defineCommand<LoginOptions>({
  path: 'models auth login',
  about: 'sign in to a provider with one of its methods (openclaw models auth providers lists them)',
  flags: [
    flag.provider(`provider: ${BUILTIN_IDS}, or a plugin's (models auth providers lists them all)`),
    new Option('--method <id>', `sign-in method, when the provider has several (${SEVERAL}); otherwise chosen from a list`),
    flag.profileId(),
    flag.noBrowser(),
    new Option('--device-code', 'sign in with a code approved on any device (the same as --method device-code)'),
  ],
  async run(ctx, options) {
    if (!PLUGIN_ID_PATTERN.test(options.provider)) {
      throw new UserError(`Invalid provider ${echoed(options.provider)}: use lowercase letters, digits and "-".`, EXIT.usage);
    }
    if (options.deviceCode && options.method !== undefined && options.method !== 'device-code') {
      throw new UserError(`--device-code is --method device-code; it cannot go with --method ${echoed(options.method, 32, { quote: false })}.`, EXIT.usage);
    }
    const methodId = options.deviceCode ? 'device-code' : options.method;
    const paths = await resolveAgent(ctx, options);
    const registry = await loadRegistry(paths, { warn: ctx.warn });
    const provider = findProvider(registry, options.provider);
    if (!provider) throw unknownProvider(registry, options.provider);
    const profileId = profileIdFor(provider.id, options.profileId);
    if (options.deviceCode && !findMethod(provider, 'device-code')) {
      throw new UserError(`--device-code is a sign-in of openai-codex and github-copilot; ${provider.id} signs in with: ${methodIds(provider)}.`, EXIT.usage);
    }
    // A broken store fails before the sign-in starts.
    await readStore(paths, { warn: ctx.warn });
    const method = await chooseMethod(ctx, provider, methodId);
    const noBrowser = options.browser === false;
    switch (method.kind) {
      case 'setup-token':
        await setupTokenSignIn(ctx, paths, { profileId, lifetimeMs: SETUP_TOKEN_LIFETIME_MS });
        return EXIT.ok;
      case 'codex-browser':
        if (!canPrompt(ctx)) throw new UserError(codexCopy.needsTerminal, EXIT.usage);
        return codexLogin(ctx, paths, profileId, noBrowser);
      case 'codex-device':
        return codexDeviceLogin(ctx, paths, profileId, noBrowser);
      case 'api-key':
        return apiKeyLogin(ctx, paths, { provider, method, profileId });
      case 'oauth':
        return oauthLogin(ctx, paths, { provider, method, profileId, noBrowser });
    }
  },
});

function methodIds(provider: ProviderDef): string {
  return provider.methods.map((m) => m.id).join(', ');
}

function unknownProvider(registry: Registry, id: string): UserError {
  const ids = listOrNone(registry.providers.map((p) => p.id));
  const failed = registry.errors.length ? ` (${registry.errors.length} plugin${registry.errors.length === 1 ? '' : 's'} failed to load, named above)` : '';
  return new UserError(`No provider ${echoed(id)} is registered. Registered: ${ids}${failed}. See openclaw models auth providers.`, EXIT.usage);
}

/** `--method`, else the only method, else a built-in's usual one, else a select list on a terminal. */
async function chooseMethod(ctx: CliContext, provider: ProviderDef, methodId: string | undefined): Promise<SignInMethod> {
  if (methodId !== undefined) {
    const method = findMethod(provider, methodId);
    if (!method) {
      throw new UserError(`${provider.id} has no sign-in method ${echoed(methodId)}; its methods: ${methodIds(provider)}.`, EXIT.usage);
    }
    return method;
  }
  const usual = DEFAULT_METHODS[provider.id];
  const only = provider.methods.length === 1 ? provider.methods[0] : usual === undefined ? undefined : findMethod(provider, usual);
  if (only) return only;
  if (!canPrompt(ctx)) {
    throw new UserError(`${provider.id} has several sign-in methods (${methodIds(provider)}): choose one with --method <id>.`, EXIT.usage);
  }
  const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  const chosen = await p.select({
    input: ctx.stdin,
    output: ctx.stdout as NodeJS.WriteStream,
    message: `Sign in to ${provider.label} with`,
    options: provider.methods.map((m) => ({ value: m.id, label: m.label, hint: m.id })),
  });
  if (p.isCancel(chosen)) throw new CancelledError('Sign-in cancelled; nothing was saved.');
  return findMethod(provider, chosen)!;
}
