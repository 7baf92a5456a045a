import type { ProbeCredential, ProbeRequest, Quota } from './types.js';

/**
 * OpenRouter's key-info endpoint: `GET https://openrouter.ai/api/v1/key` with `Authorization: Bearer <key>`,
 * "information on the API key associated with the current authentication session". Source:
 * https://openrouter.ai/docs/api/api-reference/api-keys/get-current-key. Its answer is
 * `{"data": {"limit": 100 | null, "usage": 25.5, "limit_remaining": 74.5 | null, "limit_reset": "monthly" | null, …}}`
 * (US dollars; a null limit is a key without a credit limit).
 */
export const OPENROUTER_KEY_URL = 'https://openrouter.ai/api/v1/key';

export function openrouterProbe(credential: ProbeCredential): ProbeRequest {
  return { url: OPENROUTER_KEY_URL, headers: { authorization: `Bearer ${credential.secret}` }, readQuota: openrouterCredit };
}

const money = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function openrouterCredit(body: Record<string, unknown>): Quota | null {
  const data = body.data;
  if (typeof data !== 'object' || data === null) return null;
  const { limit, usage, limit_remaining: remaining, limit_reset: reset } = data as Record<string, unknown>;
  return {
    credit: {
      limit: money(limit),
      used: money(usage),
      remaining: money(remaining),
      // A word such as "monthly": shown, so kept to a short plain word.
      resets: typeof reset === 'string' && /^[a-z_-]{1,20}$/i.test(reset) ? reset : null,
    },
  };
}
