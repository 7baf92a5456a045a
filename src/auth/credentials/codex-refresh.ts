import { t } from '../../base/i18n/index.js';
import type { Env } from '../../base/io.js';
import { importPackage } from '../../env/import.js';
import { installProxyFromEnv } from '../../env/proxy.js';
import { checkedAccountId } from '../../model/account.js';
import { accountIdOf } from '../jwt-claims.js';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../token-http.js';
import { withTokenRequests } from '../token-requests.js';

/** The provider whose grant this project refreshes itself, through pi-ai (SPEC 4). */
export const CODEX_PROVIDER = 'openai-codex';

export interface RefreshedTokens {
  access: string;
  refresh: string;
  expires: number;
  /** Absent when the access token names no (valid) account: the stored one is kept (SPEC 4). */
  accountId?: string;
  /** The other fields a provider method's refresh returned (kept in the profile, SPEC 8). */
  fields?: Record<string, unknown>;
}

export interface RefreshOptions {
  env: Env;
  timeoutMs?: number;
  /** The store lock was lost: the request is aborted unless its answer is already arriving. */
  lockLost?: AbortSignal;
}


/**
 * The token endpoint rotated the grant (answered 2xx with a new refresh token) but the rest of its answer
 * cannot be used. The new refresh token is the only live one now: it must be stored all the same.
 */
export class RotatedGrantError extends Error {
  constructor(readonly refresh: string) {
    super(t('refresh.rotatedNoAccess'));
    this.name = 'RotatedGrantError';
  }
}


/**
 * The OpenAI Codex refresh through pi-ai, with the user's proxy settings and SPEC 4's request rules. Errors
 * are pi-ai's (see refresh-errors.ts; its messages carry the endpoint's whole body, so callers must never
 * show them raw) or a RotatedGrantError. pi-ai throws after the server has rotated the grant when the access
 * token names no account; the answer captured on the way in is used then, with no account id.
 */
export async function refreshOpenAICodex(refreshToken: string, options: RefreshOptions): Promise<RefreshedTokens> {
  await installProxyFromEnv(options.env);
  const { refreshOpenAICodexToken } = await importPackage<typeof import('@mariozechner/pi-ai/oauth')>(
    '@mariozechner/pi-ai/oauth',
  );
  const seen: { answer?: Record<string, unknown> } = {};
  const scope = {
    timeoutMs: options.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS,
    ...(options.lockLost ? { lockLost: options.lockLost } : {}),
    onAnswer: (body: Record<string, unknown>) => {
      seen.answer = body;
    },
  };
  try {
    const tokens = await withTokenRequests(scope, () => refreshOpenAICodexToken(refreshToken));
    return withAccount({ access: tokens.access, refresh: tokens.refresh, expires: tokens.expires }, tokens.accountId);
  } catch (error) {
    const rotated = seen.answer ? fromAnswer(seen.answer) : null;
    if (!rotated) throw error;
    return rotated;
  }
}

/** What a 2xx answer that pi-ai refused still gives: tokens without an account, or only a refresh token. */
function fromAnswer(body: Record<string, unknown>): RefreshedTokens | null {
  const { refresh_token: refresh, access_token: access, expires_in: expiresIn } = body;
  if (typeof refresh !== 'string' || refresh.length === 0) return null;
  if (typeof access !== 'string' || access.length === 0 || typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
    throw new RotatedGrantError(refresh);
  }
  return withAccount({ access, refresh, expires: Date.now() + expiresIn * 1000 }, accountIdOf(access));
}

function withAccount(tokens: RefreshedTokens, accountId: unknown): RefreshedTokens {
  const checked = checkedAccountId(accountId);
  return checked === null ? tokens : { ...tokens, accountId: checked };
}

