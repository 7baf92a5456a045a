// A local stand-in for each built-in provider's probe endpoint (issue 21), on 127.0.0.1: Anthropic's
// models list, OpenAI's models list, OpenRouter's key info, ChatGPT's usage (wham/usage) and GitHub
// Copilot's token endpoint, each at the path the real one has, under a prefix per host (see PROBE_HOSTS).
// What it answers is chosen by the secret sent, so one stand-in serves profiles that behave differently
// in one run: a secret containing "refused" → 401, "forbidden" → 403, "billing" → 402, "limited" → 429 with
// Retry-After, "broken" → 500, "silent" → no answer for 30 s; anything else → 200 with a body shaped like the
// real one. Anthropic is strict as the real API is: a setup-token must come as a bearer token with the
// oauth beta flag, an API key as x-api-key; otherwise 401. Plain JS so a spawned CLI can preload it
// (test/support/redirect-probes.mjs). Never shipped.
import http from 'node:http';

/** [real origin, path prefix at the stand-in] */
export const PROBE_HOSTS = [
  ['https://api.anthropic.com/', 'anthropic/'],
  ['https://api.openai.com/', 'openai/'],
  ['https://openrouter.ai/', 'openrouter/'],
  ['https://chatgpt.com/', 'chatgpt/'],
  ['https://api.github.com/', 'github-api/'],
];

/** A ChatGPT usage answer shaped as codex-rs's RateLimitStatusPayload (reset_at in Unix seconds). */
export function usageAnswer(nowMs = Date.now()) {
  const now = Math.floor(nowMs / 1000);
  return {
    user_id: 'user-standin',
    account_id: 'acct-standin',
    email: 'standin@example.test',
    plan_type: 'plus',
    rate_limit: {
      allowed: true,
      limit_reached: false,
      primary_window: { used_percent: 42, limit_window_seconds: 18_000, reset_after_seconds: 3 * 3600, reset_at: now + 3 * 3600 },
      secondary_window: { used_percent: 7, limit_window_seconds: 604_800, reset_after_seconds: 5 * 86_400, reset_at: now + 5 * 86_400 },
    },
    credits: { has_credits: false, unlimited: false, balance: '0' },
  };
}

export async function startProbeStandin() {
  /** @type {{ path: string, headers: Record<string, string | string[] | undefined> }[]} */
  const seen = [];
  const held = new Set();
  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    seen.push({ path: url.pathname, headers: req.headers });
    const auth = String(req.headers.authorization ?? '');
    const apiKey = String(req.headers['x-api-key'] ?? '');
    const secret = auth.replace(/^(Bearer|token) /, '') || apiKey;
    if (secret.includes('silent')) {
      // Says nothing for 30 s, then hangs up: the probe's 5 s deadline must cut it.
      held.add(res);
      const timer = setTimeout(() => res.destroy(), 30_000);
      res.on('close', () => (clearTimeout(timer), held.delete(res)));
      return;
    }
    const error = { error: { type: 'error', message: 'stand-in' } };
    if (secret === '' || secret.includes('refused')) return json(res, 401, { error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    if (secret.includes('forbidden')) return json(res, 403, { error: { type: 'permission_error', message: 'forbidden' } });
    if (secret.includes('billing')) return json(res, 402, error);
    if (secret.includes('limited')) return json(res, 429, { error: { type: 'rate_limit_error', message: 'slow down' } }, { 'retry-after': '120' });
    if (secret.includes('broken')) return json(res, 500, error);
    switch (url.pathname) {
      case '/anthropic/v1/models': {
        const setupToken = secret.startsWith('sk-ant-oat01-');
        const right = setupToken
          ? auth.startsWith('Bearer ') && String(req.headers['anthropic-beta'] ?? '').includes('oauth-2025-04-20')
          : apiKey !== '' && auth === '';
        if (!right || !req.headers['anthropic-version']) return json(res, 401, { error: { type: 'authentication_error', message: 'wrong scheme' } });
        return json(res, 200, { data: [{ id: 'claude-standin', type: 'model', display_name: 'Claude (stand-in)', created_at: '2026-01-01T00:00:00Z' }], has_more: true, first_id: 'claude-standin', last_id: 'claude-standin' });
      }
      case '/openai/v1/models':
        return json(res, 200, { object: 'list', data: [{ id: 'gpt-standin', object: 'model', created: 0, owned_by: 'openai' }] });
      case '/openrouter/api/v1/key':
        return json(res, 200, { data: { label: 'sk-or-v1-sta...din', limit: 100, usage: 25.5, limit_remaining: 74.5, limit_reset: 'monthly', is_free_tier: false } });
      case '/chatgpt/backend-api/wham/usage':
        return json(res, 200, usageAnswer());
      case '/github-api/copilot_internal/v2/token':
        return json(res, 200, { token: 'tid=standin;exp=1', expires_at: Math.floor(Date.now() / 1000) + 1800, refresh_in: 1500 });
      default:
        return json(res, 404, { error: 'not found' });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}

/** A loopback address where nothing listens (a port bound, then let go): a connection there is refused. */
export async function refusedUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
