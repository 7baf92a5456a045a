import type { AgentPaths } from '../../env/paths.js';
import { failureReasons, type AuthProfiles, type FailureReason, type UsageStats } from '../../model/schema.js';
import { updateStore, type StoreOptions } from '../../store/store.js';
import { DAY, HOUR } from '../../model/profile-state.js';

const MINUTE = 60_000;
/** Counters start again after this long without a failure (SPEC 5). */
export const FAILURE_WINDOW_MS = DAY;

/** 1 min, 5 min, 25 min, then 1 h for the n-th failure in a row. */
export function cooldownMs(errorCount: number): number {
  return Math.min(HOUR, MINUTE * 5 ** (Math.max(1, errorCount) - 1));
}

/** 5 h, 10 h, 20 h, then 24 h for the n-th billing failure in a row. */
export function billingDisableMs(billingCount: number): number {
  return Math.min(DAY, 5 * HOUR * 2 ** (Math.max(1, billingCount) - 1));
}

/**
 * The stats after one more failure. A billing failure disables the profile (a card will not fix itself
 * in a minute); any other failure cools it down. `reloginRequired` and unknown fields are kept as they are.
 */
export function applyFailure(stats: UsageStats | undefined, reason: FailureReason, now: number): UsageStats {
  if (!failureReasons.includes(reason)) throw new Error(`unknown failure reason ${String(reason)}`);
  const last = stats?.lastFailureAt;
  const fresh = last !== undefined && now - last > FAILURE_WINDOW_MS;
  const errorCount = (fresh ? 0 : (stats?.errorCount ?? 0)) + 1;
  const failureCounts = { ...(fresh ? {} : stats?.failureCounts) };
  failureCounts[reason] = (failureCounts[reason] ?? 0) + 1;
  const next: UsageStats = { ...stats, errorCount, failureCounts, lastFailureAt: now };
  if (reason === 'billing') {
    next.disabledUntil = now + billingDisableMs(failureCounts.billing!);
    next.disabledReason = 'billing';
  } else {
    next.cooldownUntil = now + cooldownMs(errorCount);
  }
  return next;
}

/** The stats after a success: the failure counters and windows are cleared; `lastFailureAt` is history. */
export function applyGood(stats: UsageStats | undefined, now: number): UsageStats {
  const { errorCount, failureCounts, cooldownUntil, disabledUntil, disabledReason, ...rest } = stats ?? {};
  return { ...rest, lastUsed: now };
}

/**
 * Records a failure of `profileId` under the store lock, so that concurrent processes lose no count.
 * Returns the new stats, or null when the profile is gone (removed since it was used): nothing is recorded.
 */
export function markFailure(
  paths: AgentPaths,
  profileId: string,
  reason: FailureReason,
  options: StoreOptions = {},
): Promise<UsageStats | null> {
  return updateStats(paths, profileId, options, (_draft, stats, now) => applyFailure(stats, reason, now));
}

/** Records a success: clears the counters and makes the profile its provider's `lastGood`. Null when it is gone. */
export function markGood(paths: AgentPaths, profileId: string, options: StoreOptions = {}): Promise<UsageStats | null> {
  return updateStats(paths, profileId, options, (draft, stats, now) => {
    draft.lastGood = { ...draft.lastGood, [draft.profiles[profileId]!.provider]: profileId };
    return applyGood(stats, now);
  });
}

async function updateStats(
  paths: AgentPaths,
  profileId: string,
  options: StoreOptions,
  next: (draft: AuthProfiles, stats: UsageStats | undefined, now: number) => UsageStats,
): Promise<UsageStats | null> {
  // The clock is read under the lock: a mark that waited for it is dated when it is applied.
  const now = options.now ?? Date.now;
  const { result } = await updateStore(
    paths,
    (draft) => {
      if (!draft.profiles[profileId]) return null;
      const stats = next(draft, draft.usageStats?.[profileId], now());
      draft.usageStats = { ...draft.usageStats, [profileId]: stats };
      return stats;
    },
    options,
  );
  return result;
}
