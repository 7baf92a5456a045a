import { orderAll } from '../model/routing.js';
import type { AuthProfiles, Credential } from '../model/schema.js';

export interface RuntimeCacheEntry {
  type: 'api_key';
  key: string;
  profileId: string;
  expires: number | null;
}

/** The usable secret of a credential as the runtime sees it: never a refresh token. */
export function runtimeKey(credential: Credential): { key: string; expires: number | null } {
  switch (credential.type) {
    case 'oauth':
      return { key: credential.access, expires: credential.expires };
    case 'token':
      return { key: credential.token, expires: credential.expires ?? null };
    case 'api_key':
      return { key: credential.key, expires: null };
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
    cache[order.provider] = { type: 'api_key', key, profileId: order.active, expires };
  }
  return cache;
}
