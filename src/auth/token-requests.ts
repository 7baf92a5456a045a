import { AsyncLocalStorage } from 'node:async_hooks';
import { parseObject, readCapped, refuseRedirect, TOKEN_REQUEST_TIMEOUT_MS } from './token-http.js';

/**
 * SPEC 4's rules for every request to the token endpoint (refreshes and the sign-in's code exchange):
 * a deadline, an abort on cancel, a cap on the answer's size, and, for a refresh under the store lock,
 * the answer kept in memory so that a grant the server has rotated is never dropped.
 *
 * pi-ai calls the global fetch with no signal and reads the whole body itself, so this wraps the global
 * fetch once: a request to the token endpoint (and only that) runs under the scope of the call that made
 * it (`withTokenRequests`), found through AsyncLocalStorage. The wrapper wraps whatever fetch is current
 * (a test's redirect included) and is put back on top if someone replaced it since.
 */

export const TOKEN_ENDPOINT = 'https://auth.openai.com/oauth/token';
/**
 * After the lock is lost (or the deadline passed), an answer whose first bytes are here within this time is
 * still read. A process paused past the stale time (SIGSTOP, a closed lid) finds the server's answer in its
 * socket buffer when it wakes up, at the same moment as it learns the lock is gone: aborting then would drop
 * a grant the server has already rotated. An answer that has not begun within this time is aborted.
 */
export const LOST_LOCK_GRACE_MS = 250;

export const TIMEOUT_MESSAGE = 'the token request timed out';
export const TOO_LARGE_MESSAGE = 'the token endpoint answered with more than 64 KB';

export interface TokenRequestScope {
  timeoutMs?: number;
  /** Cancel (Ctrl+C, Esc): the request is aborted at once. */
  signal?: AbortSignal;
  /** The store lock was lost: the request is aborted unless its answer is arriving (see the grace). */
  lockLost?: AbortSignal;
  /** Each 2xx answer that is a JSON object, in memory only; it holds live tokens, so it is never logged. */
  onAnswer?: (body: Record<string, unknown>) => void;
}

const SHARED = Symbol.for('openclaw.tokenRequests');
const WRAPPED = Symbol.for('openclaw.tokenDeadline');
type Marked = typeof fetch & { [WRAPPED]?: true };

/** One scope store per process, shared by every bundle that carries a copy of this module (CLI, wizard). */
function scopes(): AsyncLocalStorage<TokenRequestScope> {
  const holder = globalThis as { [SHARED]?: AsyncLocalStorage<TokenRequestScope> };
  return (holder[SHARED] ??= new AsyncLocalStorage<TokenRequestScope>());
}

/** Runs `work` with its token requests under `scope` (and the wrapper installed). */
export function withTokenRequests<T>(scope: TokenRequestScope, work: () => Promise<T>): Promise<T> {
  guardTokenRequests();
  return scopes().run(scope, work);
}

/** Installs the wrapper on the global fetch (again, if something replaced it since). */
export function guardTokenRequests(): void {
  const current = globalThis.fetch as Marked;
  if (current[WRAPPED]) return;
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(TOKEN_ENDPOINT)) return guardedRequest(current, input, init, scopes().getStore() ?? {});
    if (OTHER_ENDPOINTS.some((endpoint) => endpoint.test(url))) return withoutRedirects(current, input, init);
    return current(input, init);
  }) as Marked;
  wrapped[WRAPPED] = true;
  globalThis.fetch = wrapped;
}

/**
 * The token and device endpoints of GitHub (and GitHub Enterprise hosts) that pi-ai's Copilot sign-in and
 * refresh call: no scope of ours, but the redirect rule all the same (SPEC 4).
 */
const OTHER_ENDPOINTS = [
  /^https:\/\/[^/?#]+\/login\/device\/code(?:[?#]|$)/,
  /^https:\/\/[^/?#]+\/login\/oauth\/access_token(?:[?#]|$)/,
  /^https:\/\/api\.[^/?#]+\/copilot_internal\/v2\/token(?:[?#]|$)/,
];

async function withoutRedirects(fetchNow: typeof fetch, input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
  const response = await fetchNow(input, { ...init, redirect: 'manual' });
  await refuseRedirect(response);
  return response;
}

async function guardedRequest(
  fetchNow: typeof fetch,
  input: string | URL | Request,
  init: RequestInit | undefined,
  scope: TokenRequestScope,
): Promise<Response> {
  const stop = new AbortController();
  const timers: ReturnType<typeof setTimeout>[] = [];
  const later = (ms: number, run: () => void) => void timers.push(setTimeout(run, ms));
  let answering = false;
  // A process that slept (SIGSTOP, a closed lid) wakes up to its overdue timers before it reads its
  // socket: an answer waiting there gets the grace before the deadline or a lost lock aborts it.
  const unlessAnswering = (reason: unknown) =>
    later(LOST_LOCK_GRACE_MS, () => {
      if (!answering) stop.abort(reason);
    });
  later(scope.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS, () => {
    const timeout = new DOMException(TIMEOUT_MESSAGE, 'TimeoutError');
    unlessAnswering(timeout);
    // An answer that had begun gets a little longer to finish, and no more.
    later(4 * LOST_LOCK_GRACE_MS, () => stop.abort(timeout));
  });
  const onCancel = () => stop.abort(scope.signal?.reason);
  const onLockLost = () => unlessAnswering(scope.lockLost?.reason);
  const signals = [stop.signal, init?.signal].filter((s): s is AbortSignal => s != null);
  try {
    // Cancelled, or the lock already lost: nothing is sent.
    if (scope.signal?.aborted) throw scope.signal.reason;
    if (scope.lockLost?.aborted) throw scope.lockLost.reason;
    scope.signal?.addEventListener('abort', onCancel, { once: true });
    scope.lockLost?.addEventListener('abort', onLockLost, { once: true });
    const response = await fetchNow(input, { ...init, redirect: 'manual', signal: signals.length > 1 ? AbortSignal.any(signals) : stop.signal });
    answering = true;
    await refuseRedirect(response);
    const bytes = await readCapped(response, stop.signal);
    if (bytes === null) throw new Error(TOO_LARGE_MESSAGE);
    if (response.ok && scope.onAnswer) {
      const body = parseObject(bytes);
      if (body) scope.onAnswer(body);
    }
    const nullBody = [101, 204, 205, 304].includes(response.status);
    return new Response(nullBody ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  } finally {
    for (const timer of timers) clearTimeout(timer);
    scope.signal?.removeEventListener('abort', onCancel);
    scope.lockLost?.removeEventListener('abort', onLockLost);
  }
}
