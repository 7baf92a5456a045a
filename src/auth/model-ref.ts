import { UserError } from '../base/errors.js';
import { printable } from '../base/text.js';
import { providerOf, type AuthProfiles } from '../model/schema.js';
import { profileIdsOf } from '../model/routing.js';

export interface ModelRef {
  model: string;
  /** The per-session profile override, or null to use the provider's order. */
  profileId: string | null;
}

/**
 * `Opus@anthropic:work` → model `Opus`, profile `anthropic:work` (SPEC 5). Splits at the first `@`, so a
 * model name never holds one; whatever follows is the profile id, checked by resolveProfileOverride.
 */
export function parseModelRef(ref: string): ModelRef {
  const text = ref.trim();
  const at = text.indexOf('@');
  const model = (at === -1 ? text : text.slice(0, at)).trim();
  if (model === '') throw new UserError(`Invalid model "${printable(ref)}": the model name before "@" is missing.`);
  if (at === -1) return { model, profileId: null };
  const profileId = text.slice(at + 1).trim();
  if (profileId === '') {
    throw new UserError(`Invalid model "${printable(ref)}": the profile id after "@" is missing (e.g. ${model}@anthropic:work).`);
  }
  return { model, profileId };
}

/**
 * The profile a session pinned with `Model@profileId`, for `provider`. An id that is not stored, or that
 * belongs to another provider, is an error naming the ids there are: pinning must never fall back silently.
 */
export function resolveProfileOverride(store: AuthProfiles, provider: string, profileId: string): string {
  const known = profileIdsOf(store, provider);
  const available = `${provider} profiles: ${known.length ? known.join(', ') : '(none; sign in first)'}.`;
  const shown = printable(profileId);
  const other = store.profiles[profileId]?.provider ?? (profileId.includes(':') ? providerOf(profileId) : null);
  if (other !== null && other !== provider) {
    throw new UserError(`Profile ${shown} is for ${printable(other)}, not ${provider}. ${available}`);
  }
  if (!known.includes(profileId)) throw new UserError(`Unknown profile ${shown}. ${available}`);
  return profileId;
}
