import { t } from '../../base/i18n/index.js';
import { UserError } from '../../base/errors.js';
import { printable } from '../../base/text.js';
import { providerOf, type AuthProfiles } from '../../model/schema.js';
import { profileIdsOf } from '../../model/routing.js';
import { formatDuration, profileState } from '../../model/profile-state.js';

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
  if (model === '') throw new UserError(t('modelRef.noModel', { ref: printable(ref) }));
  if (at === -1) return { model, profileId: null };
  const profileId = text.slice(at + 1).trim();
  if (profileId === '') {
    throw new UserError(t('modelRef.noProfile', { ref: printable(ref), model }));
  }
  return { model, profileId };
}

/**
 * The profile a session pinned with `Model@profileId`, for `provider`. An id that is not stored, or that
 * belongs to another provider, is an error naming the ids there are: pinning must never fall back silently.
 */
export function resolveProfileOverride(store: AuthProfiles, provider: string, profileId: string): string {
  const known = profileIdsOf(store, provider);
  const available = t('modelRef.available', { provider: printable(provider), ids: known.length ? known.join(', ') : t('modelRef.noneYet') });
  const shown = printable(profileId);
  const other = store.profiles[profileId]?.provider ?? (profileId.includes(':') ? providerOf(profileId) : null);
  if (other !== null && other !== provider) {
    throw new UserError(t('modelRef.otherProvider', { id: shown, other: printable(other), provider: printable(provider), available }));
  }
  if (!known.includes(profileId)) throw new UserError(t('modelRef.unknown', { id: shown, available }));
  return profileId;
}

/**
 * The profile `Model@profileId` pins, and its provider: `--provider` when given (an id of another provider
 * is then an error), else the provider part of the id. An id without one names no profile.
 */
export function pinnedProfile(store: AuthProfiles, profileId: string, provider?: string): { provider: string; profileId: string } {
  const owner = provider ?? (profileId.includes(':') ? providerOf(profileId) : null);
  if (owner === null) {
    const all = Object.keys(store.profiles).sort();
    const ids = all.length ? all.join(', ') : t('modelRef.noneYet');
    throw new UserError(t('modelRef.unknownShape', { id: printable(profileId), ids }));
  }
  return { provider: owner, profileId: resolveProfileOverride(store, owner, profileId) };
}

/**
 * A profile asked for by name is used as asked, even while routing would skip it (SPEC 5); this one line
 * says so. Null when the profile is usable as it is: re-login and expiry fail on their own, with the fix.
 */
export function pinnedWarning(store: AuthProfiles, profileId: string, now: number): string | null {
  const credential = store.profiles[profileId];
  if (!credential) return null;
  const stats = store.usageStats?.[profileId];
  const state = profileState(credential, stats, now);
  const left = (until: number | undefined) => formatDuration((until ?? now) - now);
  if (state === 'cooldown') return t('pinned.cooldown', { id: profileId, left: left(stats?.cooldownUntil) });
  if (state !== 'disabled') return null;
  const values = { id: profileId, left: left(stats?.disabledUntil) };
  return stats?.disabledReason ? t('pinned.disabledWhy', { ...values, reason: printable(stats.disabledReason, 40) }) : t('pinned.disabled', values);
}
