import { Option } from 'commander';
import { t } from '../../base/i18n/index.js';

/**
 * Flags several commands take, worded once (in the catalogue). Each call makes a new Option (commander
 * keeps the instance); commands call these when the program is built, in the language of the run.
 */
export const flag = {
  provider: (about = t('help.flag.provider')) => new Option('--provider <provider>', about).makeOptionMandatory(),
  providerOf: (choices: string[]) => new Option('--provider <provider>', t('help.flag.provider')).choices(choices).makeOptionMandatory(),
  profileId: (about = t('help.flag.profileId')) => new Option('--profile-id <id>', about),
  expiresIn: (about = t('help.flag.expiresIn')) => new Option('--expires-in <duration>', about),
  noBrowser: () => new Option('--no-browser', t('help.flag.noBrowser')),
  json: (about = t('help.flag.json')) => new Option('--json', about),
  /** Issue 21: a stored sign-in is checked with its provider unless this is given. */
  noVerify: () => new Option('--no-verify', t('help.flag.noVerify')),
};

/** The options of a command whose only own flag is `--json`. */
export interface JsonFlag {
  json?: boolean;
}
