import { Option } from 'commander';

/** Flags several commands take, worded once. Each call makes a new Option (commander keeps the instance). */
export const flag = {
  provider: (about = 'provider') => new Option('--provider <provider>', about).makeOptionMandatory(),
  providerOf: (choices: string[]) => new Option('--provider <provider>', 'provider').choices(choices).makeOptionMandatory(),
  profileId: (about = 'profile id or name (default: <provider>:default)') => new Option('--profile-id <id>', about),
  expiresIn: (about = 'lifetime, e.g. 365d, 12h') => new Option('--expires-in <duration>', about),
  noBrowser: () => new Option('--no-browser', 'do not open a browser; paste the redirect address instead'),
  json: (about = 'print as JSON') => new Option('--json', about),
};

/** The options of a command whose only own flag is `--json`. */
export interface JsonFlag {
  json?: boolean;
}
