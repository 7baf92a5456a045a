import type { AuthProfiles, Credential, UsageStats } from '../store/schema.js';

const TYPE_RANK: Record<Credential['type'], number> = { oauth: 0, token: 1, api_key: 2 };

export type OrderSource = 'store' | 'config' | 'automatic';

export interface ProviderOrder {
  provider: string;
  /** Profile ids, best first; the first is the active one. */
  ids: string[];
  active: string | null;
  source: OrderSource;
}

/** When the profile can be used again: now or earlier when it is available; Infinity for re-login. */
export function availableAt(stats: UsageStats | undefined, now: number): number {
  if (!stats) return now;
  if (stats.reloginRequired) return Number.POSITIVE_INFINITY;
  return Math.max(now, stats.cooldownUntil ?? 0, stats.disabledUntil ?? 0);
}

export function providersOf(store: AuthProfiles): string[] {
  return [...new Set(Object.values(store.profiles).map((p) => p.provider))].sort();
}

/**
 * SPEC 5: the store's `order[provider]`, else config `auth.order[provider]`, else every profile of the
 * provider (oauth, token, api_key, then least recently used). Ids that name no profile of the provider
 * are skipped. Profiles in cooldown, disabled or needing re-login go last, soonest available first.
 */
export function orderProfiles(
  store: AuthProfiles,
  provider: string,
  configOrder: Record<string, string[]>,
  now: number,
): ProviderOrder {
  const own = Object.keys(store.profiles).filter((id) => store.profiles[id]?.provider === provider);
  const pick = (list: string[] | undefined) => [...new Set((list ?? []).filter((id) => own.includes(id)))];

  let source: OrderSource = 'automatic';
  let ids = pick(store.order?.[provider]);
  if (ids.length > 0) source = 'store';
  else {
    ids = pick(configOrder[provider]);
    if (ids.length > 0) source = 'config';
    else ids = automaticOrder(store, own);
  }

  const at = new Map(ids.map((id) => [id, availableAt(store.usageStats?.[id], now)]));
  const ready = ids.filter((id) => at.get(id)! <= now);
  const waiting = ids.filter((id) => at.get(id)! > now).sort((a, b) => at.get(a)! - at.get(b)!);
  const ordered = [...ready, ...waiting];
  return { provider, ids: ordered, active: ordered[0] ?? null, source };
}

function automaticOrder(store: AuthProfiles, ids: string[]): string[] {
  const lastUsed = (id: string) => store.usageStats?.[id]?.lastUsed ?? 0;
  return [...ids].sort(
    (a, b) =>
      TYPE_RANK[store.profiles[a]!.type] - TYPE_RANK[store.profiles[b]!.type] ||
      lastUsed(a) - lastUsed(b) ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
}

export function orderAll(store: AuthProfiles, configOrder: Record<string, string[]>, now: number): ProviderOrder[] {
  return providersOf(store).map((provider) => orderProfiles(store, provider, configOrder, now));
}
