import { t } from '../../base/i18n/index.js';
import { checkGenericSecret, checkSetupToken, SETUP_TOKEN_LIFETIME_MS } from '../../auth/setup-token.js';
import { UserError } from '../../base/errors.js';
import { suggest } from '../../model/commands.js';
import { own } from '../../model/schema.js';
import { readStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, durationOption, profileIdFor } from '../shared/options.js';
import { readSecret } from '../shared/secret-input.js';
import { storeToken } from '../shared/sign-in.js';

interface PasteTokenOptions extends AgentOption {
  provider: string;
  profileId?: string;
  expiresIn?: string;
}

export const pasteTokenCommand = defineCommand<PasteTokenOptions>({
  path: 'models auth paste-token',
  about: () => t('help.pasteToken'),
  flags: () => [flag.provider(t('help.flag.providerEg')), flag.profileId(), flag.expiresIn()],
  async run(ctx, options) {
    const provider = assertProvider(options.provider);
    const id = profileIdFor(provider, options.profileId);
    const lifetime = durationOption('--expires-in', options.expiresIn);
    const paths = await resolveAgent(ctx, options);
    // A broken store fails before the user is asked for anything; so does a profile a token must not replace.
    const { store } = await readStore(paths, { warn: ctx.warn });
    if (own(store.profiles, id)?.type === 'oauth') {
      throw new UserError(t('pasteToken.overOAuth', { id, logout: suggest(`models auth logout --provider ${provider} --profile-id ${id}`, { agent: paths.agentId }) }));
    }
    const token = await readSecret(ctx, {
      message: provider === 'anthropic' ? t('setupToken.pastePrompt') : t('pasteToken.prompt', { provider }),
      check: provider === 'anthropic' ? checkSetupToken : checkGenericSecret,
    });
    // A setup-token lasts a year (as `setup-token` stores it): without --expires-in it is not "no expiry".
    const lifetimeMs = lifetime ?? (provider === 'anthropic' ? SETUP_TOKEN_LIFETIME_MS : undefined);
    await storeToken(ctx, paths, { id, provider, token, expires: lifetimeMs === undefined ? undefined : ctx.now() + lifetimeMs });
    return 0;
  },
});
