import { option } from '../shared/commander.js';
import { BUILTIN_PROVIDERS, DEFAULT_METHODS } from '../../auth/providers/builtins.js';
import { PLUGIN_ID_PATTERN } from '../../auth/providers/plugins.js';
import { findMethod, findProvider, loadRegistry } from '../../auth/providers/registry.js';
import type { ProviderDef, SignInMethod } from '../../auth/providers/types.js';
import { unregisteredProvider } from '../../auth/providers/unknown.js';
import { codexCopy } from '../../auth/sign-in/copy.js';
import { SETUP_TOKEN_LIFETIME_MS } from '../../auth/sign-in/setup-token.js';
import { CancelledError, EXIT, UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
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
import { profileIdFor } from '../shared/options.js';
import { setupTokenSignIn } from '../shared/sign-in.js';
import { adoptToolLogin } from '../shared/adopt-tool.js';
import { noTerminalFix } from '../shared/no-terminal.js';

interface LoginOptions extends AgentOption {
  provider: string;
  method?: string;
  profileId?: string;
  browser?: boolean;
  deviceCode?: boolean;
  verify?: boolean;
}

const builtinIds = () => BUILTIN_PROVIDERS.map((p) => p.id).join(', ');
const several = () =>
  BUILTIN_PROVIDERS.filter((p) => p.methods.length > 1)
    .map((p) => `${p.id}: ${p.methods.map((m) => (m.id === DEFAULT_METHODS[p.id] ? t('help.login.usual', { id: m.id }) : m.id)).join(', ')}`)
    .join('; ');

export const loginCommand = defineCommand<LoginOptions>({
  path: 'models auth login',
  about: () => t('help.login'),
  flags: () => [
    flag.provider(t('help.login.provider', { ids: builtinIds() })),
    option('--method <id>', t('help.login.method', { several: several() })),
    flag.profileId(),
    flag.noBrowser(),
    option('--device-code', t('help.login.deviceCode')),
    flag.noVerify(),
  ],
  async run(ctx, options) {
    if (!PLUGIN_ID_PATTERN.test(options.provider)) {
      throw new UserError(t('login.invalidProvider', { value: echoed(options.provider) }), EXIT.usage);
    }
    if (options.deviceCode && options.method !== undefined && options.method !== 'device-code') {
      throw new UserError(t('login.deviceAndMethod', { method: echoed(options.method, 32, { quote: false }) }), EXIT.usage);
    }
    const methodId = options.deviceCode ? 'device-code' : options.method;
    const paths = await resolveAgent(ctx, options);
    const registry = await loadRegistry(paths, { warn: ctx.warn });
    const provider = findProvider(registry, options.provider);
    if (!provider) throw unregisteredProvider(registry, options.provider);
    const profileId = profileIdFor(provider.id, options.profileId);
    if (options.deviceCode && !findMethod(provider, 'device-code')) {
      throw new UserError(t('login.noDeviceCode', { provider: provider.id, methods: methodIds(provider) }), EXIT.usage);
    }
    // A broken store fails before the sign-in starts.
    await readStore(paths, { warn: ctx.warn });
    const method = await chooseMethod(ctx, provider, methodId);
    const noBrowser = options.browser === false;
    switch (method.kind) {
      case 'setup-token':
        await setupTokenSignIn(ctx, paths, { profileId, lifetimeMs: SETUP_TOKEN_LIFETIME_MS, verify: options.verify !== false });
        return EXIT.ok;
      case 'codex-browser':
        if (!canPrompt(ctx)) throw new UserError(codexCopy.needsTerminal(noTerminalFix(ctx)), EXIT.usage);
        return codexLogin(ctx, paths, profileId, noBrowser, options.verify !== false);
      case 'codex-device':
        return codexDeviceLogin(ctx, paths, profileId, noBrowser, options.verify !== false);
      case 'api-key':
        return apiKeyLogin(ctx, paths, { provider, method, profileId, verify: options.verify !== false });
      case 'oauth':
        return oauthLogin(ctx, paths, { provider, method, profileId, noBrowser, verify: options.verify !== false });
      case 'codex-cli':
      case 'claude-cli':
        return adoptToolLogin(ctx, paths, method.kind, options.profileId === undefined ? `${provider.id}:${method.kind}` : profileId);
    }
  },
});

function methodIds(provider: ProviderDef): string {
  return provider.methods.map((m) => m.id).join(', ');
}

/** `--method`, else the only method, else a built-in's usual one, else a select list on a terminal. */
async function chooseMethod(ctx: CliContext, provider: ProviderDef, methodId: string | undefined): Promise<SignInMethod> {
  if (methodId !== undefined) {
    const method = findMethod(provider, methodId);
    if (!method) {
      throw new UserError(t('login.noMethod', { provider: provider.id, method: echoed(methodId), methods: methodIds(provider) }), EXIT.usage);
    }
    return method;
  }
  const usual = DEFAULT_METHODS[provider.id];
  const only = provider.methods.length === 1 ? provider.methods[0] : usual === undefined ? undefined : findMethod(provider, usual);
  if (only) return only;
  if (!canPrompt(ctx)) {
    throw new UserError(t('login.severalMethods', { provider: provider.id, methods: methodIds(provider) }), EXIT.usage);
  }
  const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
  const chosen = await p.select({
    input: ctx.stdin,
    output: ctx.stdout as NodeJS.WriteStream,
    message: t('login.chooseMethod', { provider: provider.label }),
    options: provider.methods.map((m) => ({ value: m.id, label: m.label, hint: m.id })),
  });
  if (p.isCancel(chosen)) throw new CancelledError(t('codex.cancelled'));
  return findMethod(provider, chosen)!;
}
