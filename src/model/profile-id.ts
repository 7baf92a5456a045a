import { t } from '../base/i18n/index.js';
import { PROFILE_NAME_PATTERN, profileIdProblem } from './schema.js';

/**
 * A profile named by the user, on a flag or in the wizard: `work` means `<provider>:work`, a full id is
 * taken as it is, and nothing means `<provider>:default`. Checked separately (profileIdProblem).
 */
export function toProfileId(provider: string, nameOrId: string | undefined): string {
  const name = nameOrId?.trim() ?? '';
  if (name === '') return `${provider}:default`;
  return name.includes(':') ? name : `${provider}:${name}`;
}

/** What is wrong with a name or id typed for `provider`; null when it is fine or empty (the default). */
export function profileNameProblem(value: string, provider: string): string | null {
  const name = value.trim();
  if (!name) return null;
  if (name.includes(':')) return profileIdProblem(name, provider);
  return PROFILE_NAME_PATTERN.test(name) ? null : t('profileName.pattern');
}
