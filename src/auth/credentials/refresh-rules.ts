import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { Env, Warn } from '../../base/io.js';
import { printable } from '../../base/text.js';
import type { AgentPaths } from '../../env/paths.js';
import { signInCommand } from '../../model/commands.js';
import { own, type AuthProfiles, type Credential, type OAuthCredential } from '../../model/schema.js';
import { accessDue } from '../../model/token-life.js';
import { runtimeKey } from '../../store/runtime-cache.js';
import type { RefreshedTokens } from './codex-refresh.js';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../token-http.js';

/**
 * How long a process waits for another's refresh of the same grant (watching the store for its result),
 * or for the lock to write back an answer it holds: the holder is in one token request, which SPEC 4
 * bounds at 20 s, then writes in milliseconds; so that much and a margin. A plain store write waits less
 * (DEFAULT_LOCK_WAIT_MS): it does not know the holder is refreshing.
 */
export const REFRESH_WAIT_MS = TOKEN_REQUEST_TIMEOUT_MS + 5_000;

export interface CredentialDeps {
  now: () => number;
  /**
   * Exchanges a refresh token for new tokens; throws pi-ai's errors, or a RotatedGrantError when the grant
   * rotated but the answer is unusable. `lockLost` aborts the request. Default: pi-ai's OpenAI Codex refresh.
   */
  refresh: (refreshToken: string, options: { lockLost: AbortSignal; credential: OAuthCredential }) => Promise<RefreshedTokens>;
  /**
   * SPEC 8: the secret of an OAuth credential when it is not its access token (a provider method's
   * `getApiKey`); the access token when omitted.
   */
  secretOf?: (credential: OAuthCredential) => string;
  warn: Warn;
  /** For the proxy settings of the default refresh. */
  env: Env;
  /** How long to wait for another process's lock or refresh (ms); REFRESH_WAIT_MS when omitted. */
  lockWaitMs?: number;
  /**
   * How long a provider method's refresh (a plugin's, GitHub Copilot's) may take under the lock (ms);
   * SPEC 4's deadline for a token request when omitted.
   */
  refreshTimeoutMs?: number;
  /** How long to wait for the lock, each time, to write an answer held in memory after the lock was lost (ms). */
  answerLockWaitMs?: number;
  /**
   * An access token the provider has just refused (a probe's 401): it is refreshed even though not due,
   * unless the store already holds another one (another process refreshed meanwhile).
   */
  refusedAccess?: string;
  /**
   * False: a refresh that fails leaves no hold-off mark (`refreshRetryAt`, `refreshFailures`) in the store.
   * The probe's (issue 21: it marks nothing); a grant the answer rotated is still written (SPEC 4).
   */
  markHoldOff?: boolean;
  /** Called once before a refresh is attempted (the run is about to make an HTTP request). */
  beforeRefresh?: () => Promise<void>;
}

/** Whether an OAuth credential's access token is the one a probe has just seen refused (issue 21): it is refreshed. */
export function refused(credential: OAuthCredential, deps: Pick<CredentialDeps, 'refusedAccess'>): boolean {
  return deps.refusedAccess !== undefined && credential.access === deps.refusedAccess;
}

export interface UsableCredential {
  profileId: string;
  type: Credential['type'];
  /** The key, token or access token: what a request sends. */
  secret: string;
  /** Epoch ms, or null when it never expires. */
  expires: number | null;
  /** True when this call refreshed it. */
  refreshed: boolean;
}

/** `resolved`: the secret a profile's reference (SPEC 12) resolved to at this use. */
export function usable(
  id: string,
  credential: Credential,
  refreshed: boolean,
  secretOf?: (credential: OAuthCredential) => string,
  resolved?: string,
): UsableCredential {
  const { key, expires } = runtimeKey(credential);
  const secret = resolved ?? (credential.type === 'oauth' && secretOf ? secretOf(credential) : key);
  // The store's schema lets no static profile go without its secret or a reference, which is resolved first.
  if (secret === null) throw new Error(`profile ${id} holds a reference that was not resolved`);
  return { profileId: id, type: credential.type, secret, expires, refreshed };
}

/**
 * SPEC 4: whether the profile found on disk (`current`) is to be used as it is by a process that read the
 * refresh token `seenRefresh` and found its access token due: when it is not due (any more), or when another
 * process already refreshed (the refresh token there is not the one read, and its access token has not
 * expired), whatever the token's lifetime. One rule for every provider and for every place that looks.
 */
export function usableAsFound(seenRefresh: string, current: OAuthCredential, now: number): boolean {
  if (!accessDue(current, now)) return true;
  return current.refresh !== seenRefresh && current.expires > now;
}

/** When the refresh was refused: just now, earlier (the mark was on the profile), or in another process. */
export type RefusedWhen = 'now' | 'earlier' | 'elsewhere';

const REFUSED = { now: 'relogin.refused', earlier: 'relogin.refusedEarlier', elsewhere: 'relogin.refusedElsewhere' } as const;

export function reloginMessage(paths: AgentPaths, id: string, provider: string, reason: string, when: RefusedWhen): string {
  return t(REFUSED[when], { id, reason: printable(reason, 60), command: signInCommand(provider, { agent: paths.agentId, profileId: id }) });
}

/** A grant marked for re-login (SPEC 4) is not used, nor sent again: the user is told to sign in. */
export function assertNoRelogin(paths: AgentPaths, store: AuthProfiles, id: string, provider: string, when: RefusedWhen): void {
  const mark = own(store.usageStats, id)?.reloginRequired;
  if (mark) throw new UserError(reloginMessage(paths, id, provider, mark.reason, when));
}

/**
 * SPEC 4's hold-off after a transient failure: 5 s after the first, doubling while failures go on, at
 * most 60 s. Until then no process sends a refresh for the grant, so an outage costs one request.
 */
export const FIRST_HOLD_OFF_MS = 5_000;
export const MAX_HOLD_OFF_MS = 60_000;

export function holdOffMs(failures: number): number {
  return Math.min(MAX_HOLD_OFF_MS, FIRST_HOLD_OFF_MS * 2 ** Math.max(0, Math.min(failures, 16) - 1));
}

/**
 * Records a transient (or refused) failure of `id`'s refresh; returns when the next one may be sent. With
 * `mark` false (the probe) only the time is told and the draft is left as it is.
 */
export function holdOff(draft: AuthProfiles, id: string, now: number, mark = true): number {
  if (!mark) return now + holdOffMs((own(draft.usageStats, id)?.refreshFailures ?? 0) + 1);
  draft.usageStats ??= {};
  const stats = (draft.usageStats[id] ??= {});
  const failures = (stats.refreshFailures ?? 0) + 1;
  stats.refreshFailures = failures;
  stats.refreshRetryAt = now + holdOffMs(failures);
  return stats.refreshRetryAt;
}

/** When a refresh of `id` may be sent again, if that is still ahead. */
export function heldUntil(store: AuthProfiles, id: string, now: number): number | null {
  const at = own(store.usageStats, id)?.refreshRetryAt;
  return at !== undefined && at > now ? at : null;
}

/** "in 5 s" (rounded up, so that a retry at that time is never early). */
export function retryIn(retryAt: number, now: number): string {
  return t('refresh.retryIn', { n: Math.max(1, Math.ceil((retryAt - now) / 1000)) });
}

export function heldOffError(id: string, retryAt: number, now: number): UserError {
  return new UserError(t('refresh.heldOff', { id, when: retryIn(retryAt, now) }));
}

export function assertNotHeldOff(store: AuthProfiles, id: string, now: number): void {
  const retryAt = heldUntil(store, id, now);
  if (retryAt !== null) throw heldOffError(id, retryAt, now);
}
