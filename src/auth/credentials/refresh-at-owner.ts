import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { AgentPaths } from '../../env/paths.js';
import { signInCommand } from '../../model/commands.js';
import { canRefresh } from '../../model/profile-state.js';
import type { AuthProfiles, OAuthCredential } from '../../model/schema.js';
import { StoreBusyError } from '../../store/errors.js';
import { busyAfter, lockLooksHeld, lockWaitNotice, readStore } from '../../store/store.js';
import { oauthRefresherFor, oauthSecretFor, RefreshSecretError } from '../providers/refresh.js';
import { loadRegistry } from '../providers/registry.js';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../token-http.js';
import { LOST_LOCK_GRACE_MS } from '../token-requests.js';
import { CODEX_PROVIDER, RotatedGrantError } from './codex-refresh.js';
import { assertNoRelogin, assertNotHeldOff, REFRESH_WAIT_MS, refused, usable, usableAsFound, type CredentialDeps, type UsableCredential } from './refresh-rules.js';
import { refreshUnderLock } from './refresh-under-lock.js';
import { watchStore } from './store-watch.js';

/** How the owner refreshes a grant and what its secret is (SPEC 8); `refresh` null when it cannot. */
export interface RefreshPlan {
  refresh: CredentialDeps['refresh'] | null;
  secretOf?: (credential: OAuthCredential) => string;
}

/**
 * SPEC 4, the last step of resolution: a due (or refused) grant of this agent's own store, refreshed here,
 * its owner: unless it cannot be refreshed or a transient failure moments ago holds off every refresh of
 * it for a while, under the store's lock, or by waiting for the process that holds it.
 */
export async function refreshAtOwner(
  paths: AgentPaths,
  id: string,
  credential: OAuthCredential,
  store: AuthProfiles,
  plan: RefreshPlan,
  deps: CredentialDeps,
  now: number,
): Promise<UsableCredential> {
  if (!canRefresh(credential) || !plan.refresh) {
    throw new UserError(t('cred.cannotRefresh', { id, provider: credential.provider, command: signInCommand(credential.provider, { agent: paths.agentId, profileId: id }) }));
  }
  assertNotHeldOff(store, id, now);
  return refreshOrWait(paths, id, credential, { ...deps, refresh: plan.refresh, ...(plan.secretOf ? { secretOf: plan.secretOf } : {}) });
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
  await deps.beforeRefresh?.();
  const started = performance.now();
  const waitMs = deps.lockWaitMs ?? REFRESH_WAIT_MS;
  // Watching starts before each look, so that no change falls between a look and the wait.
  const watcher = watchStore(paths.storeFile);
  const waiting = lockWaitNotice(paths.storeFile, deps.warn);
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
      if (performance.now() - started > waitMs) throw await busyAfter(paths.storeFile, waitMs);
      const { store } = await readStore(paths, { warn: deps.warn });
      assertNoRelogin(paths, store, id, seen.provider, 'elsewhere');
      const current = store.profiles[id];
      if (current?.type === 'oauth' && usableAsFound(seen.refresh, current, deps.now()) && !refused(current, deps)) return usable(id, current, false, deps.secretOf);
      // The holder's refresh failed for now: no point in sending another one.
      assertNotHeldOff(store, id, deps.now());
      waiting();
      await watcher.next(WATCH_FALLBACK_MS);
    }
  } finally {
    watcher.close();
  }
}

/**
 * How an OAuth profile of `provider` is refreshed and what its secret is (SPEC 8): OpenAI Codex through
 * pi-ai's own path (or the refresh a test injects); any other provider through the refreshToken and
 * getApiKey of the OAuth method that signed the profile in (plugins loaded only here, never by `models status`).
 */
export async function refreshPlan(paths: AgentPaths, signedIn: OAuthCredential, deps: CredentialDeps): Promise<RefreshPlan> {
  const { provider } = signedIn;
  if (provider === CODEX_PROVIDER) return { refresh: deps.refresh };
  const registry = await loadRegistry(paths, { warn: deps.warn });
  // Through the method that signed the profile in (SPEC 8).
  const refresher = oauthRefresherFor(registry, provider, signedIn);
  const secretOf = oauthSecretFor(registry, provider, signedIn) ?? undefined;
  if (!refresher) return { refresh: null, ...(secretOf ? { secretOf } : {}) };
  const refresh: CredentialDeps['refresh'] = async (_token, { credential, lockLost }) => {
    try {
      const { credentials } = await boundedRefresh(refresher(credential), lockLost, deps.refreshTimeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS);
      const { access, refresh: next, expires } = credentials as OAuthCredential;
      return { access, refresh: next, expires, fields: credentials };
    } catch (error) {
      // The grant rotated but no secret came of it: the new refresh token is still written (SPEC 4).
      if (error instanceof RefreshSecretError && typeof error.credentials.refresh === 'string') throw new RotatedGrantError(error.credentials.refresh);
      throw error;
    }
  };
  return { refresh, ...(secretOf ? { secretOf } : {}) };
}

/**
 * A provider method's refresh runs under the store lock, and a plugin's may never settle: it is given up
 * after SPEC 4's deadline (a transient failure, so the hold-off applies) or when the lock is lost (after
 * the grace an answer arriving at that moment gets, as for OpenAI Codex), so that the lock is not held forever.
 */
function boundedRefresh<T>(work: Promise<T>, lockLost: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const done = () => {
      for (const timer of timers) clearTimeout(timer);
      lockLost.removeEventListener('abort', onLost);
    };
    const fail = (error: unknown) => (done(), reject(error));
    const onLost = () => void timers.push(setTimeout(() => fail(lockLost.reason), LOST_LOCK_GRACE_MS));
    timers.push(setTimeout(() => fail(new DOMException(t('refresh.timeout'), 'TimeoutError')), timeoutMs));
    if (lockLost.aborted) onLost();
    else lockLost.addEventListener('abort', onLost, { once: true });
    work.then((value) => (done(), resolve(value)), fail);
  });
}
