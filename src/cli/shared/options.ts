import { t } from '../../base/i18n/index.js';
import { EXIT, UserError } from '../../base/errors.js';
import { echoed } from '../../base/redact.js';
import { parseDuration } from '../../auth/sign-in/setup-token.js';
import { toProfileId } from '../../model/profile-id.js';
import { PROVIDER_PATTERN, profileIdProblem } from '../../model/schema.js';

/** Flags several commands share, checked the same way everywhere. */

export function assertProvider(provider: string): string {
  if (!PROVIDER_PATTERN.test(provider)) {
    throw new UserError(t('option.provider', { value: echoed(provider) }), EXIT.usage);
  }
  return provider;
}

/**
 * `--profile-id work` and `--profile-id anthropic:work` both mean `anthropic:work`. With `anyProvider`, an
 * id of another provider passes (so that a lookup can answer with the provider's ids). A bad id is
 * reported under what the user typed it in: `flag` (`--profile-id` unless said), or the arguments of
 * `command` when the ids are arguments (`models auth order set`).
 */
export function profileIdFor(
  provider: string,
  given: string | undefined,
  options: { anyProvider?: boolean; flag?: string; command?: string } = {},
): string {
  const id = toProfileId(provider, given);
  const problem = profileIdProblem(id, options.anyProvider ? undefined : provider);
  if (problem) {
    const message = options.command
      ? t('option.profileIdArgument', { command: options.command, problem })
      : t('option.profileId', { flag: options.flag ?? '--profile-id', problem });
    throw new UserError(message, EXIT.usage);
  }
  return id;
}

export function durationOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === null) {
    throw new UserError(t('option.duration', { flag, value: echoed(value) }), EXIT.usage);
  }
  return ms;
}

