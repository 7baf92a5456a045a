import { own, type AuthProfiles, type Credential, type UsageStats } from './schema.js';
import { needsUser, profileState } from './profile-state.js';

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

/** The ids of a provider's profiles, sorted (for messages that list them). */
export function profileIdsOf(store: AuthProfiles, provider: string): string[] {
  return Object.keys(store.profiles)
    .filter((id) => own(store.profiles, id)?.provider === provider)
    .sort();
}

/**
 * The provider's profiles and links (SPEC 11): every id the agent can name, whether or not its holder has a
 * usable sign-in for it now. A link shadowed by a profile of the same id counts once.
 */
export function namedIdsOf(store: AuthProfiles, provider: string): string[] {
  const links = Object.entries(store.links ?? {}).filter(([id, link]) => link.provider === provider && !Object.hasOwn(store.profiles, id)).map(([id]) => id);
  return [...profileIdsOf(store, provider), ...links].sort();
}

// Compares rather than subtracts: Infinity - Infinity (two profiles needing re-login) is NaN.
const compare = <T extends string | number>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * SPEC 5: the store's `order[provider]`, else config `auth.order[provider]`, else every profile of the
 * provider (oauth, token, api_key, then least recently used). An explicit order is the whole list (a
 * profile it leaves out is not used, as in OpenClaw); ids in it that name no profile of the provider are
 * skipped. Profiles in cooldown, disabled or needing re-login go last, soonest available first.
 */
export function orderProfiles(
  store: AuthProfiles,
  provider: string,
  configOrder: Record<string, string[]>,
  now: number,
): ProviderOrder {
  const { source, ids } = chooseOrder(store, provider, configOrder);
  // A profile that gives nothing without the user (re-login, or expired with no way to refresh) goes last.
  const at = new Map(
    ids.map((id) => {
      const stats = own(store.usageStats, id);
      return [id, needsUser(profileState(store.profiles[id]!, stats, now)) ? Number.POSITIVE_INFINITY : availableAt(stats, now)];
    }),
  );
  const ready = ids.filter((id) => at.get(id)! <= now);
  // A stable sort: profiles free at the same moment (two needing re-login, say) keep their order.
  const waiting = ids.filter((id) => at.get(id)! > now).sort((a, b) => compare(at.get(a)!, at.get(b)!));
  const ordered = [...ready, ...waiting];
  return { provider, ids: ordered, active: ordered[0] ?? null, source };
}

/** Where the order comes from, before profiles that cannot be used now are moved last. */
function chooseOrder(store: AuthProfiles, provider: string, configOrder: Record<string, string[]>): { source: OrderSource; ids: string[] } {
  const mine = profileIdsOf(store, provider);
  const isMine = new Set(mine);
  const pick = (list: string[] | undefined) => [...new Set((list ?? []).filter((id) => isMine.has(id)))];
  const stored = pick(own(store.order, provider));
  if (stored.length > 0) return { source: 'store', ids: stored };
  const configured = pick(own(configOrder, provider));
  if (configured.length > 0) return { source: 'config', ids: configured };
  return { source: 'automatic', ids: automaticOrder(store, mine) };
}

/** orderProfiles with what a person needs to see why: the lists it was made from and what they leave out. */
export interface OrderExplanation extends ProviderOrder {
  /** The store's `order[provider]` and config's `auth.order[provider]` as written; null where unset. */
  storeOrder: string[] | null;
  configOrder: string[] | null;
  /** The order before profiles that cannot be used now were moved last. */
  base: string[];
  /** Profiles of the provider that an explicit order leaves out: never used while it is in effect. */
  unlisted: string[];
  /** Entries of the order in effect that name no profile of the provider (skipped). */
  unknown: string[];
}

export function explainOrder(store: AuthProfiles, provider: string, configOrder: Record<string, string[]>, now: number): OrderExplanation {
  const order = orderProfiles(store, provider, configOrder, now);
  const { ids: base } = chooseOrder(store, provider, configOrder);
  const storeOrder = own(store.order, provider) ?? null;
  const config = own(configOrder, provider) ?? null;
  const mine = profileIdsOf(store, provider);
  const isMine = new Set(mine);
  const inBase = new Set(base);
  const inEffect = order.source === 'store' ? storeOrder : order.source === 'config' ? config : null;
  return {
    ...order,
    storeOrder,
    configOrder: config,
    base,
    unlisted: mine.filter((id) => !inBase.has(id)),
    unknown: [...new Set((inEffect ?? []).filter((id) => !isMine.has(id)))],
  };
}

function automaticOrder(store: AuthProfiles, ids: string[]): string[] {
  const lastUsed = (id: string) => own(store.usageStats, id)?.lastUsed ?? 0;
  return [...ids].sort(
    (a, b) =>
      TYPE_RANK[store.profiles[a]!.type] - TYPE_RANK[store.profiles[b]!.type] ||
      lastUsed(a) - lastUsed(b) ||
      compare(a, b),
  );
}

export function orderAll(store: AuthProfiles, configOrder: Record<string, string[]>, now: number): ProviderOrder[] {
  return providersOf(store).map((provider) => orderProfiles(store, provider, configOrder, now));
}
