import { UserError } from '../base/errors.js';
import { t } from '../base/i18n/index.js';
import { isTokenText } from '../base/text.js';
import type { AgentPaths } from '../env/paths.js';
import { updateStore, type StoreOptions } from './store.js';
import { own, refOf, type AuthProfiles, type Credential, type ProfileLink } from '../model/schema.js';
import type { SecretRef } from '../model/secret-ref.js';
import { withObtained } from '../model/token-life.js';

/**
 * Sets a profile's credential. A fresh credential is a new grant: the marks about the old one go with it
 * (a re-login mark, a refresh hold-off and its count; SPEC 4), so a sign-in is usable at once. Failover
 * marks stay (SPEC 5: a rate limit or a billing stop belongs to the account, not the grant).
 */
export function putProfile(draft: AuthProfiles, id: string, credential: Credential): void {
  draft.profiles[id] = credential;
  clearGrantMarks(draft, id);
  // SPEC 11: a sign-in on the agent gives it a grant of its own; the link it replaces goes.
  removeLinks(draft, [id]);
}

/**
 * Makes `id` a link (SPEC 11: another tool's file, or another agent's profile): a local profile of that
 * id goes, and the marks about its grant with it.
 */
export function putLink(draft: AuthProfiles, id: string, link: ProfileLink): void {
  delete draft.profiles[id];
  clearGrantMarks(draft, id);
  draft.links = { ...draft.links, [id]: link };
}

/** Removes links only: the holder's grant is not touched (SPEC 11, `logout` on an agent that links). */
export function removeLinks(draft: AuthProfiles, ids: readonly string[]): void {
  for (const id of ids) delete draft.links?.[id];
  if (draft.links && Object.keys(draft.links).length === 0) delete draft.links;
}

/** Drops `id`'s re-login mark, refresh hold-off and refresh failure count (a sign-in, a refresh that went through). */
export function clearGrantMarks(draft: AuthProfiles, id: string): void {
  const stats = own(draft.usageStats, id);
  if (!stats) return;
  delete stats.reloginRequired;
  delete stats.refreshRetryAt;
  delete stats.refreshFailures;
  if (Object.keys(stats).length === 0) delete draft.usageStats![id];
  if (draft.usageStats && Object.keys(draft.usageStats).length === 0) delete draft.usageStats;
}

/** The grant was refused for good: it needs a sign-in (SPEC 4), and a hold-off of it means nothing now. */
export function markRelogin(draft: AuthProfiles, id: string, reason: string, now: number): void {
  draft.usageStats ??= {};
  const stats = (draft.usageStats[id] ??= {});
  stats.reloginRequired = { since: now, reason };
  delete stats.refreshRetryAt;
  delete stats.refreshFailures;
}

/** Removes profiles and every reference to them (order, lastGood, usageStats). */
export function removeProfiles(draft: AuthProfiles, ids: readonly string[]): void {
  const gone = new Set(ids);
  for (const id of ids) {
    delete draft.profiles[id];
    delete draft.usageStats?.[id];
  }
  removeLinks(draft, ids);
  for (const [provider, list] of Object.entries(draft.order ?? {})) {
    const kept = list.filter((id) => !gone.has(id));
    if (kept.length) draft.order![provider] = kept;
    else delete draft.order![provider];
  }
  for (const [provider, id] of Object.entries(draft.lastGood ?? {})) {
    if (gone.has(id)) delete draft.lastGood![provider];
  }
  for (const key of ['order', 'lastGood', 'usageStats'] as const) {
    const value = draft[key];
    if (value && Object.keys(value).length === 0) delete draft[key];
  }
}

/**
 * Puts `credential` under `id` (putProfile) and returns the reference the id held before (SPEC 12), so that
 * the caller can tidy up after it: a keychain item nothing names any more.
 */
function replaceProfile(draft: AuthProfiles, id: string, credential: Credential): SecretRef | null {
  const before = own(draft.profiles, id);
  putProfile(draft, id, credential);
  return before ? refOf(before) : null;
}

/** Stores a token profile (a paste, a setup-token) through the one write path; returns the reference it replaced. */
export async function saveTokenProfile(
  paths: AgentPaths,
  entry: { id: string; provider: string; token: string; expires: number | undefined },
  options: StoreOptions,
): Promise<SecretRef | null> {
  const credential: Credential = { type: 'token', provider: entry.provider, token: entry.token, ...(entry.expires === undefined ? {} : { expires: entry.expires }) };
  return (await updateStore(paths, (draft) => replaceProfile(draft, entry.id, credential), options)).result;
}

/**
 * Stores an OAuth sign-in's credentials under `id` through the one write path, replacing whatever the id
 * held: a new sign-in may be another account (a GitHub Enterprise host, an email) and must not inherit the
 * old one's fields (those are kept across a refresh of the same grant, not across sign-ins). The old
 * grant's marks go (putProfile). When the tokens were obtained is recorded, so that the access token's
 * lifetime is known (SPEC 4's due-ness of a short-lived token).
 */
export async function saveOAuthProfile(
  paths: AgentPaths,
  entry: { id: string; provider: string; access: string; refresh: string; expires: number; accountId?: string; email?: string },
  options: StoreOptions,
): Promise<void> {
  const { id, ...credential } = entry;
  // What the sign-in server sent, held to a pasted token's rule before anything is written.
  if (!isTokenText(entry.access) || !isTokenText(entry.refresh)) throw new UserError(t('signin.badTokenChars'));
  const obtained = (options.now ?? Date.now)();
  await updateStore(
    paths,
    (draft) => putProfile(draft, id, withObtained({ type: 'oauth' as const, ...credential }, obtained)),
    options,
  );
}

/** Stores an API key as an `api_key` profile through the one write path; returns the reference it replaced. */
export async function saveApiKeyProfile(paths: AgentPaths, entry: { id: string; provider: string; key: string }, options: StoreOptions): Promise<SecretRef | null> {
  return (await updateStore(paths, (draft) => replaceProfile(draft, entry.id, { type: 'api_key', provider: entry.provider, key: entry.key }), options)).result;
}

/**
 * Stores a token or api_key profile that holds a reference (`tokenRef` / `keyRef`) instead of the secret
 * (SPEC 12) through the one write path. Returns the reference the id held before, so that the caller can
 * tidy up after it (a keychain item nothing names any more).
 */
export async function saveRefProfile(
  paths: AgentPaths,
  entry: { id: string; provider: string; type: 'token' | 'api_key'; ref: SecretRef; expires: number | undefined },
  options: StoreOptions,
): Promise<SecretRef | null> {
  const credential: Credential =
    entry.type === 'api_key'
      ? { type: 'api_key', provider: entry.provider, keyRef: entry.ref }
      : { type: 'token', provider: entry.provider, tokenRef: entry.ref, ...(entry.expires === undefined ? {} : { expires: entry.expires }) };
  return (await updateStore(paths, (draft) => replaceProfile(draft, entry.id, credential), options)).result;
}
