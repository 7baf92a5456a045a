import { t } from '../../base/i18n/index.js';
import { option } from '../shared/commander.js';
import { EXIT, UserError } from '../../base/errors.js';
import { profileIdProblem } from '../../model/schema.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import type { AgentOption } from '../shared/agent.js';

/** setup-token, openai-codex, openai-codex-device-code, skip, or <provider>:<method> (checked by the wizard against the registry). */
export type AuthChoice = string;

export interface OnboardOptions extends AgentOption {
  authChoice?: AuthChoice;
  relogin?: string | true;
  browser?: boolean;
  nonInteractive?: boolean;
  tokenStdin?: boolean;
  tokenProfileId?: string;
  tokenExpiresIn?: string;
  json?: boolean;
  verify?: boolean;
}

export const onboardCommand = defineCommand<OnboardOptions>({
  path: 'onboard',
  about: () => t('help.onboard'),
  flags: () => [
    option('--auth-choice <choice>', t('help.onboard.authChoice')),
    option('--relogin [profileId]', t('help.onboard.relogin')),
    flag.noBrowser(),
    option('--non-interactive', t('help.onboard.nonInteractive')),
    option('--token-stdin', t('help.onboard.tokenStdin')),
    option('--token-profile-id <id>', t('help.onboard.tokenProfileId')),
    option('--token-expires-in <duration>', t('help.onboard.tokenExpiresIn')),
    flag.json(t('help.onboard.json')),
    flag.noVerify(),
  ],
  run: async (ctx, options) => {
    if (typeof options.relogin === 'string') {
      // Checked here, before the wizard quotes it back: a token pasted into the wrong place must not be shown.
      const problem = profileIdProblem(options.relogin);
      if (problem) throw new UserError(t('onboard.invalidRelogin', { problem }), EXIT.usage);
    }
    // What onboard does is loaded when it runs: `--help` lists onboard, and its imports (the sign-ins, the
    // registry, the store's writes) were a third of the help's start-up.
    const { scriptedOnboard, wizard } = await import('./onboard-run.js');
    return options.nonInteractive ? scriptedOnboard(ctx, options) : wizard(ctx, options);
  },
});
