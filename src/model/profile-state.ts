import type { Credential, UsageStats } from './schema.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** An OAuth access token is refreshed when less than this remains. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

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
 * whose access token is due is `refreshable` (the next use refreshes it), not expired.
 */
export function profileState(credential: Credential, stats: UsageStats | undefined, now: number): ProfileState {
  if (stats?.reloginRequired) return 'relogin';
  if ((stats?.disabledUntil ?? 0) > now) return 'disabled';
  if ((stats?.cooldownUntil ?? 0) > now) return 'cooldown';
  switch (credential.type) {
    case 'api_key':
      return 'static';
    case 'oauth':
      if (credential.expires - now > REFRESH_MARGIN_MS) return 'ok';
      if (canRefresh(credential)) return 'refreshable';
      return credential.expires <= now ? 'expired' : 'expiring';
    case 'token': {
      const expires = credential.expires;
      if (expires === undefined || expires === null) return 'static';
      if (expires <= now) return 'expired';
      return expires - now < DAY ? 'expiring' : 'ok';
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

/** "3d 4h", "45m", "expired 2h ago" style. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const units: [number, string][] = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  const parts: string[] = [];
  let rest = abs;
  for (const [size, unit] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.length ? parts.join(' ') : '0s';
}

export function expiresIn(expires: number | null | undefined, now: number): string {
  if (expires === undefined || expires === null) return 'never';
  const left = expires - now;
  return left > 0 ? `in ${formatDuration(left)}` : `${formatDuration(left)} ago`;
}
