import { orderAll } from '../model/routing.js';
import type { AuthProfiles, Credential } from '../model/schema.js';

export interface RuntimeCacheEntry {
  type: 'api_key';
  key: string;
  profileId: string;
  expires: number | null;
}

/**
 * The usable secret of a credential as the runtime sees it: never a refresh token. Null for a profile that
 * holds a reference instead (SPEC 12): what it points to is resolved at each use and never written down.
 */
export function runtimeKey(credential: Credential): { key: string | null; expires: number | null } {
  switch (credential.type) {
    case 'oauth':
      return { key: credential.access, expires: credential.expires };
    case 'token':
      return { key: credential.tokenRef ? null : (credential.token ?? null), expires: credential.expires ?? null };
    case 'api_key':
      return { key: credential.keyRef ? null : (credential.key ?? null), expires: null };
  }
}

/** SPEC 2.2: the active profile of each provider. */
export function buildRuntimeCache(
  store: AuthProfiles,
  configOrder: Record<string, string[]>,
  now: number,
): Record<string, RuntimeCacheEntry> {
  const cache: Record<string, RuntimeCacheEntry> = {};
  for (const order of orderAll(store, configOrder, now)) {
    if (!order.active) continue;
    const { key, expires } = runtimeKey(store.profiles[order.active]!);
    if (key === null) continue;
    cache[order.provider] = { type: 'api_key', key, profileId: order.active, expires };
  }
  return cache;
}
