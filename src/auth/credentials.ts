import { UserError } from '../base/errors.js';
import { readConfig } from '../env/config.js';
import { type AgentPaths } from '../env/paths.js';
import { type Env } from '../base/io.js';
import { printable } from '../base/text.js';
import { warnOnStderr, type Warn } from '../base/io.js';
import { putProfile } from '../store/profiles.js';
import type { AuthProfiles, Credential, OAuthCredential } from '../model/schema.js';
import { StoreBusyError } from '../store/errors.js';
import { DEFAULT_LOCK_WAIT_MS, lockLooksHeld, readStore, updateStore } from '../store/store.js';
import { refreshOpenAICodex, type RefreshedTokens } from './codex-refresh.js';
import { canRefresh, expiresIn, REFRESH_MARGIN_MS, REFRESHABLE_PROVIDERS } from '../model/profile-state.js';
import { classifyRefreshError, type RefreshFailure } from './refresh-errors.js';
import { orderProfiles } from '../model/routing.js';
import { fixCommand } from './status.js';
import { signInCommand } from '../model/commands.js';
import { watchStore } from './store-watch.js';
import { runtimeKey } from '../store/runtime-cache.js';

export interface CredentialDeps {
  now: () => number;
  /** Exchanges a refresh token for new tokens; throws pi-ai's errors. Default: pi-ai's OpenAI Codex refresh. */
  refresh: (refreshToken: string) => Promise<RefreshedTokens>;
  warn: Warn;
  /** For the proxy settings of the default refresh. */
  env: Env;
  /** How long to wait for another process's lock (ms); the store's default when omitted. */
  lockWaitMs?: number;
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

/** The only OAuth provider whose refresh this project implements. */

/**
 * SPEC 4: a usable secret of `provider` (its active profile, or `profileId`). An OAuth access token due
 * within 5 minutes is refreshed under the store's lock, after a re-read, so that any number of concurrent
 * callers make one refresh request between them.
 */
export async function getCredential(
  paths: AgentPaths,
  provider: string,
  profileId?: string,
  partial: Partial<CredentialDeps> = {},
): Promise<UsableCredential> {
  const deps = withDefaults(partial);
  const { store } = await readStore(paths, { warn: deps.warn });
  const id = profileId ?? (await activeProfile(paths, store, provider, deps));
  const credential = store.profiles[id];
  if (!credential || credential.provider !== provider) {
    const ids = Object.keys(store.profiles).filter((p) => store.profiles[p]?.provider === provider).sort();
    throw new UserError(`No ${provider} profile ${printable(id)} for agent ${paths.agentId}. ${provider} profiles: ${ids.length ? ids.join(', ') : '(none)'}.`);
  }
  assertNoRelogin(paths, store, id, provider);
  const now = deps.now();
  switch (credential.type) {
    case 'api_key':
      return usable(id, credential, false);
    case 'token':
      if (credential.expires != null && credential.expires <= now) {
        throw new UserError(
          `The token of ${id} expired ${expiresIn(credential.expires, now)}. Get a new one with: ${fixCommand({ id, provider, state: 'expired' }, paths.agentId)}`,
        );
      }
      return usable(id, credential, false);
    case 'oauth':
      if (credential.expires - now > REFRESH_MARGIN_MS) return usable(id, credential, false);
      if (!canRefresh(credential)) {
        throw new UserError(
          `The access token of ${id} has expired and openclaw refreshes only ${REFRESHABLE_PROVIDERS.join(', ')} tokens. Sign in again with: ${fixCommand({ id, provider, state: 'relogin' }, paths.agentId)}`,
        );
      }
      return refreshOrWait(paths, id, credential, deps);
  }
}


/** A waiter looks at the file at least this often, in case a change notice is missed. */
const WATCH_FALLBACK_MS = 250;

/**
 * Takes the lock to refresh; while another process holds it (most likely refreshing the same grant),
 * watches the file instead of queueing for the lock: the holder's atomic write is seen at once and used
 * without the lock, so a crowd of waiters neither passes the lock along one by one after a single
 * refresh nor burns the CPU that the refreshing process needs by polling.
 */
async function refreshOrWait(paths: AgentPaths, id: string, seen: OAuthCredential, deps: CredentialDeps): Promise<UsableCredential> {
  const started = performance.now();
  const waitMs = deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  // Watching starts before each look, so that no change falls between a look and the wait.
  const watcher = watchStore(paths.storeFile);
  try {
    for (;;) {
      if (!(await lockLooksHeld(paths.storeFile))) {
        try {
          // The shortest wait the store offers: one retry after 10–20 ms.
          return await refreshUnderLock(paths, id, seen, { ...deps, lockWaitMs: 1 });
        } catch (error) {
          if (!(error instanceof StoreBusyError)) throw error;
        }
      }
      if (performance.now() - started > waitMs) throw new StoreBusyError(paths.storeFile);
      const { store } = await readStore(paths, { warn: deps.warn });
      const mark = store.usageStats?.[id]?.reloginRequired;
      if (mark) throw new UserError(reloginMessage(paths, id, seen.provider, mark.reason, 'was refused in another process'));
      const current = store.profiles[id];
      if (current?.type === 'oauth' && current.expires - deps.now() > REFRESH_MARGIN_MS) return usable(id, current, false);
      await watcher.next(WATCH_FALLBACK_MS);
    }
  } finally {
    watcher.close();
  }
}

function withDefaults(partial: Partial<CredentialDeps>): CredentialDeps {
  const env = partial.env ?? process.env;
  return {
    now: partial.now ?? Date.now,
    warn: partial.warn ?? warnOnStderr,
    env,
    refresh: partial.refresh ?? ((token) => refreshOpenAICodex(token, { env })),
    ...(partial.lockWaitMs === undefined ? {} : { lockWaitMs: partial.lockWaitMs }),
  };
}

async function activeProfile(paths: AgentPaths, store: AuthProfiles, provider: string, deps: CredentialDeps): Promise<string> {
  const { authOrder } = await readConfig(paths.configFile, deps.warn);
  const active = orderProfiles(store, provider, authOrder, deps.now()).active;
  if (active) return active;
  const login = signInCommand(provider, { agent: paths.agentId });
  throw new UserError(`No ${provider} profile is stored for agent ${paths.agentId}. Sign in with: ${login}`);
}

function assertNoRelogin(paths: AgentPaths, store: AuthProfiles, id: string, provider: string): void {
  const mark = store.usageStats?.[id]?.reloginRequired;
  if (!mark) return;
  throw new UserError(reloginMessage(paths, id, provider, mark.reason, 'was refused earlier'));
}

function reloginMessage(paths: AgentPaths, id: string, provider: string, reason: string, when: string): string {
  return (
    `${id} needs a new sign-in: its refresh ${when} (${reason}). The saved credentials were kept. ` +
    `Sign in again with: ${fixCommand({ id, provider, state: 'relogin' }, paths.agentId)}`
  );
}

function usable(id: string, credential: Credential, refreshed: boolean): UsableCredential {
  const { key, expires } = runtimeKey(credential);
  return { profileId: id, type: credential.type, secret: key, expires, refreshed };
}

/** What happened under the lock; errors are thrown after the store is written (a throw inside writes nothing). */
type Outcome =
  | { kind: 'ready'; credential: OAuthCredential; refreshed: boolean }
  | { kind: 'gone' }
  | { kind: 'relogin'; reason: string; when: string }
  | { kind: 'changed' }
  | { kind: 'failed'; failure: Exclude<RefreshFailure, { kind: 'permanent' }> };

async function refreshUnderLock(paths: AgentPaths, id: string, seen: OAuthCredential, deps: CredentialDeps): Promise<UsableCredential> {
  const { result } = await updateStore<Outcome>(
    paths,
    async (draft) => {
      const current = draft.profiles[id];
      if (!current || current.type !== 'oauth' || current.provider !== seen.provider) return { kind: 'gone' };
      const mark = draft.usageStats?.[id]?.reloginRequired;
      if (mark) return { kind: 'relogin', reason: mark.reason, when: 'was refused in another process' };
      // Another process refreshed while this one waited for the lock.
      if (current.expires - deps.now() > REFRESH_MARGIN_MS) return { kind: 'ready', credential: current, refreshed: false };

      let tokens: RefreshedTokens;
      try {
        tokens = await deps.refresh(current.refresh);
      } catch (error) {
        const failure = classifyRefreshError(error, [current.refresh, current.access]);
        if (failure.kind !== 'permanent') return { kind: 'failed', failure };
        return afterPermanentFailure(paths, draft, id, current, failure.reason, deps);
      }
      const { access, refresh, expires, accountId } = tokens;
      // Spread first: fields this project does not know (email, …) are kept.
      const fresh: OAuthCredential = { ...current, type: 'oauth', provider: current.provider, access, refresh, expires, accountId };
      putProfile(draft, id, fresh);
      return { kind: 'ready', credential: fresh, refreshed: true };
    },
    { warn: deps.warn, now: deps.now, ...(deps.lockWaitMs === undefined ? {} : { lockWaitMs: deps.lockWaitMs }) },
  );

  switch (result.kind) {
    case 'ready':
      return usable(id, result.credential, result.refreshed);
    case 'gone':
      throw new UserError(`${id} was removed or replaced by another process while it was being refreshed; nothing was changed. Run the command again.`);
    case 'relogin':
      throw new UserError(reloginMessage(paths, id, seen.provider, result.reason, result.when));
    case 'changed':
      throw new UserError(`${id} was changed by another program while it was being refreshed; nothing was lost. Run the command again.`);
    case 'failed':
      throw new UserError(
        result.failure.kind === 'transient'
          ? `Could not refresh ${id}: ${result.failure.detail}. Nothing was changed; try again in a moment.`
          : `Could not refresh ${id}: ${result.failure.detail}. Nothing was changed. Try again; if it keeps failing, sign in again with: ${fixCommand({ id, provider: seen.provider, state: 'relogin' }, paths.agentId)}`,
      );
  }
}

/**
 * The endpoint says the refresh token is dead. A program that does not take our lock may have written
 * fresh tokens meanwhile, so the file is read once more: a different refresh token there is used (or, when
 * its access token is due as well, left for the next run); else the profile is marked and its credentials
 * kept as they are, never replaced by a logged-out stub.
 */
async function afterPermanentFailure(
  paths: AgentPaths,
  draft: AuthProfiles,
  id: string,
  sent: OAuthCredential,
  reason: string,
  deps: CredentialDeps,
): Promise<Outcome> {
  const { store: disk, exists } = await readStore(paths, { warn: deps.warn });
  const there = exists ? disk.profiles[id] : undefined;
  if (there?.type === 'oauth' && there.refresh !== sent.refresh) {
    // Take what is on disk as a whole, so that this write (and auth.json) keeps the other program's work.
    for (const key of Object.keys(draft)) delete (draft as Record<string, unknown>)[key];
    Object.assign(draft, disk);
    return there.expires > deps.now() ? { kind: 'ready', credential: there, refreshed: false } : { kind: 'changed' };
  }
  draft.usageStats ??= {};
  const stats = (draft.usageStats[id] ??= {});
  stats.reloginRequired = { since: deps.now(), reason };
  return { kind: 'relogin', reason, when: 'was refused' };
}
