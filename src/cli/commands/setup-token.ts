import { t } from '../../base/i18n/index.js';
import { SETUP_TOKEN_LIFETIME } from '../../auth/sign-in/setup-token.js';
import { readStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { durationOption, profileIdFor } from '../shared/options.js';
import { setupTokenSignIn } from '../shared/sign-in.js';

interface SetupTokenOptions extends AgentOption {
  provider: 'anthropic';
  profileId?: string;
  expiresIn?: string;
  verify?: boolean;
}

/** `claude setup-token` explained, then a masked paste (or stdin when piped). */
export const setupTokenCommand = defineCommand<SetupTokenOptions>({
  path: 'models auth setup-token',
  tokenInstead: () => 'models auth setup-token',
  about: () => t('help.setupToken'),
  flags: () => [
    flag.providerOf(['anthropic']).default('anthropic'),
    flag.profileId(t('help.flag.profileIdAnthropic')),
    flag.expiresIn(t('help.flag.lifetime')).default(SETUP_TOKEN_LIFETIME),
    flag.noVerify(),
  ],
  async run(ctx, options) {
    const profileId = profileIdFor('anthropic', options.profileId);
    const lifetimeMs = durationOption('--expires-in', options.expiresIn ?? SETUP_TOKEN_LIFETIME);
    const paths = await resolveAgent(ctx, options);
    await readStore(paths, { warn: ctx.warn });
    await setupTokenSignIn(ctx, paths, { profileId, lifetimeMs, verify: options.verify !== false });
    return 0;
  },
});
