import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { AgentPaths } from '../../env/paths.js';
import { suggest } from '../../model/commands.js';
import { accessDue } from '../../model/token-life.js';
import { own, type OAuthCredential } from '../../model/schema.js';
import { StoreBusyError } from '../../store/errors.js';
import { readClaudeLogin, readCodexLogin, writeCodexTokens, type ForeignProblem } from '../../store/external.js';
import { clearGrantMarks, markRelogin } from '../../store/profiles.js';
import { busyAfter, lockLooksHeld, readStore, updateStore } from '../../store/store.js';
import { RotatedGrantError } from './codex-refresh.js';
import { classifyRefreshError } from './refresh-errors.js';
import { assertNoRelogin, assertNotHeldOff, heldOffError, heldUntil, holdOff, REFRESH_WAIT_MS, reloginMessage, retryIn, usable, type CredentialDeps, type UsableCredential } from './refresh-rules.js';
import { LOCK_SETTLE_MS } from './refresh-under-lock.js';
import { watchStore } from './store-watch.js';
import { codexCredential, type Source } from './sources.js';

const PROBLEM = { missing: 'tools.missing', foreign: 'tools.foreign', malformed: 'tools.malformed', 'not-chatgpt': 'tools.not-chatgpt', gone: 'tools.malformed', unreadable: 'tools.malformed' } as const;

/** A tool's file that cannot be used, said plainly; it is never written. */
export function toolProblem(tool: 'codex-cli' | 'claude-cli', file: string, problem: ForeignProblem | 'gone' | 'unreadable'): string {
  return t(PROBLEM[problem], { tool: tool === 'codex-cli' ? 'Codex CLI' : 'Claude Code', file });
}

/** SPEC 11: a profile whose credential is another tool's file. */
export async function fromTool(paths: AgentPaths, id: string, source: Exclude<Source, { kind: 'inherited' }>, deps: CredentialDeps): Promise<UsableCredential> {
  if (source.kind === 'claude-cli') return fromClaude(paths, id, source.file, deps);
  return fromCodex(paths, id, source.file, deps);
}

/** Claude Code's access token while it is valid; never refreshed here (Claude Code does that), never written. */
async function fromClaude(paths: AgentPaths, id: string, file: string, deps: CredentialDeps): Promise<UsableCredential> {
  const login = await readClaudeLogin(file);
  if (!login.ok) throw new UserError(toolProblem('claude-cli', file, login.problem));
  const { access, expires } = login.value;
  if (expires !== null && expires <= deps.now()) {
    throw new UserError(t('tools.claudeExpired', { id, file, command: suggest('models auth setup-token --provider anthropic', { agent: paths.agentId }) }));
  }
  return usable(id, { type: 'token', provider: 'anthropic', token: access, ...(expires === null ? {} : { expires }) }, false);
}

const WATCH_FALLBACK_MS = 250;

async function codexNow(id: string, file: string): Promise<OAuthCredential> {
  const login = await readCodexLogin(file);
  if (!login.ok) throw new UserError(toolProblem('codex-cli', file, login.problem));
  return codexCredential(login.value) as OAuthCredential;
}

/**
 * Codex CLI's grant, shared: its access token while fresh; else a refresh under this agent's lock (Codex
 * takes no lock of ours, so its file is read again under it), written back into Codex's file. Waiters watch
 * Codex's file for the holder's write instead of queueing for the lock.
 */
async function fromCodex(paths: AgentPaths, id: string, file: string, deps: CredentialDeps): Promise<UsableCredential> {
  const started = performance.now();
  const watcher = watchStore(file);
  try {
    for (;;) {
      const current = await codexNow(id, file);
      if (!accessDue(current, deps.now())) return usable(id, current, false);
      const { store } = await readStore(paths, { warn: deps.warn });
      assertNoRelogin(paths, store, id, current.provider, 'earlier');
      assertNotHeldOff(store, id, deps.now());
      if (!(await lockLooksHeld(paths.storeFile))) {
        try {
          return await refreshCodexUnderLock(paths, id, file, deps);
        } catch (error) {
          if (!(error instanceof StoreBusyError)) throw error;
        }
      }
      const waitMs = deps.lockWaitMs ?? REFRESH_WAIT_MS;
      if (performance.now() - started > waitMs) throw await busyAfter(paths.storeFile, waitMs);
      await watcher.next(WATCH_FALLBACK_MS);
    }
  } finally {
    watcher.close();
  }
}

type Outcome =
  | { kind: 'ready'; credential: OAuthCredential; refreshed: boolean }
  | { kind: 'relogin'; reason: string }
  | { kind: 'held'; retryAt: number }
  | { kind: 'failed'; transient: boolean; detail: string; retryAt: number };

async function refreshCodexUnderLock(paths: AgentPaths, id: string, file: string, deps: CredentialDeps): Promise<UsableCredential> {
  const { result } = await updateStore<Outcome>(
    paths,
    async (draft, lock) => {
      // Codex may have refreshed meanwhile: its tokens are taken instead of refreshing (SPEC 11).
      const current = await codexNow(id, file);
      if (!accessDue(current, deps.now())) return { kind: 'ready', credential: current, refreshed: false };
      const mark = own(draft.usageStats, id)?.reloginRequired;
      if (mark) return { kind: 'relogin', reason: mark.reason };
      const retryAt = heldUntil(draft, id, deps.now());
      if (retryAt !== null) return { kind: 'held', retryAt };
      await new Promise((settled) => setTimeout(settled, LOCK_SETTLE_MS));
      if (!(await lock.isOurs())) throw lock.signal.reason;
      try {
        const tokens = await deps.refresh(current.refresh, { lockLost: lock.signal, credential: current });
        // The rotated grant goes back into Codex's file first: it is the one holder of the refresh token.
        await writeCodexTokens(file, { access: tokens.access, refresh: tokens.refresh }, deps.now());
        clearGrantMarks(draft, id);
        return { kind: 'ready', credential: { ...current, access: tokens.access, refresh: tokens.refresh, expires: tokens.expires }, refreshed: true };
      } catch (error) {
        if (error instanceof RotatedGrantError) {
          await writeCodexTokens(file, { access: current.access, refresh: error.refresh }, deps.now());
          return { kind: 'failed', transient: false, detail: t('refresh.noTokens'), retryAt: holdOff(draft, id, deps.now(), deps.markHoldOff) };
        }
        const failure = classifyRefreshError(error, [current.refresh, current.access]);
        if (failure.kind === 'permanent') {
          // Codex may have written fresh tokens while ours was refused: those are used.
          const again = await codexNow(id, file);
          if (again.refresh !== current.refresh && again.expires > deps.now()) return { kind: 'ready', credential: again, refreshed: false };
          markRelogin(draft, id, failure.reason, deps.now());
          return { kind: 'relogin', reason: failure.reason };
        }
        return { kind: 'failed', transient: failure.kind === 'transient', detail: failure.detail, retryAt: holdOff(draft, id, deps.now(), deps.markHoldOff) };
      }
    },
    { warn: deps.warn, now: deps.now, lockWaitMs: 1 },
  );
  const now = deps.now();
  switch (result.kind) {
    case 'ready':
      return usable(id, result.credential, result.refreshed);
    case 'relogin':
      throw new UserError(reloginMessage(paths, id, 'openai-codex', result.reason, 'now'));
    case 'held':
      throw heldOffError(id, result.retryAt, now);
    case 'failed':
      throw new UserError(
        result.transient
          ? t('refresh.transient', { id, detail: result.detail, when: retryIn(result.retryAt, now) })
          : t('refresh.refused', { id, detail: result.detail, when: retryIn(result.retryAt, now), command: suggest('models auth login --provider openai-codex --method codex-cli', { agent: paths.agentId }) }),
      );
  }
}
