import { option } from './commander.js';
import { t } from '../../base/i18n/index.js';

/**
 * Flags several commands take, worded once (in the catalogue). Each call makes a new Option (commander
 * keeps the instance); commands call these when the program is built, in the language of the run.
 */
export const flag = {
  provider: (about = t('help.flag.provider')) => option('--provider <provider>', about).makeOptionMandatory(),
  providerOf: (choices: string[]) => option('--provider <provider>', t('help.flag.provider')).choices(choices).makeOptionMandatory(),
  profileId: (about = t('help.flag.profileId')) => option('--profile-id <id>', about),
  expiresIn: (about = t('help.flag.expiresIn')) => option('--expires-in <duration>', about),
  noBrowser: () => option('--no-browser', t('help.flag.noBrowser')),
  json: (about = t('help.flag.json')) => option('--json', about),
  /** Issue 21: a stored sign-in is checked with its provider unless this is given. */
  noVerify: () => option('--no-verify', t('help.flag.noVerify')),
};

/** The options of a command whose only own flag is `--json`. */
export interface JsonFlag {
  json?: boolean;
}
