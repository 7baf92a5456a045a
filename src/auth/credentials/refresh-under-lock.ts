import { UserError } from '../../base/errors.js';
import { isTokenText } from '../../base/text.js';
import { t } from '../../base/i18n/index.js';
import type { AgentPaths } from '../../env/paths.js';
import { ProxyConfigError } from '../../env/proxy.js';
import { signInCommand } from '../../model/commands.js';
import { withObtained } from '../../model/token-life.js';
import { schemas, type AuthProfiles, type OAuthCredential } from '../../model/schema.js';
import { LockLostError, StoreBusyError, StoreIoError } from '../../store/errors.js';
import { clearGrantMarks, markRelogin } from '../../store/profiles.js';
import { readStore, updateStore } from '../../store/store.js';
import { RotatedGrantError, type RefreshedTokens } from './codex-refresh.js';
import { classifyRefreshError, type RefreshFailure } from './refresh-errors.js';
import {
  heldOffError,
  heldUntil,
  holdOff,
  REFRESH_WAIT_MS,
  reloginMessage,
  retryIn,
  refused,
  usable,
  usableAsFound,
  type CredentialDeps,
  type RefusedWhen,
  type UsableCredential,
} from './refresh-rules.js';

/** What happened under the lock; errors are thrown after the store is written (a throw inside writes nothing). */
type Outcome =
  | { kind: 'ready'; credential: OAuthCredential; refreshed: boolean }
  | { kind: 'gone' }
  | { kind: 'relogin'; reason: string; when: RefusedWhen }
  | { kind: 'changed' }
  | { kind: 'held'; retryAt: number }
  | { kind: 'rotated' }
  | { kind: 'failed'; failure: Exclude<RefreshFailure, { kind: 'permanent' }>; retryAt: number };

/** What the token endpoint answered, kept in memory until it is on disk. */
type Answer = { kind: 'tokens'; tokens: RefreshedTokens } | { kind: 'rotated'; refresh: string };

/**
 * How long to let a lock settle before a refresh is sent under it: proper-lockfile's takeover of a stale
 * lock is not atomic, so two processes can both take a dead holder's lock over (the second removing the
 * first's directory). The first finds out within this time that the directory is not its own any more.
 */
export const LOCK_SETTLE_MS = 50;

/**
 * SPEC 4 under the store lock: re-read; use another process's result; respect the hold-off; else send one
 * refresh and write what it gives. An answer that rotated the grant is always written, if need be after
 * taking the lock again (it was lost while the request was in flight).
 */
export async function refreshUnderLock(paths: AgentPaths, id: string, seen: OAuthCredential, deps: CredentialDeps): Promise<UsableCredential> {
  // Set inside the change; read after it when the lock was lost.
  const flight: { sent?: string; answer?: Answer } = {};
  let result: Outcome;
  try {
    ({ result } = await updateStore<Outcome>(
      paths,
      async (draft, lock) => {
        const current = draft.profiles[id];
        if (!current || current.type !== 'oauth' || current.provider !== seen.provider) return { kind: 'gone' };
        const mark = draft.usageStats?.[id]?.reloginRequired;
        if (mark) return { kind: 'relogin', reason: mark.reason, when: 'elsewhere' };
        // Another process refreshed while this one waited for the lock.
        if (usableAsFound(seen.refresh, current, deps.now()) && !refused(current, deps)) return { kind: 'ready', credential: current, refreshed: false };
        const retryAt = heldUntil(draft, id, deps.now());
        if (retryAt !== null) return { kind: 'held', retryAt };
        // Not ours after all: nothing is sent (the lock is lost, and a waiter sees the other's result).
        await new Promise((settled) => setTimeout(settled, LOCK_SETTLE_MS));
        if (!(await lock.isOurs())) throw lock.signal.reason;
        // A full disk fails here, before the server rotates a grant whose answer could then not be saved.
        await lock.reserve();

        flight.sent = current.refresh;
        let answer: Answer;
        try {
          answer = { kind: 'tokens', tokens: await deps.refresh(current.refresh, { lockLost: lock.signal, credential: current }) };
        } catch (error) {
          if (error instanceof RotatedGrantError) answer = { kind: 'rotated', refresh: error.refresh };
          else if (lock.signal.aborted) throw lock.signal.reason;
          // A proxy setting that cannot be used: nothing was sent, so nothing to hold off (nothing is written).
          else if (error instanceof ProxyConfigError) throw error;
          else return afterFailure(paths, draft, id, current, classifyRefreshError(error, [current.refresh, current.access]), deps);
        }
        flight.answer = answer;
        // Nothing is written under a lock that is not ours any more; the answer is written after re-taking it.
        if (lock.signal.aborted) throw lock.signal.reason;
        return apply(draft, id, current, answer, deps.now(), deps.markHoldOff);
      },
      { warn: deps.warn, now: deps.now, ...(deps.lockWaitMs === undefined ? {} : { lockWaitMs: deps.lockWaitMs }) },
    ));
  } catch (error) {
    // The space was reserved, and the store's write failed all the same: the server holds a grant the disk does not.
    if (error instanceof StoreIoError && error.file === paths.storeFile && flight.answer !== undefined) {
      throw new UserError(t('refresh.answerLost', { id, problem: error.problem, command: signInCommand(seen.provider, { agent: paths.agentId, profileId: id }) }));
    }
    if (!(error instanceof LockLostError) || flight.sent === undefined) throw error;
    result = await afterLostLock(paths, id, seen.provider, flight.sent, flight.answer ?? null, deps);
  }
  return settle(paths, id, seen, result, deps);
}

/**
 * Writes an answer into the draft: all of it, or only the refresh token when that is all that is usable
 * (an answer the store would refuse, such as an `expires` that is no time, must not cost the rotated grant).
 */
function apply(draft: AuthProfiles, id: string, current: OAuthCredential, answer: Answer, now: number, markHoldOff = true): Outcome {
  const refresh = answer.kind === 'rotated' ? answer.refresh : answer.tokens.refresh;
  // Tokens from a server get a pasted token's rule: one that holds anything else is not stored (or shown).
  const refreshOk = isTokenText(refresh);
  let fresh: OAuthCredential | null = null;
  if (answer.kind === 'tokens') {
    const { access, expires, accountId } = answer.tokens;
    // Spread first: fields this project does not know (email, …) are kept; so is the account id when the
    // answer names none that is valid.
    fresh = withObtained<OAuthCredential>({ ...current, ...answer.tokens.fields, type: 'oauth', provider: current.provider, access, refresh, expires }, now);
    if (accountId !== undefined) fresh.accountId = accountId;
    if (!(refreshOk && isTokenText(access) && Number.isFinite(expires) && expires >= 0 && schemas().oauthCredential.safeParse(fresh).success)) fresh = null;
  }
  // Unusable, and no new refresh token: the grant did not rotate; nothing to write but the hold-off.
  if (!fresh && (!refreshOk || refresh === current.refresh)) {
    return { kind: 'failed', failure: { kind: 'refused', detail: t('refresh.noTokens') }, retryAt: holdOff(draft, id, now, markHoldOff) };
  }
  clearGrantMarks(draft, id);
  if (fresh) {
    draft.profiles[id] = fresh;
    return { kind: 'ready', credential: fresh, refreshed: true };
  }
  draft.profiles[id] = { ...current, refresh };
  return { kind: 'rotated' };
}

function afterFailure(
  paths: AgentPaths,
  draft: AuthProfiles,
  id: string,
  sent: OAuthCredential,
  failure: RefreshFailure,
  deps: CredentialDeps,
): Outcome | Promise<Outcome> {
  if (failure.kind === 'permanent') return afterPermanentFailure(paths, draft, id, sent, failure.reason, deps);
  // Refused too: each waiting process would otherwise send the same request, to the same answer.
  return { kind: 'failed', failure, retryAt: holdOff(draft, id, deps.now(), deps.markHoldOff) };
}

/**
 * The lock was lost while the refresh was in flight (this process was paused past the stale time and
 * another took over). An answer that came anyway is written now, under the lock again, if the refresh token
 * on disk is still the one that was sent: then it is the only live one, and a re-login mark set meanwhile
 * (the other process sent the same, spent, token) is wrong. Without an answer, another process's result is
 * used when there is one.
 */
async function afterLostLock(paths: AgentPaths, id: string, provider: string, sent: string, answer: Answer | null, deps: CredentialDeps): Promise<Outcome> {
  if (answer === null) {
    const { store } = await readStore(paths, { warn: deps.warn });
    const there = store.profiles[id];
    if (there?.type === 'oauth' && there.refresh !== sent && usableAsFound(sent, there, deps.now())) {
      return { kind: 'ready', credential: there, refreshed: false };
    }
    throw new UserError(t('refresh.lockLost', { id, file: paths.storeFile }));
  }
  const kept = answer;
  for (let attempt = 1; ; attempt++) {
    try {
      const { result } = await updateStore<Outcome>(
        paths,
        (draft) => {
          const current = draft.profiles[id];
          if (current?.type === 'oauth' && current.refresh === sent) return apply(draft, id, current, kept, deps.now(), deps.markHoldOff);
          // Replaced meanwhile (a new sign-in): what is there wins; used when it is good.
          if (current?.type === 'oauth' && usableAsFound(sent, current, deps.now())) return { kind: 'ready', credential: current, refreshed: false };
          return { kind: 'changed' };
        },
        { warn: deps.warn, now: deps.now, lockWaitMs: deps.answerLockWaitMs ?? REFRESH_WAIT_MS },
      );
      return result;
    } catch (error) {
      // A busy store must not reach refreshOrWait, which would wait, drop the answer and maybe send the
      // spent token again: the answer is written, or the user is told it could not be.
      if (!(error instanceof StoreBusyError)) throw error;
      if (attempt >= 3) throw new UserError(t('refresh.unsaved', { id, file: paths.storeFile, command: signInCommand(provider, { agent: paths.agentId, profileId: id }) }));
    }
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
  markRelogin(draft, id, reason, deps.now());
  return { kind: 'relogin', reason, when: 'now' };
}

function settle(paths: AgentPaths, id: string, seen: OAuthCredential, result: Outcome, deps: CredentialDeps): UsableCredential {
  const now = deps.now();
  const relogin = signInCommand(seen.provider, { agent: paths.agentId, profileId: id });
  switch (result.kind) {
    case 'ready':
      return usable(id, result.credential, result.refreshed, deps.secretOf);
    case 'gone':
      throw new UserError(t('refresh.gone', { id }));
    case 'relogin':
      throw new UserError(reloginMessage(paths, id, seen.provider, result.reason, result.when));
    case 'changed':
      throw new UserError(t('refresh.changed', { id }));
    case 'held':
      throw heldOffError(id, result.retryAt, now);
    case 'rotated':
      throw new UserError(t('refresh.rotated', { id }));
    case 'failed':
      throw new UserError(
        result.failure.kind === 'transient'
          ? t('refresh.transient', { id, detail: result.failure.detail, when: retryIn(result.retryAt, now) })
          : t('refresh.refused', { id, detail: result.failure.detail, when: retryIn(result.retryAt, now), command: relogin }),
      );
  }
}
