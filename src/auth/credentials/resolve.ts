import { UserError } from '../../base/errors.js';
import { listOrNone, t } from '../../base/i18n/index.js';
import { warnOnStderr } from '../../base/io.js';
import { printable } from '../../base/text.js';
import { readConfig } from '../../env/config.js';
import type { AgentPaths } from '../../env/paths.js';
import { signInCommand, suggest } from '../../model/commands.js';
import { canRefresh, expiresIn } from '../../model/profile-state.js';
import { accessDue } from '../../model/token-life.js';
import { orderProfiles, profileIdsOf, providersOf } from '../../model/routing.js';
import { own, refOf, type AuthProfiles, type Credential, type OAuthCredential } from '../../model/schema.js';
import { StoreBusyError } from '../../store/errors.js';
import { DEFAULT_LOCK_WAIT_MS, lockLooksHeld, lockWaitNotice, readStore } from '../../store/store.js';
import { readView, viewOptionsOf } from './sources.js';
import { fromTool } from './tools.js';
import { CODEX_PROVIDER, refreshOpenAICodex, RotatedGrantError } from './codex-refresh.js';
import { oauthRefresherFor, oauthSecretFor, RefreshSecretError } from '../providers/refresh.js';
import { loadRegistry } from '../providers/registry.js';
import { unknownProviderError } from '../providers/unknown.js';
import { assertNotHeldOff, refused, reloginMessage, usable, usableAsFound, type CredentialDeps, type UsableCredential } from './refresh-rules.js';
import { refreshUnderLock } from './refresh-under-lock.js';
import { resolveSecretRef } from '../secrets/resolve.js';
import { watchStore } from './store-watch.js';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../token-http.js';
import { LOST_LOCK_GRACE_MS } from '../token-requests.js';

export type { CredentialDeps, UsableCredential } from './refresh-rules.js';

/**
 * SPEC 4: a usable secret of `provider` (its active profile, or `profileId`). An OAuth access token that is
 * due (model/token-life.ts) is refreshed under the store's lock, after a re-read, so that any number of concurrent
 * callers make one refresh request between them.
 */
export async function getCredential(
  paths: AgentPaths,
  provider: string,
  profileId?: string,
  partial: Partial<CredentialDeps> = {},
): Promise<UsableCredential> {
  const deps = withDefaults(partial);
  // SPEC 11: source → usable? → refresh at the owner. A linked profile is read through from its holder.
  const { store, sources } = await readView(paths, viewOptionsOf(deps.warn, deps.env));
  const id = profileId ?? (await activeProfile(paths, store, provider, deps));
  const credential = store.profiles[id];
  if (!credential || credential.provider !== provider) {
    throw new UserError(t('cred.noProfile', { provider, id: printable(id), agent: paths.agentId, ids: listOrNone(profileIdsOf(store, provider)) }));
  }
  const source = own(sources, id);
  // The owner's store, its lock, its hold-off and re-login marks: one expiry, one request for every agent.
  if (source?.kind === 'inherited') return { ...(await getCredential(source.ownerPaths, provider, source.ownerId, partial)), profileId: id };
  if (source) return fromTool(paths, id, source, deps);
  assertNoRelogin(paths, store, id, provider);
  const now = deps.now();
  switch (credential.type) {
    case 'api_key':
      return usable(id, credential, false, undefined, await resolvedRef(paths, credential, deps));
    case 'token':
      if (credential.expires != null && credential.expires <= now) {
        const command = signInCommand(provider, { agent: paths.agentId, profileId: id });
        throw new UserError(t('cred.tokenExpired', { id, when: expiresIn(credential.expires, now), command }));
      }
      return usable(id, credential, false, undefined, await resolvedRef(paths, credential, deps));
    case 'oauth': {
      const plan = await refreshPlan(paths, credential, deps);
      if (!accessDue(credential, now) && !refused(credential, deps)) return usable(id, credential, false, plan.secretOf);
      if (!canRefresh(credential) || !plan.refresh) {
        throw new UserError(t('cred.cannotRefresh', { id, provider, command: signInCommand(provider, { agent: paths.agentId, profileId: id }) }));
      }
      // A transient failure moments ago holds off every refresh of this grant for a while (SPEC 4).
      assertNotHeldOff(store, id, now);
      return refreshOrWait(paths, id, credential, { ...deps, refresh: plan.refresh, ...(plan.secretOf ? { secretOf: plan.secretOf } : {}) });
    }
  }
}

/** SPEC 12: the secret a profile's reference points to, resolved at this use (never written back); undefined when it holds its own. */
async function resolvedRef(paths: AgentPaths, credential: Credential, deps: CredentialDeps): Promise<string | undefined> {
  const ref = refOf(credential);
  return ref ? resolveSecretRef(paths, ref, { env: deps.env, warn: deps.warn }) : undefined;
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
  const waitMs = deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
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
      if (performance.now() - started > waitMs) throw new StoreBusyError(paths.storeFile);
      const { store } = await readStore(paths, { warn: deps.warn });
      const mark = store.usageStats?.[id]?.reloginRequired;
      if (mark) throw new UserError(reloginMessage(paths, id, seen.provider, mark.reason, 'elsewhere'));
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
async function refreshPlan(
  paths: AgentPaths,
  signedIn: OAuthCredential,
  deps: CredentialDeps,
): Promise<{ refresh: CredentialDeps['refresh'] | null; secretOf?: (credential: OAuthCredential) => string }> {
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

function withDefaults(partial: Partial<CredentialDeps>): CredentialDeps {
  const env = partial.env ?? process.env;
  return {
    now: partial.now ?? Date.now,
    warn: partial.warn ?? warnOnStderr,
    env,
    refresh: partial.refresh ?? ((token, { lockLost }) => refreshOpenAICodex(token, { env, lockLost })),
    ...(partial.lockWaitMs === undefined ? {} : { lockWaitMs: partial.lockWaitMs }),
    ...(partial.refreshTimeoutMs === undefined ? {} : { refreshTimeoutMs: partial.refreshTimeoutMs }),
    ...(partial.answerLockWaitMs === undefined ? {} : { answerLockWaitMs: partial.answerLockWaitMs }),
    ...(partial.refusedAccess === undefined ? {} : { refusedAccess: partial.refusedAccess }),
    ...(partial.markHoldOff === undefined ? {} : { markHoldOff: partial.markHoldOff }),
  };
}

async function activeProfile(paths: AgentPaths, store: AuthProfiles, provider: string, deps: CredentialDeps): Promise<string> {
  const { authOrder } = await readConfig(paths.configFile, deps.warn);
  const active = orderProfiles(store, provider, authOrder, deps.now()).active;
  if (active) return active;
  // Signing in is suggested only for a provider that can sign in: an id that is not registered (a typo, or a
  // plugin's provider whose plugin is gone) is told so, with the nearest id when one is close.
  const registry = await loadRegistry(paths, { warn: deps.warn });
  const registered = registry.providers.map((p) => p.id);
  if (!registered.includes(provider)) {
    const stored = providersOf(store);
    if (!stored.includes(provider)) {
      throw unknownProviderError(provider, { agent: paths.agentId, registered, stored, failedPlugins: registry.errors.length });
    }
    const why = suggest(`models status --provider ${provider}`, { agent: paths.agentId });
    throw new UserError(t('cred.noActiveUnregistered', { provider, agent: paths.agentId, command: why }));
  }
  const login = signInCommand(provider, { agent: paths.agentId });
  throw new UserError(t('cred.noActive', { provider, agent: paths.agentId, command: login }));
}

function assertNoRelogin(paths: AgentPaths, store: AuthProfiles, id: string, provider: string): void {
  const mark = store.usageStats?.[id]?.reloginRequired;
  if (!mark) return;
  throw new UserError(reloginMessage(paths, id, provider, mark.reason, 'earlier'));
}

