import type { Env } from '../base/io.js';
import { importPackage } from '../env/import.js';
import { installProxyFromEnv } from '../env/proxy.js';

export interface RefreshedTokens {
  access: string;
  refresh: string;
  expires: number;
  accountId: string;
}

/**
 * How long one refresh request may take. The refresh runs under the store lock and other processes wait
 * for that lock up to 30 s (src/store/store.ts), so it must give up well before they do.
 */
export const REFRESH_TIMEOUT_MS = 20_000;

const TOKEN_ENDPOINT = 'https://auth.openai.com/oauth/token';
const DEADLINE = Symbol.for('openclaw.tokenDeadline');
let timeoutMs = REFRESH_TIMEOUT_MS;

/**
 * pi-ai's refresh calls the global fetch with no signal, so a silent endpoint would hold the lock (and
 * keep the process alive) for Node's default of 5 minutes. This wraps the global fetch once so that a
 * request to the token endpoint, and only that, is aborted after `timeoutMs`. It wraps whatever fetch is
 * current (a test's redirect included) and is put back on top if someone replaced it since.
 */
function ensureTokenDeadline(): void {
  const current = globalThis.fetch as typeof fetch & { [DEADLINE]?: true };
  if (current[DEADLINE]) return;
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(TOKEN_ENDPOINT)) return current(input, init);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return current(input, { ...init, signal });
  }) as typeof fetch & { [DEADLINE]?: true };
  wrapped[DEADLINE] = true;
  globalThis.fetch = wrapped;
}

/**
 * The OpenAI Codex refresh through pi-ai, with the user's proxy settings and a deadline. Errors are pi-ai's
 * (see refresh-errors.ts); its messages carry the endpoint's whole body, so callers must never show them raw.
 */
export async function refreshOpenAICodex(
  refreshToken: string,
  options: { env: Env; timeoutMs?: number },
): Promise<RefreshedTokens> {
  await installProxyFromEnv(options.env);
  timeoutMs = options.timeoutMs ?? REFRESH_TIMEOUT_MS;
  ensureTokenDeadline();
  const { refreshOpenAICodexToken } = await importPackage<typeof import('@mariozechner/pi-ai/oauth')>(
    '@mariozechner/pi-ai/oauth',
  );
  const tokens = await refreshOpenAICodexToken(refreshToken);
  // pi-ai throws when the access token names no account, so this holds; its type does not say so.
  return { access: tokens.access, refresh: tokens.refresh, expires: tokens.expires, accountId: String(tokens.accountId) };
}
