import type { ProbeCredential, ProbeRequest, Quota, UsageWindow } from './types.js';

/**
 * A ChatGPT sign-in is checked where the Codex CLI reads its usage windows: `GET
 * https://chatgpt.com/backend-api/wham/usage` with `Authorization: Bearer <access token>` and
 * `ChatGPT-Account-Id`. Source: openai/codex, codex-rs/backend-client/src/client.rs, `get_rate_limits_many`
 * (`{base_url}/wham/usage` for the ChatGPT path style, base https://chatgpt.com/backend-api; headers from
 * `headers()`), and its `RateLimitStatusPayload` (codex-rs/backend-client/src/types.rs):
 * `{"plan_type", "rate_limit": {"primary_window": {"used_percent", "limit_window_seconds",
 * "reset_after_seconds", "reset_at"}, "secondary_window": {…}}, "credits": {…}}`, `reset_at` in Unix seconds.
 */
export const CHATGPT_USAGE_URL = 'https://chatgpt.com/backend-api/wham/usage';

export function codexProbe(credential: ProbeCredential): ProbeRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${credential.secret}`, accept: 'application/json', 'user-agent': 'codex-cli' };
  if (credential.accountId) headers['chatgpt-account-id'] = credential.accountId;
  return { url: CHATGPT_USAGE_URL, headers, readQuota: usageWindows };
}

const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function windowOf(name: UsageWindow['name'], raw: unknown): UsageWindow | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { used_percent: used, limit_window_seconds: seconds, reset_at: resetAt } = raw as Record<string, unknown>;
  const usedPercent = finite(used);
  if (usedPercent === null) return null;
  const windowSeconds = finite(seconds);
  const reset = finite(resetAt);
  return {
    name,
    usedPercent: Math.max(0, Math.min(100, usedPercent)),
    // As codex-rs rounds it: whole minutes, up.
    windowMinutes: windowSeconds !== null && windowSeconds > 0 ? Math.ceil(windowSeconds / 60) : null,
    resetsAt: reset !== null && reset > 0 ? reset * 1000 : null,
  };
}

export function usageWindows(body: Record<string, unknown>): Quota | null {
  const limits = body.rate_limit;
  const windows =
    typeof limits === 'object' && limits !== null
      ? [windowOf('primary', (limits as Record<string, unknown>).primary_window), windowOf('secondary', (limits as Record<string, unknown>).secondary_window)].filter(
          (w): w is UsageWindow => w !== null,
        )
      : [];
  const plan = typeof body.plan_type === 'string' && /^[a-z0-9_-]{1,32}$/i.test(body.plan_type) ? body.plan_type : undefined;
  if (windows.length === 0 && plan === undefined) return null;
  return { ...(plan === undefined ? {} : { plan }), windows };
}
