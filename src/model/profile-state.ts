import { t } from '../base/i18n/index.js';
import { own, type AuthProfiles, type Credential, type UsageStats } from './schema.js';
import { accessDue } from './token-life.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/**
 * A credential that cannot renew itself (a setup-token, a pasted token with an expiry) is `expiring` this
 * long before its end (issue 21: a year-long setup-token must not die unannounced); an OAuth access token,
 * which refreshes by itself, keeps SPEC 6's 24 hours.
 */
export const RENEW_AHEAD_MS = 14 * DAY;

export type ProfileState =
  | 'ok'
  | 'expiring'
  | 'expired'
  | 'static'
  | 'refreshable'
  | 'relogin'
  | 'cooldown'
  | 'disabled';

/** How a state reads at a glance; both the command line and the wizard colour states by this. */
export type Tone = 'ok' | 'warn' | 'error';
export const STATE_TONE: Record<ProfileState, Tone> = {
  ok: 'ok',
  static: 'ok',
  refreshable: 'ok',
  expiring: 'warn',
  cooldown: 'warn',
  disabled: 'error',
  expired: 'error',
  relogin: 'error',
};

/**
 * SPEC 6's states. Re-login, disabled and cooldown say more than expiry, so they win. An OAuth profile
 * whose access token is due is `refreshable` (the next use refreshes it), not expired. A token read through
 * from a tool that renews it itself (`renewsItself`: Claude Code, SPEC 11) is `ok` until it has expired: the
 * ahead-of-time `expiring` is for tokens nobody renews.
 */
export function profileState(credential: Credential, stats: UsageStats | undefined, now: number, renewsItself = false): ProfileState {
  if (stats?.reloginRequired) return 'relogin';
  if ((stats?.disabledUntil ?? 0) > now) return 'disabled';
  if ((stats?.cooldownUntil ?? 0) > now) return 'cooldown';
  switch (credential.type) {
    case 'api_key':
      return 'static';
    case 'oauth':
      if (!accessDue(credential, now)) return 'ok';
      if (canRefresh(credential)) return 'refreshable';
      return credential.expires <= now ? 'expired' : 'expiring';
    case 'token': {
      const expires = credential.expires;
      if (expires === undefined || expires === null) return 'static';
      if (expires <= now) return 'expired';
      if (renewsItself) return 'ok';
      return expires - now < RENEW_AHEAD_MS ? 'expiring' : 'ok';
    }
  }
}

/** The built-in providers (src/auth/providers/builtins.ts; a test keeps the two lists equal). */
export const BUILTIN_PROVIDERS: readonly string[] = ['anthropic', 'openai-codex', 'openai', 'openrouter', 'github-copilot'];
/** Built-in providers with an OAuth method, whose grants openclaw refreshes. */
export const REFRESHABLE_PROVIDERS: readonly string[] = ['openai-codex', 'github-copilot'];

/**
 * Whether an expired access token can be refreshed without the user. A provider that is not built in is a
 * plugin's: its method refreshes it (status never loads plugin code to ask; the refresh itself says so if
 * the plugin is gone).
 */
export function canRefresh(credential: Credential): boolean {
  if (credential.type !== 'oauth') return false;
  return REFRESHABLE_PROVIDERS.includes(credential.provider) || !BUILTIN_PROVIDERS.includes(credential.provider);
}

/** States in which the profile gives no usable secret without the user. */
export function needsUser(state: ProfileState): boolean {
  return state === 'relogin' || state === 'expired';
}

/** "3d 4h", "45m" style (in the language in use: "3 天 4 小時"); at most two units. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const units: [number, 'unit.d' | 'unit.h' | 'unit.m' | 'unit.s'][] = [
    [DAY, 'unit.d'],
    [HOUR, 'unit.h'],
    [60_000, 'unit.m'],
    [1000, 'unit.s'],
  ];
  const parts: string[] = [];
  let rest = abs;
  for (const [size, unit] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(t(unit, { n: Math.floor(rest / size) }));
      rest %= size;
    } else if (parts.length > 0) break;
  }
  if (parts.length === 0) return t('unit.s', { n: 0 });
  return parts.length === 1 ? parts[0]! : t('duration.join', { a: parts[0]!, b: parts[1]! });
}

/** "in 3d 4h", "2h ago", "never" (zh-Hant: "3 天 4 小時後", "2 小時前", "永不"). */
export function expiresIn(expires: number | null | undefined, now: number): string {
  if (expires === undefined || expires === null) return t('time.never');
  const left = expires - now;
  return left > 0 ? t('time.in', { duration: formatDuration(left) }) : t('time.ago', { duration: formatDuration(left) });
}

/** A state's name as a person reads it (the id itself stays in --json). */
export function stateLabel(state: ProfileState): string {
  return t(`state.${state}`);
}

/** The ids of the store's profiles that need signing in again: marked for re-login, or expired with no way to refresh. */
export function profilesNeedingRelogin(store: AuthProfiles, now: number): string[] {
  return Object.keys(store.profiles).filter((id) => {
    const state = profileState(store.profiles[id]!, own(store.usageStats, id), now);
    return state === 'relogin' || state === 'expired';
  });
}
