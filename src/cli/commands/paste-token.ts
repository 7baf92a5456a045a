import { t } from '../../base/i18n/index.js';
import { option } from '../shared/commander.js';
import { checkApiKey } from '../../auth/sign-in/api-key.js';
import { PLUGIN_ID_PATTERN } from '../../auth/providers/plugins.js';
import { findProvider, loadRegistry } from '../../auth/providers/registry.js';
import { echoed } from '../../base/redact.js';
import type { ProviderDef } from '../../auth/providers/types.js';
import { unregisteredProvider } from '../../auth/providers/unknown.js';
import { checkGenericSecret, checkSetupToken, SETUP_TOKEN_LIFETIME_MS, type TokenCheck } from '../../auth/sign-in/setup-token.js';
import { EXIT, UserError } from '../../base/errors.js';
import { apiKeyCommand, suggest } from '../../model/commands.js';
import { own } from '../../model/schema.js';
import { readStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, durationOption, profileIdFor } from '../shared/options.js';
import { readSecret } from '../shared/secret-input.js';
import { checkBeforeSave, checkedLine } from '../shared/verify-sign-in.js';
import { print } from '../context.js';
import { openKeychain, saveApiKeyInFile, saveTokenInFile, saveTokenInKeychain, saveTokenRef } from '../shared/secret-storage.js';
import { parseRefFlag } from '../../model/secret-ref.js';

interface PasteTokenOptions extends AgentOption {
  provider: string;
  profileId?: string;
  expiresIn?: string;
  /** SPEC 12: `<source>:<alias>:<id>` or `env:NAME`: a reference stored instead of the token. */
  ref?: string;
  store?: 'file' | 'keychain';
  verify?: boolean;
}

export const pasteTokenCommand = defineCommand<PasteTokenOptions>({
  path: 'models auth paste-token',
  about: () => t('help.pasteToken'),
  flags: () => [
    flag.provider(t('help.flag.providerEg')),
    flag.profileId(),
    flag.expiresIn(),
    option('--ref <ref>', t('help.pasteToken.ref')),
    option('--store <where>', t('help.pasteToken.store')).choices(['file', 'keychain']),
    flag.noVerify(),
  ],
  async run(ctx, options) {
    // Only a registered provider is pasted for: its id has SPEC 8's grammar, said as login says it.
    if (!PLUGIN_ID_PATTERN.test(options.provider)) throw new UserError(t('login.invalidProvider', { value: echoed(options.provider) }), EXIT.usage);
    const provider = assertProvider(options.provider);
    const id = profileIdFor(provider, options.profileId);
    const lifetime = durationOption('--expires-in', options.expiresIn);
    const paths = await resolveAgent(ctx, options);
    // An id no provider is registered under would store a token nothing can use (as login refuses it).
    const registry = await loadRegistry(paths, { warn: ctx.warn });
    const def = findProvider(registry, provider);
    if (!def) throw unregisteredProvider(registry, provider);
    // What a paste of this provider is: a setup-token (a token profile), else an API key (SPEC 2.1: api_key,
    // as login and the wizard store it). A provider that only signs in (OAuth) has nothing to paste.
    const kind = pasteKindOf(def);
    if (kind === null) {
      throw new UserError(t('pasteToken.signInOnly', { provider, login: suggest(`models auth login --provider ${provider}`, { agent: paths.agentId }) }));
    }
    if (kind === 'api_key' && lifetime !== undefined) throw new UserError(t('pasteToken.keyNoExpiry', { provider }), EXIT.usage);
    // A broken store fails before the user is asked for anything; so does a profile a token must not replace.
    const { store } = await readStore(paths, { warn: ctx.warn });
    if (own(store.profiles, id)?.type === 'oauth') {
      throw new UserError(t('pasteToken.overOAuth', { id, logout: suggest(`models auth logout --provider ${provider} --profile-id ${id}`, { agent: paths.agentId }) }));
    }
    // A setup-token lasts a year (as `setup-token` stores it): without --expires-in it is not "no expiry".
    const lifetimeMs = lifetime ?? (provider === 'anthropic' ? SETUP_TOKEN_LIFETIME_MS : undefined);
    const expires = lifetimeMs === undefined ? undefined : ctx.now() + lifetimeMs;
    // SPEC 12: a reference instead of the token; nothing is read from stdin.
    if (options.ref !== undefined) {
      if (options.store === 'keychain') throw new UserError(t('pasteToken.refAndStore'), EXIT.usage);
      const parsed = parseRefFlag(options.ref);
      if ('problem' in parsed) throw new UserError(parsed.problem, EXIT.usage);
      await saveTokenRef(ctx, paths, { id, provider, ref: parsed.ref, expires }, kind);
      return 0;
    }
    // The keychain is checked before the token is asked for: without one, nothing is read or written.
    const fileCommand = suggest(`models auth paste-token --provider ${provider}`, { agent: paths.agentId, provider, profileId: id });
    const keychain = options.store === 'keychain' ? await openKeychain(ctx, fileCommand) : null;
    const again = keychain ? `${fileCommand} --store keychain` : fileCommand;
    const token = await readSecret(ctx, {
      message: provider === 'anthropic' ? t('setupToken.pastePrompt') : t('pasteToken.prompt', { provider }),
      check: tokenCheckOf(def, apiKeyCommand(provider, { agent: paths.agentId, profileId: id })),
      command: again,
    });
    const entry = { id, provider, token, expires };
    // Issue 21: checked with its provider before it is kept, wherever it is kept; refused, nothing is saved.
    const check = await checkBeforeSave(ctx, { provider, type: kind, secret: token }, { verify: options.verify !== false, again });
    if (keychain) await saveTokenInKeychain(ctx, paths, keychain, entry, kind);
    else if (kind === 'api_key') await saveApiKeyInFile(ctx, paths, { id, provider, key: token });
    else await saveTokenInFile(ctx, paths, entry);
    const checked = checkedLine(check, { provider, profileId: id, agent: paths.agentId }, ctx.now());
    if (checked) print(ctx, checked);
    return 0;
  },
});

/** A setup-token where the provider has that method (Anthropic), else an API key where it has one, else nothing. */
function pasteKindOf(provider: ProviderDef): 'token' | 'api_key' | null {
  if (provider.methods.some((m) => m.kind === 'setup-token')) return 'token';
  return provider.methods.some((m) => m.kind === 'api-key') ? 'api_key' : null;
}

/**
 * What a pasted secret of `provider` must look like: a setup-token (Anthropic), else the pattern of its
 * API-key method when it declares one (`openai`: `sk-…`), else one line of printable text (a plugin key
 * of no declared shape). Problems name the provider; an API key pasted for a setup-token names `keyCommand`.
 */
function tokenCheckOf(provider: ProviderDef, keyCommand: string): (raw: string) => TokenCheck {
  if (provider.methods.some((m) => m.kind === 'setup-token')) return (raw) => checkSetupToken(raw, { apiKeyCommand: keyCommand });
  const keyed = provider.methods.find((m) => m.kind === 'api-key' && m.pattern !== undefined);
  return keyed?.kind === 'api-key' && keyed.pattern !== undefined ? (raw) => checkApiKey(raw, { label: provider.label, pattern: keyed.pattern! }) : checkGenericSecret;
}
